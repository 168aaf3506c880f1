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
   * @param sweepDir the folder of the sweep file; relative paths are resolved against it
   * @param cacheDir where generated models are kept, by content hash, so a variant is built once
   * @throws dev.tierbench.common.yaml.YamlException naming {@link #location()} if the model cannot be had
   */
  ModelFile materialize(Path sweepDir, Path cacheDir);

  /** As {@link #materialize(Path, Path)} with the default cache folder. */
  default ModelFile materialize(Path sweepDir) {
    return materialize(sweepDir, Path.of(dev.tierbench.common.config.Defaults.get("cache-dir")));
  }
}
