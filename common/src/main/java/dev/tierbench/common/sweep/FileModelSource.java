package dev.tierbench.common.sweep;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.tierbench.common.io.InputFiles;
import dev.tierbench.common.io.RefusedFileException;
import dev.tierbench.common.model.ModelFile;
import dev.tierbench.common.yaml.Location;
import dev.tierbench.common.yaml.YamlException;

/**
 * A model given as a {@code .tflite} file path, absolute or relative to the sweep file.
 *
 * @param family as the sweep names it; the model's own name when it names none
 * @param eval the labelled data to score it on, or null
 */
public record FileModelSource(String name, String path, String family, Location location, EvalSpec eval)
    implements ModelSource {

  public FileModelSource(String name, String path, Location location) {
    this(name, path, name, location);
  }

  public FileModelSource(String name, String path, String family, Location location) {
    this(name, path, family, location, null);
  }

  @Override
  public ModelFile materialize(InputPaths inputs, Path cacheDir) {
    Path file;
    try {
      file = inputs.resolve(path);
    } catch (IllegalArgumentException e) {
      throw new YamlException(location, e.getMessage());
    }
    if (!Files.exists(file)) {
      throw new YamlException(location, "model file '" + path + "' not found (looked for " + file.toAbsolutePath() + ")");
    }
    try {
      // A device would be hashed forever, a FIFO block: only a regular file is read.
      InputFiles.requireRegular(file, "model file");
      return ModelFile.read(name, file);
    } catch (RefusedFileException e) {
      throw new YamlException(location, "model file '" + path + "' " + e.reason());
    } catch (IOException e) {
      throw new YamlException(location, "model file '" + path + "' cannot be read: " + e.getMessage());
    }
  }
}
