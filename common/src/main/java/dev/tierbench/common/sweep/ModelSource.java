package dev.tierbench.common.sweep;

import java.nio.file.Path;

import dev.tierbench.common.model.ModelFile;
import dev.tierbench.common.yaml.Location;

/**
 * Where a sweep's model comes from: a file today, a generator later. The coordinator turns each source
 * into a {@link ModelFile} once, before planning.
 */
public interface ModelSource {

  /** The model's name in results and reports. */
  String name();

  /** The family it belongs to (a generator's, or one the sweep names): scaling fits compare within one. */
  String family();

  /** Where the sweep file declares it, for errors. */
  Location location();

  /**
   * @param inputs what the paths written in the sweep mean
   * @param cacheDir where generated models are kept, by content hash, so a variant is built once
   * @throws dev.tierbench.common.yaml.YamlException naming {@link #location()} if the model cannot be had
   */
  ModelFile materialize(InputPaths inputs, Path cacheDir);

  /** As {@link #materialize(InputPaths, Path)} with the default cache folder. */
  default ModelFile materialize(InputPaths inputs) {
    return materialize(inputs, Path.of(dev.tierbench.common.config.Defaults.get("cache-dir")));
  }
}
