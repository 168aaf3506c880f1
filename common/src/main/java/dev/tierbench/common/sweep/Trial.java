package dev.tierbench.common.sweep;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import dev.tierbench.common.config.Durations;
import dev.tierbench.common.model.ModelFile;
import dev.tierbench.common.protocol.MeasureSettings;
import dev.tierbench.common.protocol.ModelRef;
import dev.tierbench.common.protocol.Scenario;
import dev.tierbench.common.protocol.TrialParams;

/**
 * One point of a sweep: a model run with some parameters under some measurement settings. Its id is a hash
 * of exactly those (the model by content, not by path or name), so a re-run finds the trials it already has.
 */
public record Trial(String id, ModelRef model, TrialParams params, MeasureSettings measure) {

  private static final int ID_HEX_DIGITS = 16;

  public static Trial of(ModelRef model, TrialParams params, MeasureSettings measure) {
    return new Trial(idOf(canonical(model.sha256(), params, measure)), model, params, measure);
  }

  public static Trial of(ModelFile model, TrialParams params, MeasureSettings measure) {
    return of(model.ref(), params, measure);
  }

  /**
   * The parameters that define the trial, in a fixed order and format. A trial on TFLite 2.6 keeps the form it had
   * before trials named their engine, so that results measured then are found again as that engine's.
   */
  public static String canonical(String modelSha256, TrialParams params, MeasureSettings measure) {
    return "model=" + modelSha256
        + ";batch=" + params.batch()
        + ";threads=" + params.threads()
        + ";xnnpack=" + params.xnnpack()
        + (params.cpus().isEmpty() ? "" : ";cpus=" + params.cpus())
        + ";scenario=" + params.scenario().key()
        + (params.scenario() == Scenario.SERVER ? ";rate=" + params.rate() + ";latency-bound="
            + Durations.format(measure.latencyBound()) + ";seed=" + measure.seed() : "")
        + ";warmup=" + measure.warmup()
        + ";max-warmup=" + Durations.format(measure.maxWarmup())
        + ";stability-windows=" + measure.stabilityWindows()
        + ";stability-tolerance=" + measure.stabilityTolerance()
        + ";min-duration=" + Durations.format(measure.minDuration())
        + ";min-queries=" + measure.minQueries()
        + ";max-duration=" + Durations.format(measure.maxDuration())
        + engine(params);
  }

  private static String engine(TrialParams params) {
    return switch (params.engine()) {
      case TFLITE_2_6 -> "";
      case TFLITE -> ";engine=" + params.engine().key();
      case ONNXRUNTIME -> ";engine=" + params.engine().key() + ";optimization=" + params.optimization().key()
          + ";provider=" + params.provider().key();
    };
  }

  private static String idOf(String canonical) {
    byte[] digest = ModelFile.newDigest().digest(canonical.getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(digest).substring(0, ID_HEX_DIGITS);
  }

  public String canonical() {
    return canonical(model.sha256(), params, measure);
  }
}
