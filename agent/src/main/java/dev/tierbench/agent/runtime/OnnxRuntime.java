package dev.tierbench.agent.runtime;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
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
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import dev.tierbench.common.model.BatchDimension;
import dev.tierbench.common.model.OnnxQuantization;
import dev.tierbench.common.protocol.Engine;
import dev.tierbench.common.protocol.EngineInfo;
import dev.tierbench.common.protocol.GraphOptimization;
import dev.tierbench.common.protocol.OperatorTime;
import dev.tierbench.common.protocol.Provider;
import dev.tierbench.common.protocol.TrialParams;

/**
 * ONNX Runtime from its own jar, which carries its library for linux-x64 and linux-aarch64 (the onnxruntime_gpu
 * build adds CUDA on linux-x64). Inputs and outputs are tensors over preallocated direct buffers (outputs pinned),
 * so a query allocates nothing; a symbolic batch dimension takes the trial's batch size. The trial sets the
 * intra-op threads, the graph optimization level and the execution provider. An int8 input or output carries the
 * scale and zero point the model's metadata states ({@link OnnxQuantization}), as a TFLite tensor does.
 */
public final class OnnxRuntime implements EngineRuntime {

  private final OrtEnvironment environment;
  private final EngineInfo info;
  /** Why the CUDA provider cannot run here: this build has none, or the machine lacks what it needs. */
  private final String noCuda;

  private OnnxRuntime(OrtEnvironment environment) {
    this.environment = environment;
    String version = environment.getVersion();
    this.noCuda = cudaProblem(version);
    this.info = EngineInfo.running(Engine.ONNXRUNTIME, version, noCuda == null ? List.of(Provider.CPU, Provider.CUDA)
        : List.of(Provider.CPU));
  }

  /**
   * Null when this build has the CUDA provider and it loads here (the driver, CUDA and cuDNN libraries found), so
   * that the agent advertises CUDA only where a CUDA task can run.
   */
  private static String cudaProblem(String version) {
    if (!OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
      return "this agent's ONNX Runtime " + version + " is the CPU build: GPU tiers run the CUDA agent (mvn -Pcuda"
          + " package builds it with onnxruntime_gpu)";
    }
    try (OrtSession.SessionOptions probe = new OrtSession.SessionOptions()) {
      probe.addCUDA(0);
      return null;
    } catch (OrtException e) {
      return "ONNX Runtime " + version + " has CUDA but cannot load it on this machine (" + e.getMessage().strip()
          + "): it needs an NVIDIA GPU, its driver, CUDA 12 and cuDNN 9";
    }
  }

