package dev.tierbench.coordinator.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.tierbench.common.protocol.OperatorTime;

class OperatorProfileTest {

  @Test
  void repetitionsAreAveragedAndSharesAddUpToTheWhole() {
    List<OperatorTime> first = List.of(new OperatorTime("Convolution (NHWC, QC8) IGEMM", "XNNPACK", 5, 30_000),
        new OperatorTime("SOFTMAX", "TFLite kernel", 1, 10_000));
    List<OperatorTime> second = List.of(new OperatorTime("Convolution (NHWC, QC8) IGEMM", "XNNPACK", 5, 50_000),
        new OperatorTime("SOFTMAX", "TFLite kernel", 1, 10_000));
    OperatorProfile p = OperatorProfile.of("edge", "kws", "TFLite 2.20.0", 0.045, List.of(first, second));
    assertEquals(0.05, p.profiledMs(), 1e-12);
    assertEquals("Convolution (NHWC, QC8) IGEMM", p.operators().get(0).operator());
    assertEquals(0.04, p.operators().get(0).ms(), 1e-12, "the mean over repetitions");
    assertEquals(0.8, p.operators().get(0).share(), 1e-12);
    assertEquals(5, p.operators().get(0).count());
    assertEquals(0.2, p.operators().get(1).share(), 1e-12);
  }

  @Test
  void beyondTheShownKindsTheRestIsSummedAsOther() {
    List<OperatorTime> many = new ArrayList<>();
    for (int i = 0; i < OperatorProfile.SHOWN + 3; i++) {
      many.add(new OperatorTime("OP" + i, "TFLite kernel", 1, 1_000L * (20 - i)));
    }
    OperatorProfile p = OperatorProfile.of("edge", "m", "TFLite 2.20.0", 0.1, List.of(many));
    assertEquals(OperatorProfile.SHOWN + 1, p.operators().size());
    OperatorProfile.OperatorShare other = p.operators().get(OperatorProfile.SHOWN);
    assertEquals("other (3 kinds)", other.operator());
    assertEquals((10 + 9 + 8) / 1000.0, other.ms(), 1e-12);
    assertEquals(1.0, p.operators().stream().mapToDouble(OperatorProfile.OperatorShare::share).sum(), 1e-12);
  }

  @Test
  void aProfileUnderTheProfilersResolutionHasNoShares() {
    OperatorProfile p = OperatorProfile.of("edge", "tiny", "ONNX Runtime 1.29.0", 0.001,
        List.of(List.of(new OperatorTime("Gemm", "CPU", 2, 0))));
    assertEquals(0, p.profiledMs());
    assertEquals(0, p.operators().get(0).share());
  }
}
