package dev.capstan.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ValueRulesTest {

  private static void rejects(Function<String, ?> rule, String value, String reason) {
    InvalidValueException e = assertThrows(InvalidValueException.class, () -> rule.apply(value));
    assertEquals(reason, e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "3f2a9c1",
        "abcd",
        "3F2A9C1E",
        "HEAD",
        "main",
        "release/2.x",
        "v1.2.0",
        "refs/heads/main",
        "feature/JIRA-12_fix",
        "0123456789abcdef0123456789abcdef01234567",
        "ünïcode"
      })
  void acceptsCommitsAndRefNames(String revision) {
    assertEquals(revision, GitRevisions.check(revision));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "''             | must not be empty",
        "'a b'          | contains a space",
        "a..b           | contains \"..\"",
        "a~1            | contains \"~\"",
        "a^             | contains \"^\"",
        "a:b            | contains \":\"",
        "a?             | contains \"?\"",
        "a*             | contains \"*\"",
        "a[0]           | contains \"[\"",
        "a\\b           | contains \"\\\\\"",
        "-x             | must not start with \"-\"",
        "main@{1}       | contains \"@{\"",
        "@              | must not be \"@\"",
        "a//b           | contains \"//\"",
        "/main          | must not start or end with \"/\"",
        "main/          | must not start or end with \"/\"",
        "main.          | must not end with \".\"",
        "a/.hidden      | a part must not start with \".\"",
        "x.lock         | a part must not end with \".lock\"",
        "x.lock/y       | a part must not end with \".lock\"",
      })
  void rejectsWhatGitRejects(String revision, String reason) {
    rejects(GitRevisions::check, revision, "not a commit id or valid ref name: " + reason);
  }

  @Test
  void rejectsControlCharactersAndLongNames() {
    rejects(
        GitRevisions::check,
        "a\tb",
        "not a commit id or valid ref name: contains the control character U+0009"
            + " (CHARACTER TABULATION) at position 2");
    rejects(
        GitRevisions::check,
        "b".repeat(256),
        "not a commit id or valid ref name: longer than 255 characters");
  }

  @ParameterizedTest
  @CsvSource({
    "30s, PT30S",
    "5m, PT5M",
    "1h, PT1H",
    "1500ms, PT1.5S",
    "45, PT45S",
    "1h30m, PT1H30M"
  })
  void readsDurations(String text, Duration expected) {
    assertEquals(expected, Durations.parse(text));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "0s       | must be greater than 0",
        "0        | must be greater than 0",
        "5 min    | must be a duration like 30s, 5m, 1h or 1500ms, not \"5 min\"",
        "1d       | must be a duration like 30s, 5m, 1h or 1500ms, not \"1d\"",
        "-5s      | must be a duration like 30s, 5m, 1h or 1500ms, not \"-5s\"",
        "''       | must be a duration like 30s, 5m, 1h or 1500ms, not \"\"",
      })
  void rejectsBadDurations(String text, String reason) {
    rejects(Durations::parse, text, reason);
  }

  @Test
  void readsIntegerSeconds() {
    assertEquals(Duration.ofSeconds(90), Durations.ofSeconds(90));
    rejects(t -> Durations.ofSeconds(-1), "", "must be greater than 0");
    rejects(t -> Durations.ofSeconds(new java.math.BigInteger("9".repeat(30))), "", "is too long");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/var/www/app", "/srv/broken_brackets", "/a", "/opt/app-1.2/.hidden"})
  void acceptsDeployPaths(String path) {
    assertEquals(path, PathRules.absolute(path));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "''                | must not be empty",
        "srv/app           | must be an absolute path (starting with \"/\")",
        "/                 | must not be \"/\"",
        "/srv//app         | must not contain \"//\"",
        "/srv/app/         | must not end with \"/\"",
        "/srv/../etc       | must be normalized: no \".\" or \"..\" segments",
        "/srv/.            | must be normalized: no \".\" or \"..\" segments",
        "'/srv/my app'     | contains \" \" at position 8; only A-Z, a-z, 0-9 and \"._/-\" are allowed",
        "/srv/$(id)        | contains \"$\" at position 6; only A-Z, a-z, 0-9 and \"._/-\" are allowed",
        "/srv/caf\u00e9     | contains \"\u00e9\" at position 9; only A-Z, a-z, 0-9 and \"._/-\" are allowed",
      })
  void rejectsDeployPaths(String path, String reason) {
    rejects(PathRules::absolute, path, reason);
  }

  @Test
  void namesUnprintableCharactersByCodePoint() {
    rejects(
        PathRules::absolute,
        "/srv/a\nb",
        "contains the control character U+000A (LINE FEED (LF)) at position 7");
  }

  @ParameterizedTest
  @ValueSource(strings = {"3f2a9c1", "3F2A9C1", "9b1e2aa0c3d4e5f60718293a4b5c6d7e8f901234"})
  void acceptsPinAndVetoCommitsLowerCased(String commit) {
    assertEquals(commit.toLowerCase(java.util.Locale.ROOT), GitRevisions.commit(commit));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"3f2a9c", "main", "3f2a9cz", "9b1e2aa0c3d4e5f60718293a4b5c6d7e8f9012345", ""})
  void rejectsPinAndVetoCommitsThatAreNotSevenToFortyHex(String commit) {
    rejects(GitRevisions::commit, commit, "must be a commit id: 7 to 40 hexadecimal digits");
  }

  /** Each rule for a name, host, path or revision, as the field it checks is written. */
  static Stream<Arguments> invisibleCharacters() {
    Map<String, Function<String, ?>> rules = new LinkedHashMap<>();
    rules.put("revision", GitRevisions::check);
    rules.put("deployPath", PathRules::absolute);
    rules.put("shared path", PathRules::relative);
    rules.put("interpreter", PathRules::command);
    rules.put("metadata.name", ResourceNames::label);
    rules.put("Secret name", ResourceNames::subdomain);
    rules.put("Secret key", ResourceNames::secretKey);
    rules.put("host", HostAddressParser::parse);
    rules.put("spec.application", TextRules::nonEmptyVisible);
    rules.put("repository url", TextRules::url);
    List<Arguments> cases = new ArrayList<>();
    for (int c :
        new int[] {
          0x200B, 0x2028, 0x2029, 0x202E, 0x2066, 0xFEFF, 0x00AD, 0x0000, 0x001B, 0x0085, 0x007F
        }) {
      rules.forEach((field, rule) -> cases.add(Arguments.of(field, rule, c)));
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} refuses code point {2}")
  @MethodSource("invisibleCharacters")
  void refusesInvisibleAndControlCharactersNamingTheCodePoint(
      String field, Function<String, ?> rule, int codePoint) {
    String value = "web" + Character.toString(codePoint) + "1";
    String prefix = field.equals("deployPath") ? "/" : "";
    InvalidValueException e =
        assertThrows(InvalidValueException.class, () -> rule.apply(prefix + value));
    String kind = Character.getType(codePoint) == Character.CONTROL ? "control" : "invisible";
    String expected =
        "the "
            + kind
            + " character "
            + String.format("U+%04X", codePoint)
            + " ("
            + Character.getName(codePoint)
            + ") at position "
            + (prefix.length() + 4);
    assertTrue(e.getMessage().endsWith("contains " + expected), e.getMessage());
  }

  @Test
  void namesTheInvisibleCharacterInARevision() {
    rejects(
        GitRevisions::check,
        "main\u200b",
        "not a commit id or valid ref name: contains the invisible character U+200B"
            + " (ZERO WIDTH SPACE) at position 5");
    rejects(
        GitRevisions::check,
        "release\u2028",
        "not a commit id or valid ref name: contains the invisible character U+2028"
            + " (LINE SEPARATOR) at position 8");
  }

  @Test
  void showsSpacesOtherThanTheSpaceByCodePoint() {
    assertEquals("U+00A0", Messages.character(0x00A0));
    assertEquals("U+2028", Messages.character(0x2028));
    assertEquals("\" \"", Messages.character(' '));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "''         | must not be empty",
        "/etc       | must be a relative path (no leading \"/\")",
        "-rf        | must not start with \"-\"",
        "../logs    | must not contain \"..\" segments",
        "a/../../b  | must not contain \"..\" segments",
        "./media    | must be normalized: no \".\" segments",
        "media/     | must not end with \"/\"",
        "a//b       | must not contain \"//\"",
        "'a b'      | contains \" \" at position 2; only A-Z, a-z, 0-9 and \"._/-\" are allowed",
      })
  void rejectsRelativePaths(String path, String reason) {
    rejects(PathRules::relative, path, reason);
  }

  @Test
  void acceptsRelativePathsAndEmptyWhereAllowed() {
    assertEquals(".env", PathRules.relative(".env"));
    assertEquals("public/media", PathRules.relative("public/media"));
    assertEquals("", PathRules.relativeOrEmpty(""));
  }

  @Test
  void acceptsCommandNamesAndAbsoluteInterpreters() {
    assertEquals("python3.12", PathRules.command("python3.12"));
    assertEquals("/opt/python/bin/python3", PathRules.command("/opt/python/bin/python3"));
    rejects(PathRules::command, "bin/python", "must be an absolute path (starting with \"/\")");
    rejects(PathRules::command, "-c", "must be a command name or an absolute path");
  }

  @Test
  void checksKubernetesNames() {
    assertEquals("broken-brackets-2", ResourceNames.label("broken-brackets-2"));
    assertEquals("deploy-key.v2", ResourceNames.subdomain("deploy-key.v2"));
    assertEquals("id_ed25519.pub", ResourceNames.secretKey("id_ed25519.pub"));
    rejects(ResourceNames::label, "-app", "must start and end with a lowercase letter or digit");
    rejects(
        ResourceNames::label,
        "a.b",
        "contains \".\"; only lowercase letters, digits and \"-\" are allowed");
    rejects(
        ResourceNames::subdomain,
        "a..b",
        "each \".\"-separated part must start and end with a lowercase letter or digit");
  }

  @Test
  void suggestsTheNearestWordWithinThreeEdits() {
    List<String> fields = List.of("keepReleases", "deployPath", "build");
    assertEquals("; did you mean \"keepReleases\"?", Suggestions.didYouMean("keepRelease", fields));
    assertEquals("; did you mean \"deployPath\"?", Suggestions.didYouMean("deploy_path", fields));
    assertEquals("", Suggestions.didYouMean("colour", fields));
    assertEquals(3, Suggestions.levenshtein("kitten", "sitting"));
    assertEquals(0, Suggestions.levenshtein("", ""));
    assertEquals(4, Suggestions.levenshtein("", "abcd"));
  }

  @Test
  void quotesValuesOnOneLine() {
    assertEquals("\"a\\\"b\\\\c\\u000a\"", Messages.quote("a\"b\\c\n"));
    assertEquals("\"" + "x".repeat(80) + "...\"", Messages.quote("x".repeat(100)));
  }
}
