package dev.tierbench.common.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.tierbench.common.model.ModelFile;
import dev.tierbench.common.model.ModelFormat;
import dev.tierbench.common.protocol.Engine;
import dev.tierbench.common.protocol.GraphOptimization;
import dev.tierbench.common.protocol.MeasureSettings;
import dev.tierbench.common.protocol.ModelRef;
import dev.tierbench.common.protocol.Provider;
import dev.tierbench.common.protocol.Scenario;
import dev.tierbench.common.protocol.TrialParams;

/** Trial ids: a hash of the canonical parameters, so that a re-run of a sweep finds the trials it has. */
class TrialTest {

  private static final String SHA_A = "446ec673881cd46371a8726075b714194ada39d144762260cb76d15318597df7";
  private static final String SHA_B = "aeea436800704fce17b17292e4412630ad856e9d777c044c64ef748a880bd0ae";

  private static final ModelRef MODEL = new ModelRef("mobilenet", SHA_A, 1_882_904);
  private static final TrialParams PARAMS = new TrialParams(4, 2, true);
  private static final MeasureSettings MEASURE =
      new MeasureSettings(50, Duration.ofSeconds(1), 100, Duration.ofSeconds(60));

  private static String sha256Hex(String text) throws Exception {
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(digest);
  }

  @Test
  void canonicalFormIsFixed() {
    assertEquals("model=" + SHA_A + ";batch=4;threads=2;xnnpack=true;scenario=single-stream;warmup=50;max-warmup=10s;"
        + "stability-windows=3;stability-tolerance=0.05;min-duration=1s;min-queries=100;max-duration=1m;engine=tflite",
        Trial.of(MODEL, PARAMS, MEASURE).canonical());
  }

  @Test
  void aTrialOnOnnxRuntimeNamesItsOptimizationAndProvider() {
    TrialParams onnx = new TrialParams(4, 2, false, Scenario.SINGLE_STREAM, 0, "", Engine.ONNXRUNTIME,
        GraphOptimization.BASIC, Provider.CUDA);
    assertTrue(Trial.of(MODEL, onnx, MEASURE).canonical().endsWith(
        ";max-duration=1m;engine=onnxruntime;optimization=basic;provider=cuda"));
  }

  @Test
  void aTrialOnTfliteTwoSixKeepsTheIdItHadBeforeTrialsNamedTheirEngine() {
    TrialParams legacy = new TrialParams(4, 2, true, Scenario.SINGLE_STREAM, 0, "", Engine.TFLITE_2_6);
    // Pinned before engines existed (protocol v2 to v5): results stored then resume as tflite-2.6's.
    assertEquals("e5c5d53458eee9de", Trial.of(MODEL, legacy, MEASURE).id());
    assertNotEquals(Trial.of(MODEL, legacy, MEASURE).id(), Trial.of(MODEL, PARAMS, MEASURE).id());
  }

  @Test
  void idIsTheFirstSixteenHexDigitsOfTheSha256OfTheCanonicalForm() throws Exception {
    String canonical = "model=" + SHA_A + ";batch=4;threads=2;xnnpack=true;scenario=single-stream;warmup=50;"
        + "max-warmup=10s;stability-windows=3;stability-tolerance=0.05;min-duration=1s;min-queries=100;max-duration=1m;"
        + "engine=tflite";
    String expected = sha256Hex(canonical).substring(0, 16);

    Trial trial = Trial.of(MODEL, PARAMS, MEASURE);

    assertEquals(expected, trial.id());
    // Pinned: a change here means every stored run stops resuming. Changed on purpose with protocol v2, when the
    // scenario and the warm-up rule joined the trial's parameters, and with v6, when the engine did.
    assertEquals("c3e68accf210f5bd", trial.id());
  }

