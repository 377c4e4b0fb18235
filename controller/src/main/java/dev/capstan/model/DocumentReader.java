package dev.capstan.model;

import dev.capstan.model.ParsedDocument.Kind;
import dev.capstan.model.ParsedDocument.Reference;
import dev.capstan.model.YamlNode.Mapping;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Reads one document: its apiVersion, kind and metadata, then its spec by kind. */
final class DocumentReader {

  static final String API_VERSION = "capstan.dev/v1alpha1";

  private static final Set<String> TOP = Set.of("apiVersion", "kind", "metadata", "spec", "status");
  // All of Kubernetes' ObjectMeta, so that `kubectl get -o yaml` output reads back.
  private static final Set<String> METADATA =
      Set.of(
          "name",
          "namespace",
          "labels",
          "annotations",
          "generateName",
          "uid",
          "resourceVersion",
          "generation",
          "creationTimestamp",
          "deletionTimestamp",
          "deletionGracePeriodSeconds",
          "finalizers",
          "ownerReferences",
          "managedFields",
          "selfLink");
  private static final List<String> KINDS =
      Arrays.stream(Kind.values()).map(Kind::spelling).toList();

  private DocumentReader() {}

  /** The document's name and resource, or empty when it has no usable kind or name. */
  static Optional<ParsedDocument> read(YamlNode document, Problems problems, Path baseDir) {
    if (!(document instanceof Mapping mapping)) {
      problems.add(
          document.at(),
          null,
          "a document must be a mapping with apiVersion, kind, metadata and spec, not "
              + document.describe());
      return Optional.empty();
    }
    MapReader root = MapReader.root(problems, mapping);
    root.allowOnly(TOP);
    root.requiredString("apiVersion", DocumentReader::apiVersion);
    Kind kind = root.requiredString("kind", DocumentReader::kind);
    MapReader metadata = root.requiredMapping("metadata");
    String name = metadata == null ? null : name(metadata);
    MapReader spec = root.requiredMapping("spec");
    if (kind == null || name == null) {
      return Optional.empty();
    }
    ParsedDocument parsed =
        new ParsedDocument(
            kind, name, problems.file(), metadata.valueAt("name"), null, null, List.of());
    return Optional.of(spec == null ? parsed : withSpec(parsed, spec, baseDir));
  }

  private static ParsedDocument withSpec(ParsedDocument parsed, MapReader spec, Path baseDir) {
    String name = parsed.name();
    if (parsed.kind() == Kind.APPLICATION) {
      Application application = new Application(name, ApplicationReader.read(spec), baseDir);
      return new ParsedDocument(
          parsed.kind(), name, parsed.file(), parsed.nameAt(), application, null, List.of());
    }
    Environment environment = new Environment(name, EnvironmentReader.read(spec), baseDir);
    String applicationName = environment.spec().application();
    Reference reference =
        applicationName == null
            ? null
            : new Reference(applicationName, spec.valueAt("application"));
    return new ParsedDocument(
        parsed.kind(),
        name,
        parsed.file(),
        parsed.nameAt(),
        environment,
        reference,
        spec.itemsAt("hosts"));
  }

  private static String name(MapReader metadata) {
    metadata.allowOnly(METADATA);
    return metadata.requiredString("name", ResourceNames::label);
  }

  private static String apiVersion(String apiVersion) {
    if (!apiVersion.equals(API_VERSION)) {
      throw new InvalidValueException(
          "must be " + Messages.quote(API_VERSION) + ", not " + Messages.quote(apiVersion));
    }
    return apiVersion;
  }

  private static Kind kind(String kind) {
    for (Kind k : Kind.values()) {
      if (k.spelling().equals(kind)) {
        return k;
      }
    }
    throw new InvalidValueException(
        "must be Application or Environment, not "
            + Messages.quote(kind)
            + Suggestions.didYouMean(kind, KINDS));
  }
}
