package dev.tierbench.agent.task;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import dev.tierbench.agent.cache.FetchException;
import dev.tierbench.agent.cache.Fetcher;
import dev.tierbench.common.model.ModelFile;
import dev.tierbench.common.model.ModelFormat;
import dev.tierbench.common.protocol.EvalRef;
import dev.tierbench.common.protocol.ModelRef;

/** Files on this disk by content hash: what a task pipeline fetches, without a coordinator to download from. */
final class LocalFiles implements Fetcher {

  private final Map<String, Path> bySha256 = new HashMap<>();

  /** {@code file} as a task names it. */
  ModelRef model(String name, Path file) throws IOException {
    String sha256 = ModelFile.sha256(file);
    bySha256.put(sha256, file);
    return new ModelRef(name, sha256, Files.size(file));
  }

  EvalRef set(String name, Path file) throws IOException {
    String sha256 = ModelFile.sha256(file);
    bySha256.put(sha256, file);
    return new EvalRef(name, sha256, Files.size(file));
  }

  @Override
  public Path fetch(ModelRef model, ModelFormat format, String modelsUrl) throws FetchException {
    return find("model " + model.name(), model.sha256());
  }

  @Override
  public Path fetch(EvalRef set, String modelsUrl) throws FetchException {
    return find("evaluation set " + set.name(), set.sha256());
  }

  private Path find(String what, String sha256) throws FetchException {
    Path file = bySha256.get(sha256);
    if (file == null) {
      throw new FetchException(what + " is not among the local files", false);
    }
    return file;
  }
}
