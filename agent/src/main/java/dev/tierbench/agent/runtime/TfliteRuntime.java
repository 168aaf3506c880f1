package dev.tierbench.agent.runtime;

import java.io.File;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.tensorflow.lite.DataType;
import org.tensorflow.lite.Interpreter;
import org.tensorflow.lite.Tensor;
import org.tensorflow.lite.TensorFlowLite;

import ai.djl.engine.Engine;
import dev.tierbench.common.model.ModelFormat;
import dev.tierbench.common.protocol.TrialParams;

/**
 * TensorFlow Lite through DJL's TFLite engine. DJL loads the native library (from the Maven jar, offline);
 * the model is then run through the engine's bundled {@link Interpreter} with preallocated direct buffers,
 * because DJL's NDArray path adds tens of microseconds per call and cannot set threads or XNNPACK.
 */
public final class TfliteRuntime implements InferenceRuntime {

  private static final long INPUT_SEED = 0x7e57_da7aL;

  private final String version;

  private TfliteRuntime(String version) {
    this.version = version;
  }

  /** DJL's own library for this platform (linux-x86_64 is the one its Maven jars ship). */
  public static TfliteRuntime start() {
    return start(null, null);
  }

  /**
   * Loads the native library through DJL, never from the network: {@code library} when given (a build for a
   * platform DJL ships none for, placed under {@code cacheDir}), else the one in DJL's jar.
   *
   * @throws EngineUnavailableException when DJL has no library for this platform and none is given
   * @throws dev.tierbench.common.cli.UserException in one line for a library that cannot be used
   */
  public static synchronized TfliteRuntime start(Path library, Path cacheDir) {
    Offline.enforce();
    if (library != null) {
      NativeLibrary.install(library, cacheDir);
    }
    try {
      Engine.getEngine("TFLite");
      TensorFlowLite.init();
      // Engine.getVersion() reports a stale 2.4.1; the native library knows its real version.
      return new TfliteRuntime(TensorFlowLite.runtimeVersion());
    } catch (RuntimeException | LinkageError e) {
      String platform = NativeLibrary.classifier();
      if (library == null && !platform.equals("linux-x86_64")) {
        throw new EngineUnavailableException("TFLite has no library for " + platform + " in DJL's jars"
            + " (they ship linux-x86_64): build libtensorflowlite_jni.so for it (deploy/arm/README.md) and start"
            + " the agent with --tflite-library PATH");
      }
      throw new dev.tierbench.common.cli.UserException("TFLite cannot start on " + platform
          + (library == null ? "" : " with " + library) + ": " + rootMessage(e));
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getClass().getSimpleName() + ": " + firstLine(t.getMessage());
  }

  @Override
  public String describe() {
    return ModelFormat.TFLITE.engine() + " " + version;
  }

  @Override
  public LoadedModel load(Path model, TrialParams params) throws ModelLoadException {
    Interpreter.Options options = new Interpreter.Options()
        .setNumThreads(params.threads())
        .setUseXNNPACK(params.xnnpack());
    Interpreter interpreter;
    try {
      interpreter = new Interpreter(new File(model.toString()), options);
    } catch (RuntimeException e) {
      throw new ModelLoadException(describe() + " cannot load the model: " + firstLine(e.getMessage()), e);
    }
    try {
      resizeBatch(interpreter, params.batch());
      return new Loaded(describe(), interpreter);
    } catch (RuntimeException e) {
      interpreter.close();
      throw new ModelLoadException(describe() + " cannot prepare the model with batch " + params.batch() + ", "
          + params.threads() + " thread(s), xnnpack " + (params.xnnpack() ? "on" : "off") + ": "
          + firstLine(e.getMessage()), e);
    }
  }

  /** TFLite puts the batch in the first dimension of every input. */
  private void resizeBatch(Interpreter interpreter, int batch) {
    for (int i = 0; i < interpreter.getInputTensorCount(); i++) {
      int[] shape = interpreter.getInputTensor(i).shape();
      if (shape.length == 0) {
        if (batch != 1) {
          throw new IllegalArgumentException("input " + i + " is a scalar: it has no batch dimension");
        }
        continue;
      }
      if (shape[0] != batch) {
        shape[0] = batch;
        interpreter.resizeInput(i, shape, false);
      }
    }
    interpreter.allocateTensors();
  }

  private static String firstLine(String message) {
    return message == null ? "(no message)" : message.strip().lines().findFirst().orElse("");
  }

  private static final class Loaded implements LoadedModel {
    private final String engine;
    private final Interpreter interpreter;
    private final Object[] inputs;
    private final ByteBuffer[] inputBuffers;
    private final Map<Integer, Object> outputs = new HashMap<>();
    private final ByteBuffer[] outputBuffers;

    Loaded(String engine, Interpreter interpreter) {
      this.engine = engine;
      this.interpreter = interpreter;
      SplittableRandom random = new SplittableRandom(INPUT_SEED);
      inputBuffers = new ByteBuffer[interpreter.getInputTensorCount()];
      for (int i = 0; i < inputBuffers.length; i++) {
        Tensor tensor = interpreter.getInputTensor(i);
        inputBuffers[i] = direct(tensor.numBytes());
        fill(inputBuffers[i], tensor.dataType(), random);
      }
      inputs = inputBuffers.clone();
      outputBuffers = new ByteBuffer[interpreter.getOutputTensorCount()];
      for (int i = 0; i < outputBuffers.length; i++) {
        outputBuffers[i] = direct(interpreter.getOutputTensor(i).numBytes());
        outputs.put(i, outputBuffers[i]);
      }
    }

    private static ByteBuffer direct(int bytes) {
      return ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
    }

    /**
     * Deterministic input of the tensor's type. Integer inputs other than 8-bit are usually indices
     * (token ids), so they get zeros, which every embedding accepts.
     */
    private static void fill(ByteBuffer buffer, DataType type, SplittableRandom random) {
      switch (type) {
        case FLOAT32 -> {
          while (buffer.remaining() >= 4) {
            buffer.putFloat((float) random.nextDouble());
          }
        }
        case UINT8, INT8 -> {
          while (buffer.hasRemaining()) {
            buffer.put((byte) random.nextInt(256));
          }
        }
        default -> {
          // zero-filled by allocateDirect
        }
      }
      buffer.rewind();
    }

    @Override
    public String engine() {
      return engine;
    }

    @Override
    public void run() {
      for (ByteBuffer in : inputBuffers) {
        in.rewind();
      }
      for (ByteBuffer out : outputBuffers) {
        out.rewind();
      }
      interpreter.runForMultipleInputsOutputs(inputs, outputs);
    }

    @Override
    public List<TensorInfo> inputs() {
      List<TensorInfo> list = new ArrayList<>();
      for (int i = 0; i < interpreter.getInputTensorCount(); i++) {
        list.add(info(interpreter.getInputTensor(i)));
      }
      return list;
    }

    @Override
    public List<TensorInfo> outputs() {
      List<TensorInfo> list = new ArrayList<>();
      for (int i = 0; i < interpreter.getOutputTensorCount(); i++) {
        list.add(info(interpreter.getOutputTensor(i)));
      }
      return list;
    }

    private static TensorInfo info(Tensor tensor) {
      return new TensorInfo(tensor.name(), tensor.dataType().name().toLowerCase(java.util.Locale.ROOT), tensor.shape(),
          tensor.quantizationParams().getScale(), tensor.quantizationParams().getZeroPoint());
    }

    @Override
    public ByteBuffer input(int index) {
      return inputBuffers[index].duplicate().order(ByteOrder.nativeOrder()).rewind();
    }

    @Override
    public ByteBuffer output(int index) {
      return outputBuffers[index].asReadOnlyBuffer().rewind().order(ByteOrder.nativeOrder());
    }

    @Override
    public void close() {
      interpreter.close();
    }
  }
}
