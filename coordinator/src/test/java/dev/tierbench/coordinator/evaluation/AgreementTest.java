package dev.tierbench.coordinator.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dev.tierbench.common.protocol.Evaluation;

class AgreementTest {

  private static Evaluation answers(int... predictions) {
    return new Evaluation("set", true, true, predictions.length, 0, Double.NaN, 3, new int[0], predictions, Double.NaN,
        Double.NaN, Double.NaN, new float[0], new float[0], 1);
  }

  @Test
  void theShareOfSamplesAnsweredAlike() {
    assertEquals(0.75, Agreement.share(answers(0, 1, 2, 2), answers(0, 1, 2, 1)));
    assertEquals(1.0, Agreement.share(answers(2, 2), answers(2, 2)));
    assertTrue(Double.isNaN(Agreement.share(answers(1, 2), answers(1))), "different sets do not compare");
  }
}
