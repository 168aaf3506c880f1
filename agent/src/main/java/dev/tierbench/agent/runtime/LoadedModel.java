package dev.tierbench.agent.runtime;

import java.nio.ByteBuffer;
import java.util.List;

/** A model loaded into an engine with its buffers allocated; not thread-safe. */
public interface LoadedModel extends AutoCloseable {

  /** The engine running it and its version, e.g. {@code TFLite 2.6.2}. */
  String engine();

  /** One query: copy the inputs in, run the model, copy the outputs out. This is what is timed. */
  void run();

  List<TensorInfo> inputs();

  List<TensorInfo> outputs();

  /**
   * Input {@code index}'s buffer, filled with deterministic data at load. Whatever is written here (from
   * position 0, native byte order) is the next {@link #run()}'s input: accuracy evaluation feeds real samples.
   */
  ByteBuffer input(int index);

  /** A read-only view of output {@code index} as of the last {@link #run()}. */
  ByteBuffer output(int index);

  @Override
  void close();
}
