package dev.tierbench.agent.runtime;

import static org.bytedeco.tensorflowlite.global.tensorflowlite.TfLiteTensorCopyFromBuffer;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.TfLiteTensorCopyToBuffer;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.TfLiteVersion;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.kTfLiteOk;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.tensorflowlite.BuiltinOpResolverWithXNNPACK;
import org.bytedeco.tensorflowlite.BuiltinOpResolverWithoutDefaultDelegates;
import org.bytedeco.tensorflowlite.FlatBufferModel;
import org.bytedeco.tensorflowlite.Interpreter;
import org.bytedeco.tensorflowlite.InterpreterBuilder;
import org.bytedeco.tensorflowlite.OpResolver;
import org.bytedeco.tensorflowlite.TfLiteIntArray;
import org.bytedeco.tensorflowlite.TfLiteTensor;
import org.bytedeco.tensorflowlite.global.tensorflowlite;

import dev.tierbench.common.model.BatchDimension;
import dev.tierbench.common.protocol.Engine;
import dev.tierbench.common.protocol.EngineInfo;
import dev.tierbench.common.protocol.OperatorTime;
import dev.tierbench.common.protocol.TrialParams;

/**
 * Current TensorFlow Lite, from the JavaCPP presets ({@code org.bytedeco:tensorflow-lite}), whose jars carry its
 * library for linux-x86_64 and linux-arm64: a Raspberry Pi or a Jetson runs it with nothing to install. Models run
 * on TFLite's C++ interpreter, XNNPACK applied as TFLite deploys it (its default delegate, the int8 and uint8 path
 * included) or left out; a query copies the preallocated inputs in, invokes, and copies the outputs out, as
 * TFLite's C API does.
 */
public final class TfliteRuntime implements EngineRuntime {

  private static final Logger LOG = LoggerFactory.getLogger(TfliteRuntime.class);

  private final EngineInfo info;

  private TfliteRuntime(EngineInfo info) {
    this.info = info;
  }

  /** @throws EngineUnavailableException when the presets carry no library for this platform */
  public static synchronized TfliteRuntime start() {
    try {
      Loader.load(tensorflowlite.class);
      return new TfliteRuntime(EngineInfo.running(Engine.TFLITE, TfLiteVersion().getString()));
    } catch (RuntimeException | LinkageError e) {
      throw new EngineUnavailableException("TFLite cannot start on " + NativeLibrary.classifier()
          + " (the agent jar carries linux-x86_64 and linux-arm64): " + NativeLibrary.rootMessage(e));
    }
  }

  @Override
  public EngineInfo info() {
    return info;
  }

  @Override
  public LoadedModel load(Path model, TrialParams params) throws ModelLoadException {
    return new Loaded(describe(), Built.of(describe(), model, params, null));
  }

  @Override
  public List<OperatorTime> profile(Path model, TrialParams params, int queries) throws ModelLoadException {
    TfliteProfiler profiler = new TfliteProfiler();
    try (Loaded loaded = new Loaded(describe(), Built.of(describe(), model, params, profiler))) {
      for (int i = 0; i < TfliteProfiler.WARMUP; i++) {
        loaded.run();
      }
      return profiler.record(queries, loaded::run);
    }
  }

  /** The native objects behind one interpreter, freed together in reverse order of creation. */
  private record Built(FlatBufferModel flatbuffer, OpResolver resolver, Interpreter interpreter,
      TfliteProfiler profiler) implements AutoCloseable {

    static Built of(String engine, Path model, TrialParams params, TfliteProfiler profiler)
        throws ModelLoadException {
      FlatBufferModel flatbuffer = FlatBufferModel.VerifyAndBuildFromFile(model.toString());
      if (flatbuffer == null || flatbuffer.isNull()) {
        throw new ModelLoadException(engine + " cannot load the model: TFLite's verifier refused the file (not a"
            + " valid TFLite flatbuffer)", null);
      }
      OpResolver resolver = params.xnnpack() ? new BuiltinOpResolverWithXNNPACK(true)
          : new BuiltinOpResolverWithoutDefaultDelegates();
      Interpreter interpreter = new Interpreter((Pointer) null);
      try (InterpreterBuilder builder = new InterpreterBuilder(flatbuffer, resolver)) {
        builder.SetNumThreads(params.threads());
        if (profiler != null) {
          builder.SetTelemetryProfiler(profiler.telemetry());
        }
        NativeStderr.Said built = NativeStderr.capture(() -> builder.apply(interpreter));
        if (built.status() != kTfLiteOk || interpreter.isNull()) {
          new Built(flatbuffer, resolver, interpreter, profiler).close();
          throw new ModelLoadException(engine + " cannot build an interpreter for the model" + (built.lines().isEmpty()
              ? ": an operator it has no kernel for, or one whose parameters it refuses" : built.reason()), null);
        }
        warn(engine, built);
      }
      Built built = new Built(flatbuffer, resolver, interpreter, profiler);
      try {
        built.prepare(engine, params);
        return built;
      } catch (ModelLoadException | RuntimeException e) {
        built.close();
        throw e;
      }
    }

    /** Batch 1 keeps the model's own shapes; a larger batch resizes every input's batch dimension. */
    private void prepare(String engine, TrialParams params) throws ModelLoadException {
      int batch = params.batch();
      for (int i = 0; i < (int) interpreter.inputs().limit(); i++) {
        TfLiteTensor tensor = interpreter.input_tensor(i);
        int[] shape = dims(tensor.dims());
        String name = tensor.name().getString();
        String problem = BatchDimension.problem(name, type(tensor.type()), shape, dims(tensor.dims_signature()), batch)
            .orElse(null);
        if (problem != null) {
          throw new ModelLoadException(engine + ": " + problem, null);
        }
        if (batch != 1 && shape[0] != batch) {
          shape[0] = batch;
          if (interpreter.ResizeInputTensor(interpreter.inputs().get(i), shape) != kTfLiteOk) {
            throw new ModelLoadException(engine + " cannot resize input '" + name + "' to batch " + batch, null);
          }
        }
      }
      NativeStderr.Said allocated = NativeStderr.capture(interpreter::AllocateTensors);
      if (allocated.status() != kTfLiteOk) {
        throw new ModelLoadException(engine + " cannot prepare the model with batch " + batch + ", "
            + params.threads() + " thread(s), xnnpack " + (params.xnnpack() ? "on" : "off") + allocated.reason(), null);
      }
      warn(engine, allocated);
    }

    @Override
    public void close() {
      interpreter.close();
      resolver.close();
      flatbuffer.close();
      if (profiler != null) {
        profiler.close();
      }
    }
  }

