package dev.tierbench.coordinator.training;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.tierbench.common.dataset.Dataset;
import dev.tierbench.common.dataset.DatasetReader;
import dev.tierbench.common.dataset.EvalSet;
import dev.tierbench.common.dataset.Split;
import dev.tierbench.common.dataset.Task;
import dev.tierbench.common.generate.GeneratedModel;
import dev.tierbench.common.generate.Generators;
import dev.tierbench.common.generate.Graph;
import dev.tierbench.common.io.AtomicFiles;
import dev.tierbench.common.model.ModelFile;
import dev.tierbench.common.model.ModelFormat;
import dev.tierbench.common.protocol.EvalRef;
import dev.tierbench.common.sweep.GeneratedModelSource;
import dev.tierbench.common.sweep.InputPaths;
import dev.tierbench.common.sweep.TrainSpec;
import dev.tierbench.common.yaml.YamlException;
import dev.tierbench.coordinator.plan.EvalFile;

/**
 * Generated variants trained on their dataset: the dataset read and split (seeded, stratified), standardised
 * on its training part, the MLP trained with PyTorch, written by the generator (int8 with the training split
 * as calibration when {@code quantize: int8}), and the test split kept as the evaluation set agents score it on.
 * Everything is cached under the hash of what determines it, so a second sweep over the same variants trains
 * nothing.
 */
public final class TrainedModels {

  private static final Logger LOG = LoggerFactory.getLogger(TrainedModels.class);
  /** Bumped when training changes what it produces, so that older cached results are not reused. */
  private static final int VERSION = 3;
  private static final double VALIDATION = 0.2;
  private static final double TEST = 0.2;
  private static final int CALIBRATION_SAMPLES = 64;

  /**
   * A trained variant: its model file, its held-out set and how the training went. When training failed
   * ({@code problem} says how), {@code model} is the untrained variant, standing in so that the variant's tasks
   * exist and fail with that reason while the rest of the sweep runs; {@code evaluation} and {@code record} are
   * then null.
   */
  public record Trained(ModelFile model, EvalFile evaluation, TrainingRecord record, String problem) {}

  /** How a variant was trained, kept with it. */
  public record TrainingRecord(String dataset, int trainSamples, int testSamples, int epochs, double learningRate,
      int batch, long splitSeed, List<Double> losses, double seconds, double trainingFlops) {}

  /** A variant's dataset, read and checked against the family, with the parameters it fixes: ready to train. */
  public record Prepared(GeneratedModelSource source, Dataset data, Map<String, String> params) {}

  private TrainedModels() {}

  /**
   * Reads the variant's dataset and fits the family's parameters to it, so that every dataset problem of a
   * sweep is reported before any variant trains. {@code read} keeps the datasets read so far: the variants of a
   * sweep mostly share one.
   *
   * @throws YamlException naming where the model is declared, for a dataset that cannot be read or does not fit
   */
  public static Prepared prepare(GeneratedModelSource source, InputPaths inputs, Map<String, Dataset> read) {
    TrainSpec train = source.train();
    // How the file is read: texts for the encoder, classes or values (the MLP's task) for the others.
    String key = train.dataset() + "|" + train.label() + "|" + (source.family().equals("encoder") ? "text"
        : Generators.resolve(source.family(), source.params()).get("task"));
    try {
      Dataset data = read.get(key);
      if (data == null) {
        data = dataset(train, source, inputs);
        read.put(key, data);
      }
      return new Prepared(source, data, TrainingData.fit(source.family(), source.params(), data));
    } catch (IllegalArgumentException e) {
      throw new YamlException(source.train().location(), source.name() + ": " + e.getMessage());
    }
  }

