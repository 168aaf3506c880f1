package dev.tierbench.common.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.tierbench.common.config.Durations;

class YamlReaderTest {

  private static final String FILE = "r.yaml";

  private final YamlReader reader = new YamlReader(new Problems());

  /** The value of key {@code v} in {@code v: <written>}; it starts at line 1, column 4. */
  private static YamlNode value(String written) {
    YamlNode.Mapping root = (YamlNode.Mapping) YamlTree.parse("v: " + written + "\n", FILE);
    return root.entries().get("v").value();
  }

  /** The problems recorded so far, as the exception listing them. */
  private YamlException recorded() {
    return assertThrows(YamlException.class, () -> reader.problems().throwIfAny());
  }

  private String onlyMessage() {
    YamlException e = recorded();
    assertEquals(1, e.problems().size(), e.getMessage());
    assertEquals(new Location(FILE, 1, 4), e.problems().get(0).location());
    return e.problems().get(0).message();
  }

  @ParameterizedTest
  @CsvSource({
      "'', '', 0",
      "abc, abc, 0",
      "'', abc, 3",
      "abc, '', 3",
      "kitten, sitting, 3",
      "treads, threads, 1",
      "axs, axes, 1",
      "batch, bacth, 2",
      "flaw, lawn, 2",
      "xnnpack, batch, 6"})
  void editDistanceCountsInsertionsDeletionsAndSubstitutions(String a, String b, int expected) {
    assertEquals(expected, YamlReader.editDistance(a, b));
    assertEquals(expected, YamlReader.editDistance(b, a), "symmetric");
  }

  @Test
  void suggestionNamesTheClosestKnownWordWithinTwoEdits() {
    List<String> known = List.of("batch", "threads", "xnnpack");
    assertEquals(" (did you mean 'threads'?)", YamlReader.suggestion("treads", known));
    assertEquals(" (did you mean 'batch'?)", YamlReader.suggestion("bach", known));
    assertEquals(" (did you mean 'xnnpack'?)", YamlReader.suggestion("xnpak", known));
    assertEquals("", YamlReader.suggestion("quantization", known));
    assertEquals("", YamlReader.suggestion("thr", known), "three edits away is too far");
  }

  @Test
  void suggestionPrefersTheCloserWordAndTheFirstOnATie() {
    assertEquals(" (did you mean 'abcd'?)", YamlReader.suggestion("abcd", List.of("abxy", "abcd", "abcx")));
    assertEquals(" (did you mean 'abcx'?)", YamlReader.suggestion("abcz", List.of("abxy", "abcx", "abcy")));
  }

  @Test
  void aDurationIsReadFromText() {
    assertEquals(Optional.of(Duration.ofMillis(1500)), reader.duration(value("1.5s"), "d", Durations.MAX));
    assertEquals(Optional.of(Duration.ofMinutes(2)), reader.duration(value("2m"), "d", Durations.MAX));
    assertTrue(reader.problems().isEmpty());
  }

  @Test
  void aDurationAboveItsMaximumIsRefused() {
    assertEquals(Optional.empty(), reader.duration(value("61s"), "timeout", Duration.ofMinutes(1)));
    assertEquals("timeout must be at most 1m, got 61s", onlyMessage());
  }

  @Test
  void aPlainZeroIsAZeroDuration() {
    assertEquals(Optional.of(Duration.ZERO), reader.duration(value("0"), "d", Durations.MAX));
    assertTrue(reader.problems().isEmpty());
  }

  @Test
  void aNumberWithoutAUnitIsNotADuration() {
    assertEquals(Optional.empty(), reader.duration(value("5"), "timeout", Durations.MAX));
    assertEquals("timeout must be a duration such as 500ms, 2s or 1m, got '5'", onlyMessage());
  }

  @Test
  void anUnknownUnitIsNotADuration() {
    assertEquals(Optional.empty(), reader.duration(value("5 fortnights"), "timeout", Durations.MAX));
    assertEquals("timeout: '5 fortnights' is not a duration: write a number and a unit, e.g. 500ms, 2s, 1.5m, 1h",
        onlyMessage());
  }

  @Test
  void aListIsNotADuration() {
    assertEquals(Optional.empty(), reader.duration(value("[1s]"), "timeout", Durations.MAX));
    assertEquals("timeout must be a duration such as 500ms, 2s or 1m, got a list", onlyMessage());
  }

  @Test
  void anIntegerInRangeIsRead() {
    assertEquals(Optional.of(1L), reader.integer(value("1"), "n", 1, 10));
    assertEquals(Optional.of(10L), reader.integer(value("10"), "n", 1, 10));
    assertTrue(reader.problems().isEmpty());
  }

