package dev.capstan.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.model.SecretSource;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.transport.CredentialItem;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** URL forms and credentials: what reaches JGit and what users see in messages. */
class RepositoryAccessTest {

  @TempDir Path temp;

  @Test
  void keepsUrlsAndScpLikeAddressesAsGiven() throws Exception {
    assertEquals(
        RepositoryLocation.Kind.HTTP,
        RepositoryLocation.of("https://git.example.com/acme/shop.git", temp).kind());
    assertEquals(
        RepositoryLocation.Kind.SSH,
        RepositoryLocation.of("ssh://git@host:2222/shop.git", temp).kind());
    RepositoryLocation scp = RepositoryLocation.of("git@github.com:acme/shop.git", temp);
    assertEquals("git@github.com:acme/shop.git", scp.url());
    assertEquals(RepositoryLocation.Kind.SSH, scp.kind());
    assertEquals(
        RepositoryLocation.Kind.LOCAL, RepositoryLocation.of("file:///srv/shop", temp).kind());
  }

  @Test
  void makesPathsAbsolute() throws Exception {
    assertEquals(
        temp.resolve("repos/shop").toString(), RepositoryLocation.of("repos/shop", temp).url());
    assertEquals("/srv/shop", RepositoryLocation.of("/srv/./shop/", temp).url());
  }

  @Test
  void masksPasswordsInUrlsShownToUsers() throws Exception {
    RepositoryLocation location =
        RepositoryLocation.of("https://bot:s3cret@git.example.com/a.git", temp);

    assertEquals("https://bot:***@git.example.com/a.git", location.display());
    assertFalse(location.mirrorName().contains("s3cret"));
  }

  @Test
  void readsUsernameAndTokenForHttps() throws Exception {
    Path file = Files.writeString(temp.resolve("token"), "deploy-bot:glpat-123:x\n");
    RepositoryLocation https = RepositoryLocation.of("https://git.example.com/a.git", temp);

    CredentialsProvider provider =
        RepositoryCredentials.forFetch(https, SecretSource.ofFile(file.toString()));

    assertInstanceOf(UsernamePasswordCredentialsProvider.class, provider);
    CredentialItem.Username user = new CredentialItem.Username();
    CredentialItem.Password password = new CredentialItem.Password();
    assertTrue(provider.get(new URIish("https://git.example.com/a.git"), user, password));
    assertEquals("deploy-bot", user.getValue());
    assertEquals("glpat-123:x", new String(password.getValue()));
  }

  @Test
  void malformedTokenFileIsNamedButNotEchoed() throws Exception {
    Path file = Files.writeString(temp.resolve("token"), "glpat-only-a-token\n");
    RepositoryLocation https = RepositoryLocation.of("https://git.example.com/a.git", temp);

    SourceException error =
        assertThrows(
            SourceException.class,
            () -> RepositoryCredentials.forFetch(https, SecretSource.ofFile(file.toString())));

    assertTrue(error.getMessage().contains(file.toString()), error.getMessage());
    assertFalse(error.getMessage().contains("glpat-only-a-token"));
  }

  @Test
  void missingCredentialsFileIsNamed() throws Exception {
    RepositoryLocation https = RepositoryLocation.of("https://git.example.com/a.git", temp);
    Path missing = temp.resolve("nope");

    SourceException error =
        assertThrows(
            SourceException.class,
            () -> RepositoryCredentials.forFetch(https, SecretSource.ofFile(missing.toString())));

    assertTrue(error.getMessage().startsWith("cannot read the credentials file " + missing));
  }

  @Test
  void sshKeyCredentialsAreRejectedClearly() throws Exception {
    RepositoryLocation ssh = RepositoryLocation.of("git@git.example.com:acme/a.git", temp);

    SourceException error =
        assertThrows(
            SourceException.class,
            () -> RepositoryCredentials.forFetch(ssh, SecretSource.ofFile("/keys/id_ed25519")));

    assertTrue(error.getMessage().contains("not supported"), error.getMessage());
  }

  @Test
  void localRepositoriesIgnoreCredentials() throws Exception {
    RepositoryLocation local = RepositoryLocation.of("repo", temp);

    assertNull(RepositoryCredentials.forFetch(local, SecretSource.ofFile("/keys/none")));
  }

  @Test
  void defaultCacheDirFollowsXdgCacheHome() {
    // Surefire sets XDG_CACHE_HOME for this module's tests.
    Path xdg = Path.of(System.getenv("XDG_CACHE_HOME"));

    assertEquals(xdg.resolve("capstan/repositories"), RepositoryMirrors.defaultCacheDir());
  }

  @Test
  void normalizesSubPaths() {
    assertEquals("", RepositoryMirrors.normalizeSubPath(null));
    assertEquals("", RepositoryMirrors.normalizeSubPath("."));
    assertEquals("", RepositoryMirrors.normalizeSubPath("/"));
    assertEquals("app/web", RepositoryMirrors.normalizeSubPath("./app//web/"));
  }
}
