package dev.tierbench.common.dataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class SplitTest {

  private static long count(Dataset data, int[] rows, int label) {
    return Arrays.stream(rows).filter(r -> data.label(r) == label).count();
  }

  @Test
  void stratifiedSeededDisjointAndComplete() {
    Dataset cancer = DatasetReader.builtin("breast_cancer", DatasetReaderTest.DATA);
    Split split = Split.of(cancer, 0.2, 0.2, 7);
    int[] all = IntStream.concat(IntStream.concat(Arrays.stream(split.train()), Arrays.stream(split.validation())),
        Arrays.stream(split.test())).sorted().toArray();
    assertArrayEquals(IntStream.range(0, cancer.size()).toArray(), all, "every sample in exactly one part");
    // 212 malignant of 569: 20 % of each class in the test part.
    assertEquals(42, count(cancer, split.test(), 0));
    assertEquals(71, count(cancer, split.test(), 1));
    assertArrayEquals(split.test(), Split.of(cancer, 0.2, 0.2, 7).test(), "the same seed, the same split");
    assertTrue(!Arrays.equals(split.test(), Split.of(cancer, 0.2, 0.2, 8).test()), "another seed, another split");
  }

  @Test
  void standardisationIsFittedOnTrainingSamplesOnly() {
    Dataset wine = DatasetReader.builtin("wine", DatasetReaderTest.DATA);
    Split split = Split.of(wine, 0.2, 0.2, 1);
    Dataset train = wine.select(split.train());
    Standardizer s = Standardizer.fit(train);
    Dataset scaled = s.apply(train);
    for (int j = 0; j < scaled.width(); j++) {
      final int column = j;
      double mean = Arrays.stream(scaled.features()).mapToDouble(r -> r[column]).average().orElseThrow();
      assertEquals(0, mean, 1e-4);
    }
  }
}
