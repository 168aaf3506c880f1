package dev.tierbench.coordinator.preparation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import dev.tierbench.common.dataset.Dataset;
import dev.tierbench.common.dataset.DatasetReader;
import dev.tierbench.common.dataset.EvalSet;
import dev.tierbench.common.dataset.ImageFolder;
import dev.tierbench.common.dataset.Task;
import dev.tierbench.common.io.AtomicFiles;
import dev.tierbench.common.io.InputFiles;
import dev.tierbench.common.io.InvalidUtf8Exception;
import dev.tierbench.common.io.Utf8;
import dev.tierbench.common.model.ModelFile;
import dev.tierbench.common.model.ModelInspector;
import dev.tierbench.common.model.TensorDesc;
import dev.tierbench.common.protocol.EvalRef;
import dev.tierbench.common.sweep.EvalSpec;
import dev.tierbench.common.sweep.FileModelSource;
import dev.tierbench.common.sweep.InputPaths;
import dev.tierbench.common.yaml.YamlException;
import dev.tierbench.coordinator.plan.EvalFile;

/**
 * The evaluation set of a model file scored on labelled data: images read at the model's input size (from its
 * graph), or a CSV's rows checked against that input; written once into the cache under the hash of their bytes,
 * served to agents by that hash.
 */
final class EvalSets {

  private EvalSets() {}

  /** @throws YamlException naming where the sweep declares the set, for anything that keeps it from being made */
  static EvalFile of(FileModelSource source, ModelFile model, InputPaths inputs, Path cacheDir) {
    EvalSpec spec = source.eval();
    try {
      TensorDesc input = ModelInspector.inspect(model.path()).inputs().get(0);
      List<String> labels = spec.labels() == null ? null : labels(inputs.resolve(spec.labels()));
      Dataset set = spec.images() != null ? images(source, spec, input, labels, inputs)
          : csv(source, spec, input, labels, inputs);
      byte[] bytes = EvalSet.write(set);
      String sha256 = HexFormat.of().formatHex(ModelFile.newDigest().digest(bytes));
      Path file = cacheDir.resolve("eval").resolve(sha256 + ".tbev");
      if (!Files.isRegularFile(file)) {
        AtomicFiles.write(file, bytes);
      }
      return new EvalFile(new EvalRef(set.name(), sha256, bytes.length), file);
    } catch (IllegalArgumentException e) {
      throw new YamlException(spec.location(), source.name() + ": " + e.getMessage());
    } catch (IOException e) {
      throw new YamlException(spec.location(), source.name() + ": cannot make its evaluation set: " + e.getMessage());
    }
  }

  /** A label file's lines: a regular file of at most {@link InputFiles#MAX_LABELS_BYTES}, in UTF-8. */
  private static List<String> labels(Path file) throws IOException {
    try {
      return Utf8.decode(InputFiles.read(file, "label file", InputFiles.MAX_LABELS_BYTES)).lines().toList();
    } catch (InvalidUtf8Exception e) {
      throw new IllegalArgumentException(file + ":" + e.line() + ":" + e.column() + ": " + e.getMessage(), e);
    }
  }

  private static Dataset images(FileModelSource source, EvalSpec spec, TensorDesc input, List<String> labels,
      InputPaths inputs) {
    int[] shape = input.shape();
    if (shape.length != 4 || shape[3] != 3) {
      throw new YamlException(spec.location(), source.name() + ": scoring on images needs an image model (input"
          + " [batch, height, width, 3]); its input is " + Arrays.toString(shape));
    }
    return ImageFolder.read(inputs.resolve(spec.images()), labels, shape[1], shape[2], spec.mean(), spec.std());
  }

  /** A CSV's samples, each as many values as one sample of the model's input. */
  private static Dataset csv(FileModelSource source, EvalSpec spec, TensorDesc input, List<String> labels,
      InputPaths inputs) {
    Dataset set = DatasetReader.csv(inputs.resolve(spec.csv()), spec.label(),
        labels == null ? Task.REGRESSION : Task.CLASSIFICATION, labels);
    int[] shape = input.shape();
    long perSample = Arrays.stream(shape).skip(1).asLongStream().reduce(1, (a, b) -> a * b);
    if (perSample != set.width()) {
      throw new YamlException(spec.location(), source.name() + ": " + spec.csv() + " has " + set.width()
          + " features per sample but the model's input " + Arrays.toString(shape) + " takes " + perSample);
    }
    return set;
  }
}
