package dev.capstan.release;

/**
 * The release a host should run: a commit built by one recipe. Two releases of the same commit with
 * different recipes are different releases.
 */
public record DesiredRelease(String commit, String recipe) {

  public String shortCommit() {
    return commit.substring(0, 7);
  }
}