  /** @throws EngineUnavailableException when ONNX Runtime has no library for this platform */
  public static synchronized OnnxRuntime start() {
    try {
      // Warnings (an initializer the optimizer dropped, say) are not the user's business; errors are.
      return new OnnxRuntime(OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "tierbench"));
    } catch (RuntimeException | LinkageError e) {
      throw new EngineUnavailableException("ONNX Runtime cannot start on " + NativeLibrary.classifier() + ": "
          + NativeLibrary.rootMessage(e));
    }
  }

  @Override
  public EngineInfo info() {
    return info;
  }

  @Override
  public LoadedModel load(Path model, TrialParams params) throws ModelLoadException {
    return load(model, params, null);
  }

  @Override
  public List<OperatorTime> profile(Path model, TrialParams params, int queries) throws ModelLoadException {
    Path folder = null;
    try {
      folder = Files.createTempDirectory("tierbench-onnx-profile");
      try (Loaded loaded = load(model, params, folder.resolve("profile"))) {
        for (int i = 0; i < OnnxProfile.WARMUP + queries; i++) {
          loaded.run();
        }
        return OnnxProfile.read(Path.of(loaded.session.endProfiling()));
      }
    } catch (OrtException | IOException e) {
      throw new ModelLoadException(describe() + " could not profile the model: " + e.getMessage(), e);
    } finally {
      OnnxProfile.delete(folder);
    }
  }

  private Loaded load(Path model, TrialParams params, Path profile) throws ModelLoadException {
    OrtSession.SessionOptions options = new OrtSession.SessionOptions();
    try {
      options.setIntraOpNumThreads(params.threads());
      options.setInterOpNumThreads(1);
      options.setOptimizationLevel(level(params.optimization()));
      if (profile != null) {
        options.enableProfiling(profile.toString());
      }
      if (params.provider() == Provider.CUDA) {
        addCuda(options);
      }
      OrtSession session = environment.createSession(model.toString(), options);
      try {
        return new Loaded(describe(), environment, session, params.batch());
      } catch (OrtException | ModelLoadException | RuntimeException e) {
        session.close();
        throw e;
      }
    } catch (ModelLoadException | EngineUnavailableException e) {
      throw e;
    } catch (OrtException | RuntimeException e) {
      throw new ModelLoadException(describe() + " cannot load the model with batch " + params.batch() + ": "
          + e.getMessage(), e);
    } finally {
      options.close();
    }
  }

  /** The CUDA provider, or one line saying why this machine has none. */
  private void addCuda(OrtSession.SessionOptions options) throws OrtException {
    if (noCuda != null) {
      throw new EngineUnavailableException("provider cuda: " + noCuda);
    }
    options.addCUDA(0);
  }

  private static OrtSession.SessionOptions.OptLevel level(GraphOptimization optimization) {
    return switch (optimization) {
      case DISABLED -> OrtSession.SessionOptions.OptLevel.NO_OPT;
      case BASIC -> OrtSession.SessionOptions.OptLevel.BASIC_OPT;
      case EXTENDED -> OrtSession.SessionOptions.OptLevel.EXTENDED_OPT;
      case ALL -> OrtSession.SessionOptions.OptLevel.ALL_OPT;
    };
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

    Loaded(String engine, OrtEnvironment environment, OrtSession session, int batch)
        throws OrtException, ModelLoadException {
      this.engine = engine;
      this.session = session;
      SplittableRandom random = Inputs.random();
      Map<String, String> metadata = session.getMetadata().getCustomMetadata();
      for (Map.Entry<String, NodeInfo> e : session.getInputInfo().entrySet()) {
        OnnxTensor tensor = tensor(environment, e.getKey(), e.getValue(), batch, metadata, inputBuffers, inputInfo);
        Inputs.fill(inputBuffers.get(inputBuffers.size() - 1), inputInfo.get(inputInfo.size() - 1).type(), random);
        inputs.put(e.getKey(), tensor);
      }
      for (Map.Entry<String, NodeInfo> e : session.getOutputInfo().entrySet()) {
        outputs.put(e.getKey(), tensor(environment, e.getKey(), e.getValue(), batch, metadata, outputBuffers,
            outputInfo));
      }
    }

    /**
     * What a tensor will be: batch 1 keeps the model's shapes (a symbolic batch dimension becomes 1), a larger batch
     * goes into the batch dimension, any other symbolic dimension is refused; an int8 tensor's quantization comes
     * from the model's {@code metadata}.
     */
    private TensorInfo check(String name, ai.onnxruntime.TensorInfo info, int batch, Map<String, String> metadata)
        throws ModelLoadException {
      long[] declared = info.getShape();
      int[] signature = new int[declared.length];
      int[] shape = new int[declared.length];
      for (int i = 0; i < declared.length; i++) {
        signature[i] = (int) Math.max(declared[i], -1);
        shape[i] = declared[i] < 0 ? 1 : Math.toIntExact(declared[i]);
        if (declared[i] < 0 && i > 0) {
          throw new ModelLoadException(engine + ": tensor '" + name + "' has a symbolic dimension " + i
              + " besides the batch: give it a fixed size in the model", null);
        }
      }
      String type = type(info.type);
      String problem = BatchDimension.problem(name, type, shape, signature, batch).orElse(null);
      if (problem != null) {
        throw new ModelLoadException(engine + ": " + problem, null);
      }
      if (batch != 1) {
        shape[0] = batch;
      }
      Optional<OnnxQuantization> quantization = OnnxQuantization.of(metadata, name);
      return new TensorInfo(name, type, shape, quantization.map(OnnxQuantization::scale).orElse(0f),
          quantization.map(OnnxQuantization::zeroPoint).orElse(0));
    }

    /** A tensor over a direct buffer of its own, as {@link #check} says it is. */
    private OnnxTensor tensor(OrtEnvironment environment, String name, NodeInfo node, int batch,
        Map<String, String> metadata, List<ByteBuffer> buffers, List<TensorInfo> infos)
        throws OrtException, ModelLoadException {
      ai.onnxruntime.TensorInfo declared = (ai.onnxruntime.TensorInfo) node.getInfo();
      TensorInfo info = check(name, declared, batch, metadata);
      ByteBuffer buffer = Buffers.direct(info.elements() * size(declared.type));
      buffers.add(buffer);
      infos.add(info);
      long[] shape = java.util.Arrays.stream(info.shape()).asLongStream().toArray();
      return OnnxTensor.createTensor(environment, buffer, shape, declared.type);
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

    @Override
    public String engine() {
      return engine;
    }

    @Override
    public void run() {
      try {
        session.run(inputs, outputs).close();
      } catch (OrtException e) {
        throw new IllegalStateException(engine + " failed to run the model: " + e.getMessage(), e);
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
      return Buffers.writable(inputBuffers.get(index));
    }

    @Override
    public ByteBuffer output(int index) {
      return Buffers.readOnly(outputBuffers.get(index));
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
