package dev.tierbench.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

  @ParameterizedTest
  @CsvSource({
      "500ms,   500000000",
      "2s,      2000000000",
      "1.5m,    90000000000",
      "1h,      3600000000000",
      "0.25ms,  250000",
      "0s,      0",
      "0.5s,    500000000",
      "1.25h,   4500000000000",
      "' 3s ',  3000000000",
      "10 ms,   10000000"})
  void parsesANumberAndAUnit(String text, long nanos) {
    assertEquals(Duration.ofNanos(nanos), Durations.parse(text));
  }

  @ParameterizedTest
  @CsvSource({
      "500000000,     500ms",
      "2000000000,    2s",
      "90000000000,   90s",
      "60000000000,   1m",
      "3600000000000, 1h",
      "5400000000000, 90m",
      "250000,        0.25ms",
      "1,             0.000001ms",
      "1500000,       1.5ms",
      "0,             0s",
      "1001000000,    1001ms"})
  void formatsTheShortestExactForm(long nanos, String text) {
    assertEquals(text, Durations.format(Duration.ofNanos(nanos)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"500ms", "2s", "1.5m", "1h", "0.25ms", "0s", "90m", "1001ms", "0.000001ms", "36h"})
  void formatThenParseGivesTheSameDuration(String text) {
    Duration d = Durations.parse(text);
    assertEquals(d, Durations.parse(Durations.format(d)), text);
  }

  @ParameterizedTest
  @CsvSource({"1.5m, 90s", "1000ms, 1s", "60s, 1m", "120m, 2h", "0.5h, 30m", "2.50s, 2500ms", "1h, 1h"})
  void parseThenFormatGivesTheCanonicalSpelling(String written, String canonical) {
    assertEquals(canonical, Durations.format(Durations.parse(written)));
  }

  @Test
  void randomDurationsUpToADayRoundTripToTheNanosecond() {
    Random random = new Random(7);
    for (int i = 0; i < 10_000; i++) {
      Duration d = Duration.ofNanos((long) (random.nextDouble() * Duration.ofDays(1).toNanos()));
      assertEquals(d, Durations.parse(Durations.format(d)), () -> Durations.format(d));
      Duration millis = Duration.ofMillis(random.nextInt(100_000_000));
      assertEquals(millis, Durations.parse(Durations.format(millis)), () -> Durations.format(millis));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"2 parsecs", "", "5", "ms", "-1s", "1.5.2s", "1S", "1sec", "1d", ".5s", "1e3ms", "1s2"})
  void rejectsAnythingElseNamingTheTextAndTheFormat(String text) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parse(text));
    assertEquals("'" + text + "' is not a duration: write a number and a unit, e.g. 500ms, 2s, 1.5m, 1h",
        e.getMessage());
  }

  @Test
  void everyDurationDefaultParses() {
    for (String key : new String[] {"connect-timeout", "heartbeat-interval", "lease-timeout", "lease-poll",
        "api-deadline", "shutdown-grace", "min-duration", "max-duration"}) {
      assertTrue(Durations.parse(Defaults.get(key)).toNanos() > 0, key);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"99999999999999999999s", "169h", "10081m"})
  void aDurationPastAWeekIsRefusedInsteadOfSaturating(String text) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parse(text));
    assertEquals("'" + text + "' is longer than 168h, the longest duration tierbench takes", e.getMessage());
  }

  @Test
  void aWeekItselfIsTaken() {
    assertEquals(Durations.MAX, Durations.parse("168h"));
  }
}
