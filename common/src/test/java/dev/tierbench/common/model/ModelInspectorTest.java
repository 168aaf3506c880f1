package dev.tierbench.common.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Inspect against published figures, an independent architecture count, and hand computations. */
class ModelInspectorTest {

  static final Path TEST_MODELS = Path.of("src/test/resources/models");
  static final Path SHIPPED_MODELS = Path.of("").toAbsolutePath().getParent().resolve("configs/models");

  /** The architecture each MobileNet file holds: v1 width and resolution, or v2 (width 1.0). */
  private static final Pattern V1 = Pattern.compile("mobilenet_v1_(\\d\\.\\d+)_(\\d+).*");
  private static final Pattern V2 = Pattern.compile("mobilenet_v2_1\\.0_(\\d+).*");

  /** A published figure such as "0.47M": its value and half a unit of its last digit (its rounding). */
  record Published(double value, double precision) {
    static Published parse(String text) {
      BigDecimal number = new BigDecimal(text.replace("M", ""));
      return new Published(number.doubleValue() * 1e6, 0.5 * Math.pow(10, -number.scale()) * 1e6);
    }

    /** Within 2 %, or within the figure's own rounding when that is coarser. */
    boolean agrees(long measured) {
      return Math.abs(measured - value) <= Math.max(0.02 * value, precision);
    }
  }

  record Row(Path file, Published params, Published macs) {}

  static List<Row> publishedMobileNets() throws IOException {
    List<Row> rows = new ArrayList<>();
    for (Path dir : List.of(TEST_MODELS, SHIPPED_MODELS)) {
      List<String> lines = Files.readAllLines(dir.resolve("MANIFEST.tsv"));
      List<String> header = List.of(lines.get(0).split("\t"));
      for (String line : lines.subList(1, lines.size())) {
        String[] cells = line.split("\t", -1);
        String file = cells[header.indexOf("file")];
        String params = cells[header.indexOf("published_params")];
        String macs = cells[header.indexOf("published_macs")];
        if (file.startsWith("mobilenet") && !params.isEmpty() && !macs.isEmpty()) {
          rows.add(new Row(dir.resolve(file), Published.parse(params), Published.parse(macs)));
        }
      }
    }
    return rows;
  }

  static MobileNets.Count architecture(String file) {
    Matcher v1 = V1.matcher(file);
    if (v1.matches()) {
      return MobileNets.v1(Double.parseDouble(v1.group(1)), Integer.parseInt(v1.group(2)));
    }
    Matcher v2 = V2.matcher(file);
    if (v2.matches()) {
      return MobileNets.v2(Integer.parseInt(v2.group(1)));
    }
    throw new AssertionError("no architecture for " + file);
  }

  /**
   * The MobileNet v1 0.75 at 192 row of the published table says 233 M MACs, but that architecture has 239.3 M
   * (the paper's own 0.75 at 224, 325 M, scaled by (192/224)^2 gives 238.8 M): the figure is inconsistent with
   * the network it names, so this one file is held to the architecture count, which is exact, instead.
   */
  private static final Map<String, String> PUBLISHED_MACS_INCONSISTENT = Map.of(
      "mobilenet_v1_0.75_192_quant.tflite", "published 233M; the architecture has 239.27M");

  @TestFactory
  List<DynamicTest> everyMobileNetWithPublishedFiguresMatchesThem() throws IOException {
    List<Row> rows = publishedMobileNets();
    assertEquals(6, rows.size(), "the manifests list six MobileNets with published figures");
    List<DynamicTest> tests = new ArrayList<>();
    for (Row row : rows) {
      String name = row.file().getFileName().toString();
      tests.add(DynamicTest.dynamicTest(name, () -> {
        ModelSummary s = ModelInspector.inspect(row.file());
        MobileNets.Count expected = architecture(name);
        assertEquals(expected.macs(), s.macs(), "MACs equal the architecture's, exactly");
        assertEquals(expected.params(), s.parameters(), "parameters equal the architecture's, exactly");
        assertTrue(row.params().agrees(s.parameters()), name + ": " + s.parameters() + " params vs " + row.params());
        if (PUBLISHED_MACS_INCONSISTENT.containsKey(name)) {
          assertTrue(Math.abs(s.macs() - row.macs().value()) / row.macs().value() < 0.03, "known: "
              + PUBLISHED_MACS_INCONSISTENT.get(name));
        } else {
          assertTrue(row.macs().agrees(s.macs()), name + ": " + s.macs() + " MACs vs " + row.macs());
        }
        assertTrue(s.unknownOps().isEmpty(), s.unknownOps().toString());
        assertEquals(2 * s.macs(), s.operators().stream().filter(o -> o.macs() > 0).mapToLong(OperatorCost::flops)
            .sum(), "FLOPs of multiply-accumulate operators are twice their MACs");
      }));
    }
    return tests;
  }

  @Test
  void aHandComputedFullyConnectedNetwork() throws IOException {
    // hello_world: 1 -> 16 -> 16 -> 1, float32, fully connected with biases.
    ModelSummary s = ModelInspector.inspect(TEST_MODELS.resolve("hello_world_float.tflite"));
    assertEquals(List.of("FULLY_CONNECTED", "FULLY_CONNECTED", "FULLY_CONNECTED"),
        s.operators().stream().map(OperatorCost::op).toList());
    assertEquals(1 * 16 + 16 * 16 + 16 * 1, s.macs());
    assertEquals((1 * 16 + 16) + (16 * 16 + 16) + (16 * 1 + 1), s.parameters());
    assertEquals(4 * s.parameters(), s.weightBytes());
    assertEquals(2 * s.macs(), s.flops());
    assertEquals("float32", s.quantization());
    assertEquals(List.of(1, 1), List.of(s.inputs().get(0).shape()[0], s.inputs().get(0).shape()[1]));
    // Live at once at most: a 16-wide activation and the next one, 2 x 16 floats.
    assertEquals(2 * 16 * 4, s.peakActivationBytes());
  }

  @Test
  void aHandComputedConvolutionalNetwork() throws IOException {
    // MLPerf Tiny keyword spotting: conv 10x4 stride 2 to 64 channels, 4 x (depthwise 3x3 + pointwise 64),
    // average pool 25x5, fully connected 64 -> 12, softmax; int8.
    ModelSummary s = ModelInspector.inspect(SHIPPED_MODELS.resolve("kws_ref_model.tflite"));
    long conv = 25L * 5 * 64 * (10 * 4 * 1);
    long depthwise = 25L * 5 * 64 * 9;
    long pointwise = 25L * 5 * 64 * 64;
    long fc = 64L * 12;
    assertEquals(conv + 4 * (depthwise + pointwise) + fc, s.macs());
    long pool = 64L * 25 * 5;
    assertEquals(2 * s.macs() + pool + 12, s.flops(), "pooling per window element, softmax per output");
    long params = (10 * 4 * 64 + 64) + 4 * ((9 * 64 + 64) + (64 * 64 + 64)) + (64 * 12 + 12);
    assertEquals(params, s.parameters(), "the reshape's shape constant is not a parameter");
    assertEquals("int8", s.quantization());
    assertEquals(0.584703f, s.inputs().get(0).scale(), 1e-6f);
  }

  @Test
  void quantizationIsRecognised() throws IOException {
    assertEquals("float32", ModelInspector.inspect(SHIPPED_MODELS.resolve(
        "mobilenet_v1_0.25_224_1_default_1.tflite")).quantization());
    assertEquals("uint8", ModelInspector.inspect(TEST_MODELS.resolve("mobilenet_v1_0.25_224_quant.tflite"))
        .quantization());
  }
}
