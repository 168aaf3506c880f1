package dev.tierbench.common.dataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Evaluation sets travel to agents unchanged, labelled or not, and a damaged file is named. */
class EvalSetTest {

  @TempDir
  Path dir;

  private Dataset roundTrip(Dataset data) throws Exception {
    Path file = dir.resolve(data.name() + ".tbev");
    Files.write(file, EvalSet.write(data));
    return EvalSet.read(file);
  }

  @Test
  void everyKindOfSetComesBackAsItWent() throws Exception {
    float[][] features = {{1, 2}, {3, 4}, {5, 6}};
    for (Dataset data : List.of(
        new Dataset("classes", Task.CLASSIFICATION, List.of("a", "b"), features, new double[] {0, 1, 1}),
        new Dataset("values", Task.REGRESSION, List.of(), features, new double[] {0.5, 1.5, -2}),
        new Dataset("photos", Task.UNLABELLED, List.of(), features, new double[] {Double.NaN, Double.NaN,
            Double.NaN}))) {
      Dataset back = roundTrip(data);
      assertEquals(data.task(), back.task());
      assertEquals(data.classes(), back.classes());
      assertTrue(Arrays.deepEquals(data.features(), back.features()));
      assertArrayEquals(data.targets(), back.targets());
    }
  }

  @Test
  void aCutOrForeignFileIsNamed() throws Exception {
    byte[] bytes = EvalSet.write(new Dataset("s", Task.REGRESSION, List.of(), new float[][] {{1}}, new double[] {2}));
    Path cut = dir.resolve("cut.tbev");
    Files.write(cut, Arrays.copyOf(bytes, bytes.length - 3));
    assertEquals(cut + ": the evaluation set is cut short", assertThrows(DatasetException.class,
        () -> EvalSet.read(cut)).getMessage());
    Path other = dir.resolve("other.tbev");
    Files.writeString(other, "not a set at all");
    assertTrue(assertThrows(DatasetException.class, () -> EvalSet.read(other)).getMessage()
        .startsWith(other + ": not a tierbench evaluation set"));
  }
}
