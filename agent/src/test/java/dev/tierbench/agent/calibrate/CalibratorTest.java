package dev.tierbench.agent.calibrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.tierbench.agent.runtime.MissingRuntime;
import dev.tierbench.agent.runtime.TfliteRuntime;
import dev.tierbench.common.protocol.Calibration;
import dev.tierbench.common.protocol.Engine;
import dev.tierbench.common.protocol.EngineInfo;

/** Calibration with the real TFLite runtime, and an agent without one. */
class CalibratorTest {

  @Test
  void theRealRuntimeGivesPositiveFiguresWithinAboutItsBudget() throws Exception {
    long start = System.nanoTime();
    Calibration c = Calibrator.measure(TfliteRuntime.start(), Calibrator.BUDGET);
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    // The record refuses anything not finite and positive: that it was built says so of every figure.
    assertEquals(Runtime.getRuntime().availableProcessors(), c.threads());
    // Each kernel may overrun its share by its minimum runs; ten times the budget means it ignored the budget.
    assertTrue(took.compareTo(Calibrator.BUDGET.multipliedBy(10)) < 0, "calibration took " + took);
    System.out.printf("calibration in %d ms: %s%n", took.toMillis(), c);
  }

  @Test
  void withoutTfliteTheAgentHasNoCalibration() {
    MissingRuntime missing = new MissingRuntime(EngineInfo.missing(Engine.TFLITE, "no TFLite for riscv64"));
    assertEquals(Optional.empty(), Calibrator.run(missing));
  }
}