  /**
   * @throws YamlException naming where the model is declared, for a model that cannot be written
   */
  public static Trained materialize(Prepared prepared, InputPaths inputs, Path cacheDir, TrainingProgress progress) {
    GeneratedModelSource source = prepared.source();
    TrainSpec train = source.train();
    Dataset data = prepared.data();
    Map<String, String> params = prepared.params();
    try {
      Graph untrained = Generators.build(source.family(), params);
      Split split = Split.of(data, VALIDATION, TEST, train.splitSeed());
      TrainingData.Shaped shaped = TrainingData.shape(source.family(), untrained, data.select(split.train()),
          data.select(split.test()));
      Dataset scaledTrain = shaped.train();
      Dataset test = shaped.test();
      byte[] testBytes = EvalSet.write(new Dataset(data.name() + "-test", test.task(), test.classes(),
          test.features(), test.targets()));
      // One training per architecture: the float32 and int8 models of a variant share its trained weights.
      Map<String, String> architecture = new LinkedHashMap<>(params);
      architecture.remove("quantize");
      architecture.remove("format");
      String key = key(source.family(), architecture, train, EvalSet.write(data));
      String precision = Generators.int8(source.family(), params) ? "int8" : "float32";
      Path folder = cacheDir.resolve("trained");
      Path weights = folder.resolve(source.family() + "-" + key + ".weights");
      Path record = folder.resolve(source.family() + "-" + key + ".json");
      Path eval = folder.resolve(source.family() + "-" + key + ".tbev");
      Path model = folder.resolve(source.family() + "-" + key + "-" + precision
          + Generators.extension(source.family(), params));
      ObjectMapper json = new ObjectMapper();
      boolean cached = Files.isRegularFile(weights) && Files.isRegularFile(record);
      Graph trained;
      if (cached) {
        trained = WeightsFile.read(weights, untrained);
      } else {
        long seed = Long.parseLong(Generators.resolve(source.family(), params).get("seed"));
        TrainedGraph run = GraphTrainer.train(untrained, scaledTrain, new TrainSettings(train.epochs(),
            train.learningRate(), train.batch(), seed),
            (loss, epoch) -> progress.epoch(source.name(), epoch, train.epochs(), loss));
        trained = run.graph();
        WeightsFile.write(weights, trained);
        AtomicFiles.write(record, json.writeValueAsBytes(new TrainingRecord(data.name(), scaledTrain.size(),
            test.size(), train.epochs(), train.learningRate(), train.batch(), train.splitSeed(), run.losses(),
            run.seconds(), run.trainingFlops())));
      }
      Path twin = ModelFormat.tfliteTwin(model);
      boolean onnx = Generators.onnx(source.family(), params);
      if (!Files.isRegularFile(model) || onnx && !Files.isRegularFile(twin)) {
        GeneratedModel written = Generators.write(source.family(), params, trained, () -> calibration(scaledTrain));
        AtomicFiles.write(model, written.file());
        if (onnx) {
          AtomicFiles.write(twin, written.tflite());
        }
      }
      if (!Files.isRegularFile(eval)) {
        AtomicFiles.write(eval, testBytes);
      }
      ModelFile file = ModelFile.read(source.name(), model);
      EvalFile evaluation = new EvalFile(new EvalRef(data.name() + "-test", ModelFile.sha256(eval), Files.size(eval)),
          eval);
      TrainingRecord done = json.readValue(record.toFile(), TrainingRecord.class);
      progress.done(source.name(), done, cached);
      return new Trained(file, evaluation, done, null);
    } catch (TrainingDivergedException e) {
      LOG.warn("{}: {}; its tasks fail, the sweep goes on", source.name(), e.getMessage());
      return new Trained(source.materialize(inputs, cacheDir), null, null, "training " + source.name() + " on "
          + train.dataset() + ": " + e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new YamlException(train.location(), source.name() + ": " + e.getMessage());
    } catch (IOException e) {
      throw new YamlException(train.location(), source.name() + ": cannot write the trained model under " + cacheDir
          + ": " + e.getMessage());
    }
  }

  /**
   * A shipped dataset by name (from the sweep's data/ folder), else a CSV file relative to the sweep: texts and
   * their label for the encoder, numeric features otherwise.
   */
  private static Dataset dataset(TrainSpec train, GeneratedModelSource source, InputPaths inputs) {
    if (DatasetReader.builtins().contains(train.dataset())) {
      return DatasetReader.builtin(train.dataset(), inputs.resolve("data"));
    }
    if (train.label().isBlank()) {
      throw new IllegalArgumentException("dataset '" + train.dataset() + "' is not a shipped one ("
          + String.join(", ", DatasetReader.builtins()) + "); a CSV file needs 'label: COLUMN'");
    }
    Path file = inputs.resolve(train.dataset());
    if (source.family().equals("encoder")) {
      return DatasetReader.words(file, train.label());
    }
    boolean classify = !"regress".equals(Generators.resolve(source.family(), source.params()).get("task"));
    return DatasetReader.csv(file, train.label(),
        classify ? Task.CLASSIFICATION : Task.REGRESSION);
  }

  private static String key(String family, Map<String, String> params, TrainSpec train, byte[] data) throws IOException {
    var digest = ModelFile.newDigest();
    digest.update((Generators.canonical(family, params) + ";" + train.canonical() + ";trainer v" + VERSION)
        .getBytes(StandardCharsets.UTF_8));
    digest.update(data);
    return HexFormat.of().formatHex(digest.digest(), 0, 16);
  }

  private static List<float[]> calibration(Dataset train) {
    List<float[]> samples = new ArrayList<>();
    for (int i = 0; i < Math.min(CALIBRATION_SAMPLES, train.size()); i++) {
      samples.add(train.features()[i]);
    }
    return samples;
  }
}
