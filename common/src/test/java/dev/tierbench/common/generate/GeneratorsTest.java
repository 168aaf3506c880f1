package dev.tierbench.common.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.tierbench.common.model.ModelFormat;
import dev.tierbench.common.model.ModelInspector;
import dev.tierbench.common.model.ModelSummary;
import dev.tierbench.common.model.OperatorCost;

/** The generator's parameters: the cnn's activation, and what each format and precision writes. */
class GeneratorsTest {

  private static final Map<String, String> SMALL_CNN = Map.of("depth", "0.25", "width", "0.25", "resolution", "32");

  private static Map<String, String> with(Map<String, String> params, String... more) {
    Map<String, String> all = new HashMap<>(params);
    for (int i = 0; i < more.length; i += 2) {
      all.put(more[i], more[i + 1]);
    }
    return all;
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  /** The digests are of files written before the cnn had an activation parameter. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "float32|''|edaffd07c102ad9585bed6d3429fd6f4fc33d8b88384bf847e8f598f1d9cb363",
      "int8|quantize=int8|6bf98a81e942f9ec04273dc0645490798dca3cc680a929a533c4d783879f407d",
      "one channel, no se, seed 4|se=false,channels=1,seed=4|"
          + "16dd7287efd70de0370f55fd0a8703ffb54fdb06255029433fe5511d3b73b2b8"})
  void theDefaultActivationWritesEveryCnnVariantAsBefore(String what, String params, String digest) throws Exception {
    Map<String, String> given = new HashMap<>(SMALL_CNN);
    for (String pair : params.isEmpty() ? new String[0] : params.split(",")) {
      given.put(pair.split("=")[0], pair.split("=")[1]);
    }
    assertEquals(digest, sha256(Generators.generate("cnn", given).file()), what);
    assertEquals(digest, sha256(Generators.generate("cnn", with(given, "activation", "swish")).file()), what);
    assertFalse(digest.equals(sha256(Generators.generate("cnn", with(given, "activation", "relu6")).file())), what);
  }

  @Test
  void relu6IsFusedIntoTheConvolutionsWhereSwishIsOperatorsOfItsOwn() {
    Graph relu6 = Generators.build("cnn", with(SMALL_CNN, "activation", "relu6", "se", "false"));
    Graph swish = Generators.build("cnn", with(SMALL_CNN, "se", "false"));
    ModelSummary lite = ModelInspector.inspect("relu6", TfliteWriter.write(relu6));
    List<String> ops = lite.operators().stream().map(OperatorCost::op).distinct().sorted().toList();
    assertEquals(List.of("ADD", "CONV_2D", "DEPTHWISE_CONV_2D", "FULLY_CONNECTED", "MEAN", "RESHAPE", "SOFTMAX"), ops,
        "no LOGISTIC and MUL: no swish");
    long fused = relu6.operations().stream().filter(op -> op.activation() == Activation.RELU6).count();
    long convolutions = relu6.operations().stream().filter(op -> op.op() == Op.CONV_2D
        || op.op() == Op.DEPTHWISE_CONV_2D).count();
    long projections = relu6.tensors().stream().filter(t -> t.name().endsWith("/project")).count();
    assertEquals(convolutions - projections, fused, "every convolution but the linear projections");
    assertEquals(ModelInspector.inspect("swish", TfliteWriter.write(swish)).macs(), lite.macs(),
        "the same architecture");
    assertTrue(relu6.description().endsWith(" activation relu6"), relu6.description());
  }

  @Test
  void theCnnActivationIsSwishOrRelu6() {
    assertEquals("swish", Generators.parameters("cnn").get("activation"));
    assertTrue(Generators.canonical("cnn", Map.of()).contains("activation=swish"), Generators.canonical("cnn",
        Map.of()));
    assertEquals("activation must be swish or relu6, got gelu", assertThrows(IllegalArgumentException.class,
        () -> Generators.validate("cnn", Map.of("activation", "gelu"))).getMessage());
    assertEquals("activation must be one of relu, relu6, swish, gelu, none, got 'tanh'",
        assertThrows(IllegalArgumentException.class, () -> Generators.validate("cnn", Map.of("activation", "tanh")))
            .getMessage());
  }

  /** One calibration for both files: the ONNX variant's TFLite twin is the TFLite variant, byte for byte. */
  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({"mlp, int8", "mlp, float32", "encoder, int8", "cnn, int8"})
  void anOnnxVariantComesWithItsTfliteTwin(String family, String precision) {
    Map<String, String> params = new HashMap<>(family.equals("cnn") ? SMALL_CNN : Map.of());
    params.put("quantize", precision);
    GeneratedModel tflite = Generators.generate(family, params);
    GeneratedModel onnx = Generators.generate(family, with(params, "format", "onnx"));
    assertEquals(ModelFormat.TFLITE, ModelFormat.of(tflite.file()));
    assertArrayEquals(tflite.file(), tflite.tflite(), "a TFLite file is its own twin");
    assertEquals(ModelFormat.ONNX, ModelFormat.of(onnx.file()));
    assertArrayEquals(tflite.file(), onnx.tflite(), "the same model as TFLite");
    assertEquals(precision, ModelInspector.inspect(family, onnx.tflite()).quantization());
  }
}
