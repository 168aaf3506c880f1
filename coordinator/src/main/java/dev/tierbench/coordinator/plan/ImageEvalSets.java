package dev.tierbench.coordinator.plan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import dev.tierbench.common.dataset.Dataset;
import dev.tierbench.common.dataset.EvalSet;
import dev.tierbench.common.dataset.ImageFolder;
import dev.tierbench.common.model.ModelFile;
import dev.tierbench.common.model.ModelInspector;
import dev.tierbench.common.model.TensorDesc;
import dev.tierbench.common.protocol.EvalRef;
import dev.tierbench.common.sweep.EvalSpec;
import dev.tierbench.common.sweep.FileModelSource;
import dev.tierbench.common.yaml.YamlException;

/**
 * The evaluation set of a model file scored on labelled images: the images read at the model's input size
 * (from its graph), written once into the cache under the hash of their bytes, served to agents by that hash.
 */
final class ImageEvalSets {

  private ImageEvalSets() {}

  /** @throws YamlException naming where the sweep declares the set, for anything that keeps it from being made */
  static EvalFile of(FileModelSource source, ModelFile model, Path sweepDir, Path cacheDir) {
    EvalSpec spec = source.eval();
    try {
      TensorDesc input = ModelInspector.inspect(model.path()).inputs().get(0);
      int[] shape = input.shape();
      if (shape.length != 4 || shape[3] != 3) {
        throw new YamlException(spec.location(), source.name() + ": scoring on images needs an image model (input"
            + " [batch, height, width, 3]); its input is " + Arrays.toString(shape));
      }
      List<String> labels = Files.readAllLines(sweepDir.resolve(spec.labels()));
      Dataset images = ImageFolder.read(sweepDir.resolve(spec.images()), labels, shape[1], shape[2]);
      byte[] bytes = EvalSet.write(images);
      String sha256 = HexFormat.of().formatHex(ModelFile.newDigest().digest(bytes));
      Path folder = cacheDir.resolve("eval");
      Files.createDirectories(folder);
      Path file = folder.resolve(sha256 + ".tbev");
      if (!Files.isRegularFile(file)) {
        Path partial = folder.resolve(sha256 + ".tbev.part");
        Files.write(partial, bytes);
        Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      }
      return new EvalFile(new EvalRef(images.name(), sha256, bytes.length), file);
    } catch (IllegalArgumentException e) {
      throw new YamlException(spec.location(), source.name() + ": " + e.getMessage());
    } catch (IOException e) {
      throw new YamlException(spec.location(), source.name() + ": cannot make its evaluation set: " + e.getMessage());
    }
  }
}
