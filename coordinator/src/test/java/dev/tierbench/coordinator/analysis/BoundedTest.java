package dev.tierbench.coordinator.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import dev.tierbench.common.sweep.AnalysisSpec;
import dev.tierbench.coordinator.report.AnalysisSettings;

/** One range per setting, refused in the same words whether the value came as text or as a number. */
class BoundedTest {

  @Test
  void valuesInRangePassAndOthersNameTheSettingAndItsRange() {
    Bounded draws = new Bounded("draws", 1, 100);
    assertEquals(1, draws.parse(" 1 "));
    assertEquals(100, draws.check(100));
    for (String bad : new String[] {"0", "101", "-5", "NaN", "1e2", "1.0", "", "99999999999999999999"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> draws.parse(bad), bad);
      assertEquals("draws must be a whole number from 1 to 100, got '" + bad + "'", e.getMessage());
    }
    assertEquals("draws must be a whole number from 1 to 100, got 101",
        assertThrows(IllegalArgumentException.class, () -> draws.check(101)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Bounded("x", 2, 1));
  }

  @Test
  void analysisSettingsRefuseDrawsBeyondTheLimitsWhereverTheyComeFrom() {
    AnalysisSpec none = AnalysisSpec.DEFAULT;
    assertEquals(Limits.DRAWS.max(), AnalysisSettings.of(none, (int) Limits.DRAWS.max(), 1, 0.01).draws());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> AnalysisSettings.of(none, 100_000_000, 1, 0.01));
    assertEquals("draws must be a whole number from 1 to 100000, got 100000000", e.getMessage());
  }
}
