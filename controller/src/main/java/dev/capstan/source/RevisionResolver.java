package dev.capstan.source;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.AbbreviatedObjectId;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Resolves what a spec asks for ({@code HEAD}, a full or short commit, a branch or a tag) to a
 * commit inside an already fetched mirror.
 */
final class RevisionResolver {

  static final int MIN_SHORT_COMMIT = 4;
  private static final Pattern FULL_COMMIT = Pattern.compile("[0-9a-fA-F]{40}");
  private static final Pattern SHORT_COMMIT = Pattern.compile("[0-9a-fA-F]{4,39}");
  private static final int LISTED_NAMES = 10;

  private final Repository repository;
  private final RepositoryLocation location;

  RevisionResolver(Repository repository, RepositoryLocation location) {
    this.repository = repository;
    this.location = location;
  }

  static boolean isFullCommit(String revision) {
    return FULL_COMMIT.matcher(revision).matches();
  }

  /** Whether the mirror already holds this full commit id, so no fetch is needed. */
  static boolean hasCommit(Repository repository, String fullCommit) throws IOException {
    return peelToCommit(repository, ObjectId.fromString(fullCommit)) != null;
  }

  ResolvedRevision resolve(String revision) throws SourceException, IOException {
    if (revision.equals(Constants.HEAD)) {
      return defaultBranch();
    }
    if (isFullCommit(revision)) {
      ObjectId commit = peelToCommit(ObjectId.fromString(revision.toLowerCase(Locale.ROOT)));
      if (commit != null) {
        return result(revision, commit, false);
      }
      throw notFound(revision);
    }
    // A branch wins over a tag of the same name, as it does for git; refs/... picks explicitly.
    String name = Repository.shortenRefName(revision);
    if (!revision.startsWith(Constants.R_TAGS)) {
      ObjectId branch = refCommit(Constants.R_HEADS + name);
      if (branch != null) {
        return result(revision, branch, true);
      }
    }
    if (!revision.startsWith(Constants.R_HEADS)) {
      ObjectId tag = refCommit(Constants.R_TAGS + name);
      if (tag != null) {
        return result(revision, tag, false);
      }
    }
    if (SHORT_COMMIT.matcher(revision).matches()) {
      return result(revision, shortCommit(revision.toLowerCase(Locale.ROOT)), false);
    }
    throw notFound(revision);
  }

  private ResolvedRevision defaultBranch() throws SourceException, IOException {
    Ref head = repository.exactRef(Constants.HEAD);
    if (head != null && head.isSymbolic() && head.getObjectId() != null) {
      ObjectId commit = peelToCommit(head.getObjectId());
      if (commit != null) {
        return result(Constants.HEAD, commit, true);
      }
    }
    throw new SourceException(
        "revision \"HEAD\" not found in " + location.display() + ": it has no default branch");
  }

  private ObjectId shortCommit(String prefix) throws SourceException, IOException {
    List<ObjectId> commits = new ArrayList<>();
    try (ObjectReader reader = repository.newObjectReader()) {
      Collection<ObjectId> candidates = reader.resolve(AbbreviatedObjectId.fromString(prefix));
      for (ObjectId candidate : candidates) {
        if (reader.open(candidate).getType() == Constants.OBJ_COMMIT) {
          commits.add(candidate);
        }
      }
    }
    if (commits.isEmpty()) {
      throw notFound(prefix);
    }
    if (commits.size() > 1) {
      List<String> names = commits.stream().map(id -> id.abbreviate(12).name()).sorted().toList();
      throw new SourceException(
          "short commit \""
              + prefix
              + "\" is ambiguous in "
              + location.display()
              + ": it matches "
              + String.join(", ", names)
              + "; give more characters");
    }
    return commits.get(0);
  }

  private ObjectId refCommit(String refName) throws IOException {
    Ref ref = repository.exactRef(refName);
    return ref == null ? null : peelToCommit(ref.getObjectId());
  }

  /** The commit an id stands for (tags peeled), or null when absent or not a commit. */
  private ObjectId peelToCommit(ObjectId id) throws IOException {
    return peelToCommit(repository, id);
  }

  private static ObjectId peelToCommit(Repository repository, ObjectId id) throws IOException {
    try (RevWalk walk = new RevWalk(repository)) {
      RevObject object = walk.peel(walk.parseAny(id));
      return object instanceof RevCommit ? object.copy() : null;
    } catch (MissingObjectException e) {
      return null;
    }
  }

  private ResolvedRevision result(String revision, ObjectId commit, boolean branch) {
    return new ResolvedRevision(location.display(), revision, commit.name(), branch);
  }

  private SourceException notFound(String revision) throws IOException {
    return new SourceException(
        "revision \""
            + revision
            + "\" not found in "
            + location.display()
            + " (branches: "
            + names(Constants.R_HEADS)
            + "; tags: "
            + names(Constants.R_TAGS)
            + ")");
  }

  private String names(String prefix) throws IOException {
    TreeSet<String> names = new TreeSet<>();
    for (Ref ref : repository.getRefDatabase().getRefsByPrefix(prefix)) {
      names.add(ref.getName().substring(prefix.length()));
    }
    if (names.isEmpty()) {
      return "none";
    }
    List<String> listed = names.stream().limit(LISTED_NAMES).toList();
    int more = names.size() - listed.size();
    return String.join(", ", listed) + (more > 0 ? " and " + more + " more" : "");
  }
}
