package dev.tierbench.agent.runtime;

import java.io.File;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.tensorflow.lite.Interpreter;
import org.tensorflow.lite.Tensor;
import org.tensorflow.lite.TensorFlowLite;

import ai.djl.engine.Engine;
import dev.tierbench.common.config.Offline;
import dev.tierbench.common.model.BatchDimension;

import dev.tierbench.common.protocol.EngineInfo;
import dev.tierbench.common.protocol.TrialParams;

/**
 * TensorFlow Lite 2.6 through DJL's TFLite engine (engine {@code tflite-2.6}), kept so that results measured with it
 * stay comparable. DJL loads the native library (from the Maven jar, offline); the model is then run through the
 * engine's bundled {@link Interpreter} with preallocated direct buffers, because DJL's NDArray path adds tens of
 * microseconds per call and cannot set threads or XNNPACK.
 */
public final class DjlTfliteRuntime implements EngineRuntime {

  private final EngineInfo info;

  private DjlTfliteRuntime(String version) {
    this.info = EngineInfo.running(dev.tierbench.common.protocol.Engine.TFLITE_2_6, version);
  }

  /** DJL's own library for this platform (linux-x86_64 is the one its Maven jars ship). */
  public static DjlTfliteRuntime start() {
    return start(null, null);
  }

  /**
   * Loads the native library through DJL, never from the network: {@code library} when given (a build for a
   * platform DJL ships none for, placed under {@code cacheDir}), else the one in DJL's jar.
   *
   * @throws EngineUnavailableException when DJL has no library for this platform and none is given
   * @throws dev.tierbench.common.cli.UserException in one line for a library that cannot be used
   */
  public static synchronized DjlTfliteRuntime start(Path library, Path cacheDir) {
    Offline.enforce();
    if (library != null) {
      NativeLibrary.install(library, cacheDir);
    }
    try {
      Engine.getEngine("TFLite");
      TensorFlowLite.init();
      // Engine.getVersion() reports a stale 2.4.1; the native library knows its real version.
      return new DjlTfliteRuntime(TensorFlowLite.runtimeVersion());
    } catch (RuntimeException | LinkageError e) {
      String platform = NativeLibrary.classifier();
      if (library == null && !platform.equals("linux-x86_64")) {
        throw new EngineUnavailableException("TFLite 2.6 has no library for " + platform + " in DJL's jars"
            + " (they ship linux-x86_64): current TFLite (engine tflite) runs here as it is; for tflite-2.6, build"
            + " libtensorflowlite_jni.so 2.6.2 for it (deploy/arm/README.md) and start the agent with"
            + " --tflite-library PATH");
      }
      throw new dev.tierbench.common.cli.UserException("TFLite 2.6 cannot start on " + platform
          + (library == null ? "" : " with " + library) + ": " + NativeLibrary.rootMessage(e));
    }
  }

  @Override
  public EngineInfo info() {
    return info;
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
    } catch (ModelLoadException e) {
      interpreter.close();
      throw e;
    } catch (RuntimeException e) {
      interpreter.close();
      throw new ModelLoadException(describe() + " cannot prepare the model with batch " + params.batch() + ", "
          + params.threads() + " thread(s), xnnpack " + (params.xnnpack() ? "on" : "off") + ": "
          + firstLine(e.getMessage()), e);
    }
  }

  /** Batch 1 keeps the model's own shapes; a larger batch resizes every input's batch dimension. */
  private void resizeBatch(Interpreter interpreter, int batch) throws ModelLoadException {
    for (int i = 0; i < interpreter.getInputTensorCount(); i++) {
      Tensor tensor = interpreter.getInputTensor(i);
      int[] shape = tensor.shape();
      String problem = BatchDimension.problem(tensor.name(), type(tensor), shape, tensor.shapeSignature(), batch)
          .orElse(null);
      if (problem != null) {
        throw new ModelLoadException(describe() + ": " + problem, null);
      }
      if (batch != 1 && shape[0] != batch) {
        shape[0] = batch;
        interpreter.resizeInput(i, shape, false);
      }
    }
    interpreter.allocateTensors();
  }

  private static String type(Tensor tensor) {
    return tensor.dataType().name().toLowerCase(java.util.Locale.ROOT);
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
      SplittableRandom random = Inputs.random();
      inputBuffers = new ByteBuffer[interpreter.getInputTensorCount()];
      for (int i = 0; i < inputBuffers.length; i++) {
        Tensor tensor = interpreter.getInputTensor(i);
        inputBuffers[i] = Buffers.direct(tensor.numBytes());
        Inputs.fill(inputBuffers[i], type(tensor), random);
      }
      inputs = inputBuffers.clone();
      outputBuffers = new ByteBuffer[interpreter.getOutputTensorCount()];
      for (int i = 0; i < outputBuffers.length; i++) {
        outputBuffers[i] = Buffers.direct(interpreter.getOutputTensor(i).numBytes());
        outputs.put(i, outputBuffers[i]);
      }
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
      return new TensorInfo(tensor.name(), type(tensor), tensor.shape(),
          tensor.quantizationParams().getScale(), tensor.quantizationParams().getZeroPoint());
    }

    @Override
    public ByteBuffer input(int index) {
      return Buffers.writable(inputBuffers[index]);
    }

    @Override
    public ByteBuffer output(int index) {
      return Buffers.readOnly(outputBuffers[index]);
    }

    @Override
    public void close() {
      interpreter.close();
    }
  }
}