  /** TFLite's warnings about a model it still runs go to the agent's log. */
  private static void warn(String engine, NativeStderr.Said said) {
    said.lines().forEach(line -> LOG.warn("{}: {}", engine, line));
  }

  private static int[] dims(TfLiteIntArray array) {
    if (array == null || array.isNull()) {
      return new int[0];
    }
    int[] dims = new int[array.size()];
    for (int i = 0; i < dims.length; i++) {
      dims[i] = array.data(i);
    }
    return dims;
  }

  /** TFLite's TfLiteType codes by the names {@link TensorInfo} uses. */
  private static String type(int code) {
    return switch (code) {
      case 1 -> "float32";
      case 2 -> "int32";
      case 3 -> "uint8";
      case 4 -> "int64";
      case 5 -> "string";
      case 6 -> "bool";
      case 7 -> "int16";
      case 9 -> "int8";
      case 10 -> "float16";
      default -> "type" + code;
    };
  }

  private static final class Loaded implements LoadedModel {
    private final String engine;
    private final Built built;
    private final TfLiteTensor[] inputTensors;
    private final TfLiteTensor[] outputTensors;
    private final ByteBuffer[] inputBuffers;
    private final ByteBuffer[] outputBuffers;
    private final Pointer[] inputPointers;
    private final Pointer[] outputPointers;
    private final List<TensorInfo> inputInfo = new ArrayList<>();
    private final List<TensorInfo> outputInfo = new ArrayList<>();

    Loaded(String engine, Built built) {
      this.engine = engine;
      this.built = built;
      Interpreter interpreter = built.interpreter();
      IntPointer inputs = interpreter.inputs();
      IntPointer outputs = interpreter.outputs();
      inputTensors = new TfLiteTensor[(int) inputs.limit()];
      inputBuffers = new ByteBuffer[inputTensors.length];
      inputPointers = new Pointer[inputTensors.length];
      SplittableRandom random = Inputs.random();
      for (int i = 0; i < inputTensors.length; i++) {
        inputTensors[i] = interpreter.input_tensor(i);
        inputBuffers[i] = Buffers.direct(inputTensors[i].bytes());
        inputInfo.add(info(inputTensors[i]));
        Inputs.fill(inputBuffers[i], inputInfo.get(i).type(), random);
        inputPointers[i] = new Pointer(inputBuffers[i]);
      }
      outputTensors = new TfLiteTensor[(int) outputs.limit()];
      outputBuffers = new ByteBuffer[outputTensors.length];
      outputPointers = new Pointer[outputTensors.length];
      for (int i = 0; i < outputTensors.length; i++) {
        outputTensors[i] = interpreter.output_tensor(i);
        outputBuffers[i] = Buffers.direct(outputTensors[i].bytes());
        outputInfo.add(info(outputTensors[i]));
        outputPointers[i] = new Pointer(outputBuffers[i]);
      }
    }


    private static TensorInfo info(TfLiteTensor tensor) {
      return new TensorInfo(tensor.name().getString(), type(tensor.type()), dims(tensor.dims()),
          tensor.params().scale(), tensor.params().zero_point());
    }

    @Override
    public String engine() {
      return engine;
    }

    @Override
    public void run() {
      for (int i = 0; i < inputTensors.length; i++) {
        if (TfLiteTensorCopyFromBuffer(inputTensors[i], inputPointers[i], inputBuffers[i].capacity()) != kTfLiteOk) {
          throw new IllegalStateException(engine + " could not copy input " + i + " into its tensor");
        }
      }
      if (built.interpreter().Invoke() != kTfLiteOk) {
        // Not captured on every query (that would be timed); a failing model fails again, and says why then.
        NativeStderr.Said again = NativeStderr.capture(built.interpreter()::Invoke);
        throw new IllegalStateException(engine + " failed to run the model" + again.reason());
      }
      for (int i = 0; i < outputTensors.length; i++) {
        if (TfLiteTensorCopyToBuffer(outputTensors[i], outputPointers[i], outputBuffers[i].capacity()) != kTfLiteOk) {
          throw new IllegalStateException(engine + " could not copy output " + i + " out of its tensor");
        }
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
      return Buffers.writable(inputBuffers[index]);
    }

    @Override
    public ByteBuffer output(int index) {
      return Buffers.readOnly(outputBuffers[index]);
    }

    @Override
    public void close() {
      built.close();
    }
  }
}
