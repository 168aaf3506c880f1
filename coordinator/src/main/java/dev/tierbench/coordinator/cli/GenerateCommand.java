package dev.tierbench.coordinator.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.tierbench.common.cli.ConfigFileOption;
import dev.tierbench.common.cli.KeyValues;
import dev.tierbench.common.generate.GeneratedModel;
import dev.tierbench.common.generate.Generators;
import dev.tierbench.common.model.ModelInspector;
import dev.tierbench.common.model.ModelSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tierbench generate FAMILY --param k=v ... -o out.tflite}: writes one variant of a scaling family. */
@Command(name = "generate", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Write a variant of a scaling family (mlp, cnn, encoder) with seeded weights, as TFLite or ONNX.")
public final class GenerateCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "FAMILY", description = "mlp, cnn or encoder.")
  String family;

  @Option(names = "--param", paramLabel = "NAME=VALUE", split = ",",
      description = "A family parameter (repeatable); every family: seed, quantize (float32, int8), format (tflite,"
          + " onnx); mlp: inputs, outputs, depth, width, activation, task;"
          + " cnn: phi or depth, width, resolution; channels, classes, se, activation (swish, relu6);"
          + " encoder: vocabulary, sequence, layers, hidden, heads, intermediate, classes, activation.")
  List<String> params;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE",
      description = "Where to write (default: FAMILY.tflite, or FAMILY.onnx with format onnx).")
  String output;

  @Mixin
  ConfigFileOption configFile;

  @Override
  public Integer call() throws Exception {
    Map<String, String> given = KeyValues.parse(params, "parameter");
    Path file = Path.of(output.isBlank() ? family + Generators.extension(family, given) : output);
    long start = System.nanoTime();
    GeneratedModel generated = Generators.generate(family, given);
    byte[] model = generated.file();
    double seconds = (System.nanoTime() - start) / 1e9;
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.write(file, model);
    // The costs are the graph's: read from its TFLite form, which an ONNX file is written beside in memory.
    ModelSummary summary = ModelInspector.inspect(file.getFileName().toString(), generated.tflite());
    System.out.printf(Locale.ROOT, "%s: %s %s, %,d bytes, %,d parameters, %,d MACs, %,d FLOPs (generated in %.2f s)%n",
        file, family, Generators.resolve(family, given), model.length, summary.parameters(), summary.macs(),
        summary.flops(), seconds);
    return 0;
  }
}
