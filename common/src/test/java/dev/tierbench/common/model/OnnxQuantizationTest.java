package dev.tierbench.common.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** An int8 input's or output's quantization as an ONNX model's metadata carries it. */
class OnnxQuantizationTest {

  @Test
  void itReadsBackWhatWasWritten() {
    OnnxQuantization q = new OnnxQuantization(0.0104291355f, -50);
    Map<String, String> metadata = Map.of(OnnxQuantization.key("t0_image"), q.value());
    assertEquals(Optional.of(q), OnnxQuantization.of(metadata, "t0_image"));
    assertEquals(Optional.empty(), OnnxQuantization.of(metadata, "t9_probabilities"));
  }

  @Test
  void aBrokenEntryOrImpossibleValuesAreRefused() {
    assertEquals("tierbench.quantization.x must be a scale and a zero point, got '0.5'",
        assertThrows(IllegalArgumentException.class,
            () -> OnnxQuantization.of(Map.of(OnnxQuantization.key("x"), "0.5"), "x")).getMessage());
    assertEquals("a quantization scale must be positive and finite, got 0.0",
        assertThrows(IllegalArgumentException.class, () -> new OnnxQuantization(0f, 0)).getMessage());
    assertEquals("an 8-bit zero point lies in -128..255, got 300",
        assertThrows(IllegalArgumentException.class, () -> new OnnxQuantization(1f, 300)).getMessage());
  }
}
