package dev.tierbench.coordinator.scaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.tierbench.coordinator.analysis.SyntheticVariants;
import dev.tierbench.coordinator.analysis.Variant;

class ScalingTest {

  private static Variant sized(String name, String tier, long flops, double ms, long seed) {
    return SyntheticVariants.variant(name, tier, flops, ms, 0.02, 2, 2000, seed);
  }

  @Test
  void latencyProportionalToFlopsFitsALineAndTheOddPointIsNamed() {
    List<Variant> variants = new ArrayList<>();
    long[] mflops = {50, 100, 200, 400, 800};
    for (int i = 0; i < mflops.length; i++) {
      // 10 ms per GFLOP plus 0.5 ms of fixed cost, except the 400 MFLOP model, twice as slow.
      double ms = 0.5 + 10 * mflops[i] / 1000.0 * (mflops[i] == 400 ? 2 : 1);
      variants.add(sized("m" + mflops[i], "edge", mflops[i] * 1_000_000, ms, i));
    }
    List<LatencyFit> fits = Scaling.latencyFits(variants, 0.25);
    assertEquals(1, fits.size(), "one family, one tier, one setting");
    LatencyFit fit = fits.get(0);
    assertEquals(5, fit.points().size());
    assertEquals(1, fit.offLine().size(), fit.offLine().toString());
    assertTrue(fit.offLine().get(0).startsWith("m400"), fit.offLine().toString());

    variants.set(3, sized("m400", "edge", 400_000_000, 0.5 + 4, 3));
    LatencyFit clean = Scaling.latencyFits(variants, 0.25).get(0);
    assertEquals(10, clean.linear().slope(), 0.3, "ms per GFLOP");
    assertEquals(0.5, clean.linear().intercept(), 0.1);
    assertTrue(clean.linear().r2() > 0.999, "r2 " + clean.linear().r2());
    assertTrue(clean.offLine().isEmpty(), clean.offLine().toString());
    assertTrue(clean.logLog().slope() > 0.6 && clean.logLog().slope() < 0.95, "exponent below 1 with a fixed cost");
  }

  @Test
  void aLineJoinsOnlyThreeOrMoreModelsOfOnePrecisionRunAlike() {
    // The quickstart's shape: an int8 and a float model at batch 1 and 4. Four points, but two models, two precisions.
    Variant kws = sized("kws-int8", "edge", 5_000_000, 0.03, 1);
    Variant mobilenet = sized("mobilenet", "edge", 82_000_000, 0.8, 2);
    List<Variant> quickstart = List.of(quantized(SyntheticVariants.withFamily(kws, "kws"), "int8"),
        SyntheticVariants.withBatch(quantized(SyntheticVariants.withFamily(kws, "kws"), "int8"), 4),
        SyntheticVariants.withFamily(mobilenet, "mobilenet"),
        SyntheticVariants.withBatch(SyntheticVariants.withFamily(mobilenet, "mobilenet"), 4));
    assertTrue(Scaling.latencyFits(quickstart, 0.25).isEmpty(), "no line through two unrelated models");
    assertTrue(Scaling.whyNoFit(quickstart).contains("the most this run has is 1"), Scaling.whyNoFit(quickstart));

    List<Variant> mixed = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Variant v = SyntheticVariants.withFamily(sized("f" + i, "edge", (i + 1) * 10_000_000L, 1 + i, i), "a");
      mixed.add(v);
      mixed.add(quantized(SyntheticVariants.withFamily(sized("q" + i, "edge", (i + 1) * 10_000_000L, 0.3 + i, i + 9),
          "b"), "int8"));
    }
    List<LatencyFit> fits = Scaling.latencyFits(mixed, 0.25);
    assertEquals(List.of("a", "b"), fits.stream().map(LatencyFit::family).toList(), "one per family and precision");
    assertTrue(fits.get(1).settings().startsWith("int8, batch 1"), fits.get(1).settings());
    assertNull(Scaling.whyNoFit(mixed));
  }

  private static Variant quantized(Variant v, String quantization) {
    return new Variant(v.trialId(), v.tier(), v.model(), v.family(), quantization, v.axes(), v.flops(), v.macs(),
        v.params(), v.modelBytes(), v.batch(), v.closedLoop(), v.repetitions(), v.accuracy());
  }

  @Test
  void accuracyThatStopsGrowingIsAPlateauAndAFallIsADecline() {
    long[] mflops = {25, 50, 100, 200, 400, 800};
    double[] accuracy = {0.60, 0.70, 0.78, 0.785, 0.787, 0.70};
    List<Variant> variants = new ArrayList<>();
    for (int i = 0; i < mflops.length; i++) {
      Variant v = sized("m" + mflops[i], "edge", mflops[i] * 1_000_000, 1 + i, i);
      variants.add(SyntheticVariants.withAccuracy(v, Math.round(accuracy[i] * 10000), 10000));
    }
    Plateau plateau = Scaling.plateaus(variants, 0.01).get(0);
    assertEquals(5, plateau.steps().size());
    assertEquals(0.10, plateau.steps().get(0).gainPerDoubling(), 1e-9);
    assertEquals("m100", plateau.plateauAfter(), "after 100 MFLOPs each doubling gains under a point");
    assertEquals(1, plateau.declines().size(), plateau.declines().toString());
    assertTrue(plateau.declines().get(0).startsWith("m400 -> m800"));

    List<Variant> growing = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Variant v = sized("g" + i, "edge", (1L << i) * 10_000_000, 1 + i, i);
      growing.add(SyntheticVariants.withAccuracy(v, 5000 + 1000 * i, 10000));
    }
    assertNull(Scaling.plateaus(growing, 0.01).get(0).plateauAfter());
  }

  @Test
  void theSlowdownBetweenTiersIsTheGeometricMeanOfRatios() {
    List<Variant> variants = List.of(sized("a", "cloud", 100, 1, 1), sized("b", "cloud", 200, 2, 2),
        sized("a", "iot", 100, 4, 3), sized("b", "iot", 200, 16, 4));
    Slowdown slowdown = Scaling.slowdowns(variants, List.of("cloud", "iot")).get(0);
    assertEquals("cloud", slowdown.from());
    assertEquals(2, slowdown.ratios().size());
    assertEquals(Math.sqrt(4 * 8), slowdown.geometricMean(), 0.2);
    assertEquals(4, slowdown.min(), 0.1);
    assertEquals(8, slowdown.max(), 0.2);
  }

  @Test
  void aCurvePerModelAndTierAlongEachVaryingAxis() {
    List<Variant> variants = new ArrayList<>();
    for (int batch : new int[] {4, 1, 16}) {
      variants.add(SyntheticVariants.withBatch(sized("m", "edge", 100, batch, batch), batch));
    }
    List<ScalingCurve> curves = Scaling.curves(variants);
    assertEquals(1, curves.size());
    assertEquals("batch", curves.get(0).axis());
    assertEquals(List.of("1", "4", "16"), curves.get(0).points().stream().map(ScalingCurve.Point::value).toList());
  }
}
