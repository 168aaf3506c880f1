package dev.tierbench.coordinator.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import dev.tierbench.common.cli.ConfigFileOption;
import dev.tierbench.common.cli.UserException;
import dev.tierbench.common.model.ModelFormat;
import dev.tierbench.common.model.ModelInspector;
import dev.tierbench.common.model.ModelSummary;
import dev.tierbench.common.model.OperatorCost;
import dev.tierbench.common.model.TensorDesc;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tierbench inspect MODEL}: a model's operators, parameters, MACs, FLOPs and memory, from its graph. */
@Command(name = "inspect", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Show a .tflite model's operators and its parameters, MACs, FLOPs, weight and activation memory.")
public final class InspectCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "MODEL", description = "A .tflite file.")
  Path model;

  @Mixin
  ConfigFileOption configFile;

  @Option(names = "--json", arity = "0..1", description = "Print the inspection as JSON.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    ModelSummary summary = ModelInspector.inspect(inspected(model));
    if (json) {
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(System.out, summary);
      System.out.println();
      return 0;
    }
    print(summary, System.out);
    return 0;
  }

  /**
   * The file whose graph is shown: the model itself, or for an ONNX model the TFLite twin tierbench keeps beside
   * the ONNX models it generates for sweeps (ONNX files have no inspector of their own).
   */
  private static Path inspected(Path model) throws IOException {
    if (ModelFormat.of(model) == ModelFormat.TFLITE) {
      return model;
    }
    Path twin = ModelFormat.tfliteTwin(model);
    if (Files.isRegularFile(twin)) {
      return twin;
    }
    throw new UserException(model + ": an ONNX model; inspect reads TFLite files (and an ONNX model tierbench"
        + " generated for a sweep, through the " + twin.getFileName() + " kept beside it)");
  }

  static void print(ModelSummary s, PrintStream out) {
    out.printf(Locale.ROOT, "%s  (%s, %,d bytes, %d operators%s)%n", s.name(), s.quantization(), s.fileBytes(),
        s.operators().size(), s.subgraphs() > 1 ? ", " + s.subgraphs() + " subgraphs" : "");
    out.println("inputs:  " + s.inputs().stream().map(InspectCommand::signature).collect(Collectors.joining(", ")));
    out.println("outputs: " + s.outputs().stream().map(InspectCommand::signature).collect(Collectors.joining(", ")));
    out.println();
    out.printf(Locale.ROOT, "%4s  %-24s %-34s %-26s %10s %14s %14s%n", "#", "op", "inputs", "output", "params", "MACs",
        "FLOPs");
    for (OperatorCost op : s.operators()) {
      String inputs = op.inputs().stream().filter(t -> !t.constant()).map(TensorDesc::describe)
          .collect(Collectors.joining(" "));
      String outputs = op.outputs().stream().map(TensorDesc::describe).collect(Collectors.joining(" "));
      out.printf(Locale.ROOT, "%4d  %-24s %-34s %-26s %,10d %,14d %14s%n", op.index(), op.op(), inputs, outputs,
          op.params(), op.macs(), op.flopsKnown() ? String.format(Locale.ROOT, "%,d", op.flops()) : "unknown");
    }
    out.println();
    out.printf(Locale.ROOT, "parameters        %,d (%,d bytes of weights)%n", s.parameters(), s.weightBytes());
    out.printf(Locale.ROOT, "MACs              %,d%n", s.macs());
    out.printf(Locale.ROOT, "FLOPs             %,d%s%n", s.flops(),
        s.unknownOps().isEmpty() ? "" : "  (+ unknown: " + String.join(", ", s.unknownOps()) + ")");
    out.printf(Locale.ROOT, "peak activations  %,d bytes%n", s.peakActivationBytes());
    for (String warning : s.warnings()) {
      out.println("warning: " + warning);
    }
    out.println("convention: " + ModelSummary.CONVENTION);
  }

  private static String signature(TensorDesc t) {
    return t.name() + " " + t.describe() + (t.quantized()
        ? String.format(Locale.ROOT, " (scale %.6g, zero point %d)", t.scale(), t.zeroPoint()) : "");
  }
}