  @ParameterizedTest
  @CsvSource({"0", "11", "-3"})
  void anIntegerOutOfRangeNamesTheRange(String written) {
    assertEquals(Optional.empty(), reader.integer(value(written), "count", 1, 10));
    assertEquals("count must be between 1 and 10, got " + written, onlyMessage());
  }

  @Test
  void anIntegerTooBigForALongIsOutOfRange() {
    assertEquals(Optional.empty(), reader.integer(value("99999999999999999999"), "count", 1, Long.MAX_VALUE));
    assertEquals("count must be between 1 and " + Long.MAX_VALUE + ", got 99999999999999999999", onlyMessage());
  }

  @Test
  void aDecimalIsNotAWholeNumber() {
    assertEquals(Optional.empty(), reader.integer(value("1.5"), "count", 1, 10));
    assertEquals("count must be a whole number, got '1.5'", onlyMessage());
  }

  @Test
  void booleansAreReadWithTheirYamlMeaning() {
    assertEquals(Optional.of(true), reader.bool(value("true"), "b"));
    assertEquals(Optional.of(false), reader.bool(value("false"), "b"));
    assertEquals(Optional.of(true), reader.bool(value("yes"), "b"));
    assertEquals(Optional.of(true), reader.bool(value("ON"), "b"));
    assertEquals(Optional.of(false), reader.bool(value("No"), "b"));
    assertEquals(Optional.of(false), reader.bool(value("off"), "b"));
    assertTrue(reader.problems().isEmpty());
  }

  @Test
  void textIsNotABoolean() {
    assertEquals(Optional.empty(), reader.bool(value("'true'"), "flag"));
    assertEquals("flag must be true or false, got the text 'true'", onlyMessage());
  }

  @Test
  void textMustBePresentAndNotBlank() {
    assertEquals(Optional.of("hello"), reader.text(value("hello"), "greeting"));
    assertEquals(Optional.of("4"), reader.text(value("4"), "greeting"), "a number may be used as text");
    assertEquals(Optional.empty(), reader.text(value("'  '"), "greeting"));
    assertEquals(Optional.empty(), reader.text(value("~"), "greeting"));
    assertEquals(2, recorded().problems().size());
    assertEquals("greeting must be a text value, got nothing (null)", recorded().problems().get(1).message());
  }

  @Test
  void choiceListsTheAllowedValuesAndSuggestsOne() {
    assertEquals(Optional.of("server"), reader.choice(value("server"), "scenario", Set.of("server", "offline")));
    assertEquals(Optional.empty(), reader.choice(value("servr"), "scenario", Set.of("server")));
    assertEquals("scenario must be one of server, got 'servr' (did you mean 'server'?)", onlyMessage());
  }

  @Test
  void requiredKeyIsReportedAtTheMapping() {
    YamlNode.Mapping root = (YamlNode.Mapping) YamlTree.parse("\n\n  a: 1\n  b: 2\n", FILE);
    assertEquals(Optional.empty(), reader.required(root, "c", "the thing"));
    YamlException e = recorded();
    assertEquals(new Location(FILE, 3, 3), e.problems().get(0).location());
    assertEquals("the thing needs the key 'c'", e.problems().get(0).message());
    assertTrue(reader.optional(root, "a").isPresent());
    assertTrue(reader.optional(root, "c").isEmpty());
  }

  @Test
  void unknownKeysAreEachReportedAtTheKey() {
    YamlNode.Mapping root = (YamlNode.Mapping) YamlTree.parse("good: 1\nbda: 2\nworse: 3\n", FILE);
    reader.rejectUnknownKeys(root, "the test", List.of("good", "bad"));
    YamlException e = recorded();
    assertEquals(2, e.problems().size());
    assertEquals(new Location(FILE, 2, 1), e.problems().get(0).location());
    assertEquals("unknown key 'bda' in the test (did you mean 'bad'?); allowed keys: good, bad",
        e.problems().get(0).message());
    assertEquals(new Location(FILE, 3, 1), e.problems().get(1).location());
    assertEquals("unknown key 'worse' in the test; allowed keys: good, bad", e.problems().get(1).message());
  }

  @Test
  void listOrOneTurnsAScalarIntoAOneElementList() {
    assertEquals(1, reader.listOrOne(value("x")).size());
    assertEquals(3, reader.listOrOne(value("[a, b, c]")).size());
    assertEquals(0, reader.listOrOne(value("[]")).size());
  }

  @Test
  void aMappingWhereAListIsExpectedIsReported() {
    assertEquals(Optional.empty(), reader.list(value("{a: 1}"), "things"));
    assertEquals("things must be a list, got a mapping of keys to values", onlyMessage());
  }

  @Test
  void noProblemsThrowNothing() {
    reader.problems().throwIfAny();
    assertTrue(reader.problems().isEmpty());
  }

  @Test
  void aYamlExceptionNeedsAProblem() {
    assertThrows(IllegalArgumentException.class, () -> new YamlException(List.of()));
  }
}
