package dev.tierbench.coordinator.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** A tier measured well and a tier three times slower, measured little or not at all. */
class TierModelsTest {

  private static final Group PC = new Group("pc", "tflite", "single-stream");
  private static final Group PI = PC.on("pi");
  private static final SyntheticDevice SLOW = new SyntheticDevice(SyntheticDevice.PC.overheadMs() * 3,
      SyntheticDevice.PC.flopsPerMs() / 3);

  private static List<Observation> measure(SyntheticDevice device, List<LatencyCase> cases) {
    Random noise = new Random(1);
    List<Observation> measured = new ArrayList<>();
    for (LatencyCase c : cases) {
      measured.add(new Observation("v" + measured.size(), c, device.latencyMs(c, 0.02, noise)));
    }
    return measured;
  }

  private static double error(TierModels models, Group group, SyntheticDevice device) {
    double sum = 0;
    List<LatencyCase> grid = SyntheticDevice.grid();
    for (LatencyCase c : grid) {
      sum += models.predict(group, c).orElseThrow().relativeError(device.latencyMs(c));
    }
    return sum / grid.size();
  }

  @Test
  void aTierWithNoMeasurementIsPredictedFromTheCalibratedPeaks() {
    Map<Group, List<Observation>> measured = Map.of(PC, measure(SyntheticDevice.PC, SyntheticDevice.grid()));
    Map<String, TierPeak> peaks = Map.of("pc", new TierPeak(30, 30), "pi", new TierPeak(10, 10));
    TierModels models = TierModels.fit(measured, List.of(PI), peaks, 1);
    TierModels.Basis basis = models.basis(PI).orElseThrow();
    assertEquals(PC, basis.source());
    assertTrue(basis.how().contains("calibrated peaks"), basis.how());
    double error = error(models, PI, SLOW);
    assertTrue(error < 0.1, "error " + error);
    assertTrue(TierModels.fit(measured, List.of(PI), Map.of(), 1).basis(PI).isEmpty(),
        "without calibrations nothing says how fast pi is");
  }

  @Test
  void aFewMeasurementsOfTheTierFitItsSlowdown() {
    List<LatencyCase> grid = SyntheticDevice.grid();
    Map<Group, List<Observation>> measured = Map.of(PC, measure(SyntheticDevice.PC, grid),
        PI, measure(SLOW, List.of(grid.get(10), grid.get(150))));
    // Peaks that are wrong by 2x: measurements win over them.
    TierModels models = TierModels.fit(measured, List.of(), Map.of("pc", new TierPeak(30, 30), "pi",
        new TierPeak(20, 20)), 1);
    assertEquals(3, models.basis(PI).orElseThrow().slowdown(grid.get(0)), 0.15);
    double error = error(models, PI, SLOW);
    assertTrue(error < 0.1, "error " + error);
  }

  @Test
  void aWellMeasuredTierHasItsOwnModel() {
    List<LatencyCase> grid = SyntheticDevice.grid();
    TierModels models = TierModels.fit(Map.of(PC, measure(SyntheticDevice.PC, grid), PI, measure(SLOW, grid)),
        List.of(), Map.of(), 1);
    assertEquals(PI, models.basis(PI).orElseThrow().source());
    assertTrue(error(models, PI, SLOW) < 0.1);
    assertTrue(models.predict(PC.on("jetson"), grid.get(0)).isEmpty(), "an unknown tier is not guessed");
  }
}
