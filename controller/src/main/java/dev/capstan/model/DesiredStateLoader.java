package dev.capstan.model;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Loads desired state from YAML files and checks it, reporting every problem with its place.
 *
 * <p>A file may hold several {@code ---} separated documents; empty ones are skipped. Each document
 * is an Application or an Environment of apiVersion {@value #API_VERSION}. Desired state without
 * any document is refused: enforcing it would stop managing every host, which is never what an
 * empty file, a file of comments or an emptied folder means.
 */
public final class DesiredStateLoader {

  public static final String API_VERSION = DocumentReader.API_VERSION;

  private DesiredStateLoader() {}

  /**
   * Loads a YAML file, or every {@code *.yaml} and {@code *.yml} file of a folder (sorted by name,
   * not recursive, hidden files skipped).
   *
   * @throws InvalidDesiredStateException with every problem found, in any file
   */
  public static DesiredState load(Path fileOrFolder) throws InvalidDesiredStateException {
    List<Problem> problems = new ArrayList<>();
    List<ParsedDocument> documents = new ArrayList<>();
    for (Path file : filesOf(fileOrFolder, problems)) {
      String text = readText(file, problems);
      if (text != null) {
        documents.addAll(readDocuments(file, text, problems));
      }
    }
    if (documents.isEmpty() && problems.isEmpty()) {
      problems.add(nothingIn(fileOrFolder));
    }
    return finish(documents, problems);
  }

  /**
   * Parses YAML text as if it were the file {@code nominalFile}, which names it in problems and
   * whose folder relative paths resolve against; the file itself is never read.
   *
   * @throws InvalidDesiredStateException with every problem found
   */
  public static DesiredState parse(Path nominalFile, String yamlText)
      throws InvalidDesiredStateException {
    List<Problem> problems = new ArrayList<>();
    List<ParsedDocument> documents = readDocuments(nominalFile, yamlText, problems);
    if (documents.isEmpty() && problems.isEmpty()) {
      problems.add(nothingIn(nominalFile));
    }
    return finish(documents, problems);
  }

  private static List<ParsedDocument> readDocuments(Path file, String text, List<Problem> sink) {
    Problems problems = new Problems(file, sink);
    Path baseDir = file.toAbsolutePath().normalize().getParent();
    List<ParsedDocument> documents = new ArrayList<>();
    for (YamlNode document : YamlTreeReader.read(text, problems)) {
      if (!(document instanceof YamlNode.Scalar scalar && scalar.isNull())) {
        DocumentReader.read(document, problems, baseDir).ifPresent(documents::add);
      }
    }
    return documents;
  }

  private static DesiredState finish(List<ParsedDocument> documents, List<Problem> problems)
      throws InvalidDesiredStateException {
    CrossDocumentChecks.check(documents, problems);
    if (!problems.isEmpty()) {
      throw new InvalidDesiredStateException(problems);
    }
    Map<String, Application> applications = new HashMap<>();
    Map<String, Environment> environments = new HashMap<>();
    for (ParsedDocument document : documents) {
      if (document.resource() instanceof Application application) {
        applications.put(application.name(), application);
      } else if (document.resource() instanceof Environment environment) {
        environments.put(environment.name(), environment);
      }
    }
    return new DesiredState(applications, environments);
  }

  private static List<Path> filesOf(Path fileOrFolder, List<Problem> problems) {
    if (!Files.exists(fileOrFolder)) {
      problems.add(atStart(fileOrFolder, "no such file or folder"));
      return List.of();
    }
    if (!Files.isDirectory(fileOrFolder)) {
      return List.of(fileOrFolder);
    }
    try (Stream<Path> entries = Files.list(fileOrFolder)) {
      return entries.filter(DesiredStateLoader::isYamlFile).sorted().toList();
    } catch (IOException e) {
      problems.add(atStart(fileOrFolder, "cannot list the folder: " + reason(e)));
      return List.of();
    }
  }

  private static boolean isYamlFile(Path path) {
    String name = path.getFileName().toString();
    // Hidden names are editors' swap and lock files, never desired state.
    return !name.startsWith(".")
        && (name.endsWith(".yaml") || name.endsWith(".yml"))
        && Files.isRegularFile(path);
  }

  private static String readText(Path file, List<Problem> problems) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      problems.add(atStart(file, "cannot read the file: " + reason(e)));
      return null;
    }
  }

  private static String reason(IOException e) {
    if (e instanceof CharacterCodingException) {
      return "it is not valid UTF-8";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof NoSuchFileException) {
      return "it does not exist";
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static Problem nothingIn(Path fileOrFolder) {
    String where =
        Files.isDirectory(fileOrFolder)
            ? "no Application or Environment in any *.yaml or *.yml file of this folder"
            : "no Application or Environment in this file";
    return atStart(
        fileOrFolder,
        where + " (empty desired state is refused: it would stop Capstan managing every host)");
  }

  private static Problem atStart(Path file, String message) {
    return new Problem(file, 1, 1, null, message);
  }
}
