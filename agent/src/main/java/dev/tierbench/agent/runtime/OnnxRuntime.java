package dev.tierbench.agent.runtime;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.tierbench.common.model.ModelFormat;
import dev.tierbench.common.model.OnnxQuantization;
import dev.tierbench.common.protocol.TrialParams;

/**
 * ONNX Runtime, whose Maven jar carries its library for linux-x64 and linux-aarch64: the engine a Raspberry Pi
 * or Jetson runs out of the box. Inputs and outputs are tensors over preallocated direct buffers (outputs pinned),
 * so a query allocates nothing; the symbolic batch dimension takes the trial's batch size. ONNX Runtime's CPU
 * build has no XNNPACK provider: the trial's xnnpack flag does not apply to it. An int8 input or output carries the
 * scale and zero point the model's metadata states ({@link OnnxQuantization}), as a TFLite tensor does.
 */
public final class OnnxRuntime implements InferenceRuntime {

  private static final long INPUT_SEED = 0x7e57_da7aL;

  private final OrtEnvironment environment;

  private OnnxRuntime(OrtEnvironment environment) {
    this.environment = environment;
  }

  /** @throws EngineUnavailableException when ONNX Runtime has no library for this platform */
  public static synchronized OnnxRuntime start() {
    try {
      return new OnnxRuntime(OrtEnvironment.getEnvironment());
    } catch (RuntimeException | LinkageError e) {
      throw new EngineUnavailableException("ONNX Runtime cannot start on " + NativeLibrary.classifier() + ": "
          + e.getMessage());
    }
  }

  @Override
  public String describe() {
    return ModelFormat.ONNX.engine() + " " + environment.getVersion();
  }

  @Override
  public LoadedModel load(Path model, TrialParams params) throws ModelLoadException {
    try {
      OrtSession session = environment.createSession(model.toString(), options(params));
      try {
        return new Loaded(describe(), environment, session, params.batch());
      } catch (OrtException | RuntimeException e) {
        session.close();
        throw e;
      }
    } catch (OrtException | RuntimeException e) {
      throw new ModelLoadException(describe() + " cannot load the model with batch " + params.batch() + ": "
          + e.getMessage(), e);
    }
  }

  /** How every model is loaded: the trial's threads, every graph optimisation. */
  static OrtSession.SessionOptions options(TrialParams params) throws OrtException {
    OrtSession.SessionOptions options = new OrtSession.SessionOptions();
    options.setIntraOpNumThreads(params.threads());
    options.setInterOpNumThreads(1);
    options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
    return options;
  }

  private static final class Loaded implements LoadedModel {
    private final String engine;
    private final OrtSession session;
    private final Map<String, OnnxTensor> inputs = new LinkedHashMap<>();
    private final Map<String, OnnxTensor> outputs = new LinkedHashMap<>();
    private final List<ByteBuffer> inputBuffers = new ArrayList<>();
    private final List<ByteBuffer> outputBuffers = new ArrayList<>();
    private final List<TensorInfo> inputInfo = new ArrayList<>();
    private final List<TensorInfo> outputInfo = new ArrayList<>();

    Loaded(String engine, OrtEnvironment environment, OrtSession session, int batch) throws OrtException {
      this.engine = engine;
      this.session = session;
      SplittableRandom random = new SplittableRandom(INPUT_SEED);
      Map<String, String> metadata = session.getMetadata().getCustomMetadata();
      for (Map.Entry<String, NodeInfo> e : session.getInputInfo().entrySet()) {
        OnnxTensor tensor = tensor(environment, e.getKey(), e.getValue(), batch, metadata, inputBuffers, inputInfo);
        fill(inputBuffers.get(inputBuffers.size() - 1), tensor.getInfo().type, random);
        inputs.put(e.getKey(), tensor);
      }
      for (Map.Entry<String, NodeInfo> e : session.getOutputInfo().entrySet()) {
        outputs.put(e.getKey(), tensor(environment, e.getKey(), e.getValue(), batch, metadata, outputBuffers,
            outputInfo));
      }
    }

    /**
     * A tensor over a direct buffer of its own, the symbolic (or -1) dimensions set to {@code batch}, with the
     * quantization {@code metadata} states for it.
     */
    private static OnnxTensor tensor(OrtEnvironment environment, String name, NodeInfo node, int batch,
        Map<String, String> metadata, List<ByteBuffer> buffers, List<TensorInfo> infos) throws OrtException {
      ai.onnxruntime.TensorInfo info = (ai.onnxruntime.TensorInfo) node.getInfo();
      long[] shape = info.getShape();
      int[] dims = new int[shape.length];
      long elements = 1;
      for (int i = 0; i < shape.length; i++) {
        shape[i] = shape[i] < 0 ? batch : shape[i];
        dims[i] = (int) shape[i];
        elements *= shape[i];
      }
      ByteBuffer buffer = ByteBuffer.allocateDirect(Math.toIntExact(elements * size(info.type)))
          .order(ByteOrder.nativeOrder());
      buffers.add(buffer);
      Optional<OnnxQuantization> quantization = OnnxQuantization.of(metadata, name);
      infos.add(new TensorInfo(name, type(info.type), dims, quantization.map(OnnxQuantization::scale).orElse(0f),
          quantization.map(OnnxQuantization::zeroPoint).orElse(0)));
      return OnnxTensor.createTensor(environment, buffer, shape, info.type);
    }

    private static int size(OnnxJavaType type) {
      return switch (type) {
        case FLOAT, INT32 -> 4;
        case INT64, DOUBLE -> 8;
        case INT8, UINT8, BOOL -> 1;
        case INT16, FLOAT16, BFLOAT16 -> 2;
        default -> throw new IllegalArgumentException("tensors of " + type + " are not supported");
      };
    }

    /** The same names TFLite's tensors use, so that evaluation feeds both engines alike. */
    private static String type(OnnxJavaType type) {
      return type == OnnxJavaType.FLOAT ? "float32" : type.name().toLowerCase(Locale.ROOT);
    }

    /** Deterministic inputs as TFLite's get: uniform floats, random bytes; int32 inputs (token ids) stay zero. */
    private static void fill(ByteBuffer buffer, OnnxJavaType type, SplittableRandom random) {
      if (type == OnnxJavaType.FLOAT) {
        while (buffer.remaining() >= 4) {
          buffer.putFloat((float) random.nextDouble());
        }
      } else if (type == OnnxJavaType.INT8 || type == OnnxJavaType.UINT8) {
        while (buffer.hasRemaining()) {
          buffer.put((byte) random.nextInt(256));
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
      try {
        session.run(inputs, outputs).close();
      } catch (OrtException e) {
        throw new IllegalStateException("ONNX Runtime failed to run the model: " + e.getMessage(), e);
      }
    }

    @Override
    public List<TensorInfo> inputs() {
      return List.copyOf(inputInfo);
    }

    @Override
    public List<TensorInfo> outputs() {
      return List.copyOf(outputInfo);
    }

    @Override
    public ByteBuffer input(int index) {
      return inputBuffers.get(index).duplicate().order(ByteOrder.nativeOrder()).rewind();
    }

    @Override
    public ByteBuffer output(int index) {
      return outputBuffers.get(index).asReadOnlyBuffer().rewind().order(ByteOrder.nativeOrder());
    }

    @Override
    public void close() {
      inputs.values().forEach(OnnxTensor::close);
      outputs.values().forEach(OnnxTensor::close);
      try {
        session.close();
      } catch (OrtException e) {
        // closing: nothing more to do
      }
    }
  }
}
