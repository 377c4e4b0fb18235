package dev.capstan.upkeep;

import java.util.List;

/**
 * An advisory that affects one installed version.
 *
 * @param advisoryId the OSV id
 * @param aliases its aliases (CVE ids), shown beside it
 * @param summary its one line for people
 * @param fixedIn the version that closes the range the installed version is in; null when the
 *     advisory names none (only {@code last_affected}, or only explicit versions)
 */
public record Finding(
    String advisoryId, List<String> aliases, String summary, Pep440Version fixedIn) {
  public Finding {
    aliases = List.copyOf(aliases);
  }
}
