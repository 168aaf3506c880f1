package dev.tierbench.common.dataset;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Which samples train, which validate and which test: seeded, so the same seed gives the same split on every
 * machine, and stratified for classification, so each part holds every class in proportion.
 */
public record Split(int[] train, int[] validation, int[] test) {

  /** @param validation and {@code test}: shares of the samples, each in (0, 0.5) */
  public static Split of(Dataset data, double validation, double test, long seed) {
    if (!(validation > 0 && validation < 0.5 && test > 0 && test < 0.5)) {
      throw new IllegalArgumentException("validation and test shares must each be in (0, 0.5)");
    }
    List<List<Integer>> groups = new ArrayList<>();
    if (data.task() == Task.CLASSIFICATION) {
      for (int c = 0; c < data.classes().size(); c++) {
        groups.add(new ArrayList<>());
      }
      for (int i = 0; i < data.size(); i++) {
        groups.get(data.label(i)).add(i);
      }
    } else {
      List<Integer> all = new ArrayList<>();
      for (int i = 0; i < data.size(); i++) {
        all.add(i);
      }
      groups.add(all);
    }
    SplittableRandom random = new SplittableRandom(seed);
    List<Integer> train = new ArrayList<>();
    List<Integer> valid = new ArrayList<>();
    List<Integer> held = new ArrayList<>();
    for (List<Integer> group : groups) {
      for (int i = group.size() - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        Integer t = group.get(i);
        group.set(i, group.get(j));
        group.set(j, t);
      }
      int nTest = (int) Math.round(group.size() * test);
      int nValid = (int) Math.round(group.size() * validation);
      held.addAll(group.subList(0, nTest));
      valid.addAll(group.subList(nTest, nTest + nValid));
      train.addAll(group.subList(nTest + nValid, group.size()));
    }
    return new Split(sorted(train), sorted(valid), sorted(held));
  }

  private static int[] sorted(List<Integer> rows) {
    int[] array = rows.stream().mapToInt(Integer::intValue).toArray();
    Arrays.sort(array);
    return array;
  }
}
