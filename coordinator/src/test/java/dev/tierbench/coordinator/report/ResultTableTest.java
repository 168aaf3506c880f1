package dev.tierbench.coordinator.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ResultTableTest {

  @Test
  void aTimeIsPrintedInTheUnitThatFitsIt() {
    assertEquals("0.290 µs", ResultTable.duration(290));
    assertEquals("44.0 µs", ResultTable.duration(44_000));
    assertEquals("999 µs", ResultTable.duration(999_000));
    assertEquals("1.24 ms", ResultTable.duration(1_240_000));
    assertEquals("807 ms", ResultTable.duration(807_000_000));
    assertEquals("2.50 s", ResultTable.duration(2_500_000_000.0));
    assertEquals("-", ResultTable.duration(Double.NaN));
  }
}
