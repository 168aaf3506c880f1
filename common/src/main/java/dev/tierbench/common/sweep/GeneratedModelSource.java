package dev.tierbench.common.sweep;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;

import dev.tierbench.common.generate.GeneratedModel;
import dev.tierbench.common.generate.Generators;
import dev.tierbench.common.io.AtomicFiles;
import dev.tierbench.common.model.ModelFile;
import dev.tierbench.common.model.ModelFormat;
import dev.tierbench.common.yaml.Location;
import dev.tierbench.common.yaml.YamlException;

/**
 * One variant of a generator family. Built at most once: the file is kept in the cache folder under the hash
 * of the family, its parameters and the generator version, and reused by any later sweep. With {@code train},
 * the coordinator trains it on a dataset first (and {@link #materialize} is not how it is built).
 */
public record GeneratedModelSource(String name, String family, Map<String, String> params, Location location,
    TrainSpec train) implements ModelSource {

  /** An untrained variant: seeded weights. */
  public GeneratedModelSource(String name, String family, Map<String, String> params, Location location) {
    this(name, family, params, location, null);
  }

  public GeneratedModelSource {
    params = Map.copyOf(params);
  }

  /** The same variant written in {@code format}: a sweep writes each variant in the formats its engines run. */
  public GeneratedModelSource in(ModelFormat format) {
    Map<String, String> written = new java.util.LinkedHashMap<>(params);
    written.put("format", format == ModelFormat.ONNX ? "onnx" : "tflite");
    return new GeneratedModelSource(name, family, written, location, train);
  }

  @Override
  public ModelFile materialize(InputPaths inputs, Path cacheDir) {
    String canonical = Generators.canonical(family, params);
    byte[] digest = ModelFile.newDigest().digest(canonical.getBytes(StandardCharsets.UTF_8));
    Path file = cacheDir.resolve("generated").resolve(family + "-" + HexFormat.of().formatHex(digest, 0, 16)
        + Generators.extension(family, params));
    try {
      Path twin = ModelFormat.tfliteTwin(file);
      boolean onnx = Generators.onnx(family, params);
      if (!Files.isRegularFile(file) || onnx && !Files.isRegularFile(twin)) {
        GeneratedModel model = Generators.generate(family, params);
        AtomicFiles.write(file, model.file());
        if (onnx) {
          AtomicFiles.write(twin, model.tflite());
        }
      }
      return ModelFile.read(name, file);
    } catch (IllegalArgumentException e) {
      throw new YamlException(location, "cannot generate " + family + " " + params + ": " + e.getMessage());
    } catch (IOException e) {
      throw new YamlException(location, "cannot write the generated model to " + file + ": " + e.getMessage());
    }
  }
}
