package dev.tierbench.agent.cache;

import java.nio.file.Path;

import dev.tierbench.common.model.ModelFormat;
import dev.tierbench.common.protocol.EvalRef;
import dev.tierbench.common.protocol.ModelRef;

/**
 * Where a task's files come from: the local file holding a model or an evaluation set, given by its content hash.
 * An agent downloads them from its coordinator ({@link DownloadCache}); a task pipeline needs only this.
 */
public interface Fetcher {

  /**
   * The local file holding {@code model} as a file of {@code format}.
   *
   * @param modelsUrl where the coordinator serves models
   * @throws FetchException saying whether trying again could help
   */
  Path fetch(ModelRef model, ModelFormat format, String modelsUrl) throws FetchException;

  /** The local file holding evaluation set {@code set}, served next to the models at {@code modelsUrl}. */
  Path fetch(EvalRef set, String modelsUrl) throws FetchException;
}
