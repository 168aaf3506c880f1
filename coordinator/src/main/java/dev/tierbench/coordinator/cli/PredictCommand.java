package dev.tierbench.coordinator.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.tierbench.common.cli.ConfigFileOption;
import dev.tierbench.common.cli.KeyValues;
import dev.tierbench.common.cli.UserException;
import dev.tierbench.common.generate.Generators;
import dev.tierbench.common.model.ModelFormatException;
import dev.tierbench.common.model.ModelInspector;
import dev.tierbench.common.model.ModelSummary;
import dev.tierbench.common.protocol.Engine;
import dev.tierbench.common.protocol.Scenario;
import dev.tierbench.coordinator.predict.Group;
import dev.tierbench.coordinator.predict.LatencyCase;
import dev.tierbench.coordinator.predict.Prediction;
import dev.tierbench.coordinator.predict.RunPredictions;
import dev.tierbench.coordinator.predict.TierModels;
import dev.tierbench.coordinator.store.StoredRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tierbench predict RUN --tier T [--model FILE | --generate FAMILY --param k=v]}: the median latency a stored
 * run's latency model predicts, with its 90 % interval, for the variants the run did not measure, or for a model it
 * never saw.
 */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Predict median latency on a tier of a stored run, with an interval: the run's unmeasured variants,"
        + " or a model file or generated model it never measured.")
public final class PredictCommand implements Callable<Integer> {

  @Mixin
  ConfigFileOption configFile;

  @Option(names = "--tier", paramLabel = "TIER", description = "The tier to predict for (default: ${DEFAULT-VALUE}).")
  String tier;

  @Option(names = "--model", paramLabel = "FILE", description = "A .tflite file to predict (default: the run's"
      + " unmeasured variants).")
  String model;

  @Option(names = "--generate", paramLabel = "FAMILY", description = "A generated model to predict: mlp, cnn or"
      + " encoder, with --param.")
  String generate;

  @Option(names = "--param", paramLabel = "NAME=VALUE", split = ",",
      description = "A parameter of the --generate family (repeatable), as for tierbench generate.")
  List<String> params;

  @Option(names = "--batch", paramLabel = "N", description = "Batch size of --model or --generate (default:"
      + " ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--threads", paramLabel = "N", description = "Threads of --model or --generate (default:"
      + " ${DEFAULT-VALUE}).")
  int threads;

  @Option(names = "--xnnpack", arity = "0..1", description = "XNNPACK for --model or --generate (default:"
      + " ${DEFAULT-VALUE}).")
  boolean xnnpack;

  @Option(names = "--engine", paramLabel = "ENGINE", description = "Engine of the latency model (default:"
      + " ${DEFAULT-VALUE}).")
  String engine;

  @Option(names = "--scenario", paramLabel = "SCENARIO", description = "Scenario of the latency model (default:"
      + " ${DEFAULT-VALUE}).")
  String scenario;

  @Mixin
  AnalysisOptions analysis;

  @Override
  public Integer call() throws IOException {
    StoredRun run = analysis.folder().load();
    if (!run.tiers().contains(tier)) {
      throw new UserException("run " + run.runId() + " has no tier '" + tier + "'; its tiers: "
          + String.join(", ", run.tiers()));
    }
    if (!model.isBlank() && !generate.isBlank()) {
      throw new UserException("give --model FILE or --generate FAMILY, not both");
    }
    RunPredictions predictions = RunPredictions.of(run, analysis.drawSeed);
    predictions.fits().stream().filter(f -> f.group().tier().equals(tier)).forEach(f -> System.out.printf(
        Locale.ROOT, "model %s: %d measured variant(s), held-out error %s; %s%n", f.group(), f.measured(),
        Double.isNaN(f.heldOutError()) ? "n/a (too few to cross-validate)"
            : String.format(Locale.ROOT, "%.1f %%", 100 * f.heldOutError()), f.basis()));
    if (model.isBlank() && generate.isBlank()) {
      List<RunPredictions.Predicted> onTier = predictions.predicted().stream().filter(p -> p.tier().equals(tier))
          .toList();
      if (onTier.isEmpty()) {
        System.out.println("every variant of tier " + tier + " that can be predicted was measured; predict another"
            + " model with --model FILE or --generate FAMILY --param k=v");
      }
      for (RunPredictions.Predicted p : onTier) {
        var trial = run.trial(p.trialId());
        System.out.println(line(trial.model().name() + String.format(Locale.ROOT, " (batch %d, threads %d, %s)",
            trial.params().batch(), trial.params().threads(), trial.params().engine().key()), p.prediction(),
            p.basis()));
      }
      return 0;
    }
    ModelSummary summary = summary();
    Group group = new Group(tier, Engine.byKey(engine).orElseThrow(() -> new UserException("--engine: no engine '"
        + engine + "'; engines: " + Engine.keys())).key(), Scenario.byKey(scenario).orElseThrow(
            () -> new UserException("--scenario: no scenario '" + scenario + "'")).key());
    LatencyCase variant = new LatencyCase(summary.flops(), summary.parameters(), summary.weightBytes(),
        Math.max(0, summary.peakActivationBytes()), summary.quantization().equals("int8"), batch, threads, xnnpack);
    TierModels models = TierModels.fit(RunPredictions.observations(run), List.of(group), RunPredictions.peaks(run),
        analysis.drawSeed);
    Prediction p = models.predict(group, variant).orElseThrow(() -> new UserException("run " + run.runId()
        + " measured too few variants of " + group + " to predict from (a latency model needs at least "
        + dev.tierbench.coordinator.predict.LatencyModel.MIN_OBSERVATIONS + ")"));
    System.out.println(line(summary.name() + String.format(Locale.ROOT, " (batch %d, threads %d)", batch, threads),
        p, models.basis(group).orElseThrow().how()));
    return 0;
  }

  private ModelSummary summary() throws IOException {
    if (!model.isBlank()) {
      try {
        return ModelInspector.inspect(Path.of(model));
      } catch (ModelFormatException e) {
        throw new UserException(model + ": " + e.getMessage());
      }
    }
    Map<String, String> given = KeyValues.parse(params, "parameter");
    List<String> known = new ArrayList<>(Generators.families());
    if (!known.contains(generate)) {
      throw new UserException("--generate: no family '" + generate + "'; families: " + String.join(", ", known));
    }
    return ModelInspector.inspect(generate, Generators.generate(generate, given).tflite());
  }

  private static String line(String what, Prediction p, String basis) {
    return String.format(Locale.ROOT, "%s: predicted p50 %.4g ms, 90 %% interval %.4g .. %.4g ms (%s)", what,
        p.p50Ms(), p.lowMs(), p.highMs(), basis);
  }
}