  @Test
  void subMillisecondDurationsAreCanonicalToo() throws Exception {
    MeasureSettings measure = new MeasureSettings(0, Duration.ofNanos(250_000), 1, Duration.ofMillis(1500));
    Trial trial = Trial.of(MODEL, new TrialParams(1, 1, false), measure);
    String canonical = "model=" + SHA_A + ";batch=1;threads=1;xnnpack=false;scenario=single-stream;warmup=0;"
        + "max-warmup=10s;stability-windows=3;stability-tolerance=0.05;min-duration=0.25ms;min-queries=1;"
        + "max-duration=1500ms;engine=tflite";
    assertEquals(canonical, trial.canonical());
    assertEquals(sha256Hex(canonical).substring(0, 16), trial.id());
  }

  @Test
  void idIsStableAcrossCalls() {
    assertEquals(Trial.of(MODEL, PARAMS, MEASURE).id(), Trial.of(MODEL, PARAMS, MEASURE).id());
    assertEquals(Trial.of(MODEL, PARAMS, MEASURE), Trial.of(MODEL, PARAMS, MEASURE));
  }

  @Test
  void equalDurationsWrittenDifferentlyGiveTheSameId() {
    MeasureSettings inMillis = new MeasureSettings(50, Duration.ofMillis(1000), 100, Duration.ofMillis(60_000));
    assertEquals(Trial.of(MODEL, PARAMS, MEASURE).id(), Trial.of(MODEL, PARAMS, inMillis).id());
  }

  @Test
  void idChangesWhenAnyParameterChanges() {
    List<Trial> variants = List.of(
        Trial.of(MODEL, PARAMS, MEASURE),
        Trial.of(new ModelRef("mobilenet", SHA_B, 1_882_904), PARAMS, MEASURE),
        Trial.of(MODEL, new TrialParams(8, 2, true), MEASURE),
        Trial.of(MODEL, new TrialParams(4, 1, true), MEASURE),
        Trial.of(MODEL, new TrialParams(4, 2, false), MEASURE),
        Trial.of(MODEL, PARAMS, new MeasureSettings(51, Duration.ofSeconds(1), 100, Duration.ofSeconds(60))),
        Trial.of(MODEL, PARAMS, new MeasureSettings(50, Duration.ofSeconds(2), 100, Duration.ofSeconds(60))),
        Trial.of(MODEL, PARAMS, new MeasureSettings(50, Duration.ofSeconds(1), 101, Duration.ofSeconds(60))),
        Trial.of(MODEL, PARAMS, new MeasureSettings(50, Duration.ofSeconds(1), 100, Duration.ofSeconds(61))));

    Set<String> ids = new HashSet<>();
    variants.forEach(t -> ids.add(t.id()));
    assertEquals(variants.size(), ids.size(), () -> "ids collide: " + variants);
  }

  @Test
  void idDoesNotDependOnTheModelsNameSizeFieldOrPath() {
    ModelFile here = new ModelFile("mobilenet", Path.of("models/a.tflite"), SHA_A, 10, ModelFormat.TFLITE);
    ModelFile elsewhere = new ModelFile("renamed", Path.of("/elsewhere/b.tflite"), SHA_A, 10, ModelFormat.TFLITE);
    ModelRef otherName = new ModelRef("other-name", SHA_A, 1_882_904);

    String id = Trial.of(MODEL, PARAMS, MEASURE).id();
    assertEquals(id, Trial.of(here, PARAMS, MEASURE).id());
    assertEquals(id, Trial.of(elsewhere, PARAMS, MEASURE).id());
    assertEquals(id, Trial.of(otherName, PARAMS, MEASURE).id());
  }

  @Test
  void trialFromAModelFileCarriesItsRef() {
    ModelFile file = new ModelFile("m", Path.of("m.tflite"), SHA_B, 53_936, ModelFormat.TFLITE);
    Trial trial = Trial.of(file, PARAMS, MEASURE);
    assertEquals(new ModelRef("m", SHA_B, 53_936), trial.model());
    assertEquals(PARAMS, trial.params());
    assertEquals(MEASURE, trial.measure());
    assertNotEquals(Trial.of(MODEL, PARAMS, MEASURE).id(), trial.id());
  }
}
