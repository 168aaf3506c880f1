package dev.tierbench.coordinator.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class LatencyModelTest {

  private static double device(LatencyCase c, double noise, Random random) {
    return SyntheticDevice.PC.latencyMs(c, noise, random);
  }

  private static List<LatencyCase> grid() {
    return SyntheticDevice.grid();
  }

  @Test
  void recoversAnOverheadPlusWorkRelationOnVariantsItNeverSaw() {
    Random random = new Random(7);
    List<LatencyCase> grid = grid();
    java.util.Collections.shuffle(grid, random);
    List<Observation> train = new ArrayList<>();
    for (LatencyCase c : grid.subList(0, 90)) {
      train.add(new Observation("v" + train.size(), c, device(c, 0.03, random)));
    }
    LatencyModel model = LatencyModel.fit(train, 1);
    double error = 0;
    int covered = 0;
    List<LatencyCase> unseen = grid.subList(90, grid.size());
    for (LatencyCase c : unseen) {
      double truth = device(c, 0, random);
      Prediction p = model.predict(c);
      error += p.relativeError(truth);
      covered += p.lowMs() <= truth && truth <= p.highMs() ? 1 : 0;
    }
    double mape = error / unseen.size();
    assertTrue(mape < 0.10, "mean relative error on unseen variants " + mape);
    assertTrue(covered >= 0.75 * unseen.size(), covered + " of " + unseen.size() + " inside their 90 % interval");
    assertTrue(model.slope("log threads") < 0, "more threads, less latency: " + model.slope("log threads"));
    // int8 moves weight and activation bytes too, so its effect is not one coefficient: compare twins instead.
    long params = SyntheticDevice.mlpParams(4, 1024);
    LatencyCase floats = new LatencyCase(2 * params, params, 4 * params, 4 * 4096, false, 4, 1, true);
    LatencyCase ints = new LatencyCase(2 * params, params, params, 4096, true, 4, 1, true);
    assertTrue(model.predict(ints).p50Ms() < model.predict(floats).p50Ms() / 1.2, "int8 is faster on large work");
  }

  @Test
  void aPurePowerLawIsPredictedExactly() {
    List<Observation> train = new ArrayList<>();
    List<LatencyCase> grid = grid().stream().filter(c -> !c.int8() && c.threads() == 1).toList();
    for (int i = 0; i < grid.size(); i += 2) {
      LatencyCase c = grid.get(i);
      train.add(new Observation("v" + i, c, 3e-4 * Math.pow(c.queryFlops(), 0.8)));
    }
    LatencyModel model = LatencyModel.fit(train, 1);
    for (int i = 1; i < grid.size(); i += 2) {
      LatencyCase c = grid.get(i);
      double truth = 3e-4 * Math.pow(c.queryFlops(), 0.8);
      assertEquals(truth, model.predict(c).p50Ms(), truth * 0.02, "variant " + i);
    }
  }

  @Test
  void moreMeasurementsNarrowTheInterval() {
    Random random = new Random(3);
    List<LatencyCase> grid = grid();
    java.util.Collections.shuffle(grid, random);
    List<Observation> all = new ArrayList<>();
    for (LatencyCase c : grid) {
      all.add(new Observation("v" + all.size(), c, device(c, 0.05, random)));
    }
    LatencyCase probe = grid.get(grid.size() - 1);
    Prediction few = LatencyModel.fit(all.subList(0, 12), 1).predict(probe);
    Prediction many = LatencyModel.fit(all.subList(0, 250), 1).predict(probe);
    assertTrue(many.highMs() / many.lowMs() < few.highMs() / few.lowMs(),
        "interval ratio with 250: " + many.highMs() / many.lowMs() + ", with 12: " + few.highMs() / few.lowMs());
  }

  @Test
  void crossValidationSeesNoiseButNotBias() {
    Random random = new Random(5);
    List<Observation> all = new ArrayList<>();
    for (LatencyCase c : grid()) {
      all.add(new Observation("v" + all.size(), c, device(c, 0.10, random)));
    }
    double error = LatencyModel.crossValidatedError(all, 5, 2);
    // Uniform noise of +-10 % alone gives a mean relative error of about 5 %.
    assertTrue(error > 0.03 && error < 0.12, "cross-validated error " + error);
  }

  @Test
  void refusesTooFewMeasurementsAndImpossibleFigures() {
    LatencyCase c = grid().get(0);
    assertThrows(IllegalArgumentException.class, () -> LatencyModel.fit(List.of(new Observation("a", c, 1)), 1));
    assertThrows(IllegalArgumentException.class, () -> new Observation("a", c, Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> new Observation("a", c, -1));
    assertThrows(IllegalArgumentException.class, () -> new LatencyCase(-1, 1, 1, 1, false, 1, 1, true));
    assertThrows(IllegalArgumentException.class, () -> new LatencyCase(1, 1, 1, 1, false, 0, 1, true));
  }

  @Test
  void theSameSeedGivesTheSameModel() {
    Random random = new Random(9);
    List<Observation> all = new ArrayList<>();
    for (LatencyCase c : grid().subList(0, 40)) {
      all.add(new Observation("v" + all.size(), c, device(c, 0.05, random)));
    }
    LatencyCase probe = grid().get(100);
    assertEquals(LatencyModel.fit(all, 4).predict(probe), LatencyModel.fit(all, 4).predict(probe));
  }
}
