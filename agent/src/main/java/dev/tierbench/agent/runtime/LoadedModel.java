package dev.tierbench.agent.runtime;

import java.nio.ByteBuffer;
import java.util.List;

/** A model loaded into an engine with its buffers allocated; not thread-safe. */
public interface LoadedModel extends AutoCloseable {

  /** One query: copy the inputs in, run the model, copy the outputs out. This is what is timed. */
  void run();

  List<TensorInfo> inputs();

  List<TensorInfo> outputs();

  /** A read-only view of output {@code index} as of the last {@link #run()}. */
  ByteBuffer output(int index);

  @Override
  void close();
}
