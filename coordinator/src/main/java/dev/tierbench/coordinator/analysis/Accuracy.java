package dev.tierbench.coordinator.analysis;

/** Top-1 accuracy on a held-out set: {@code correct} of {@code total} examples of {@code dataset}. */
public record Accuracy(String dataset, long correct, long total) {
  public Accuracy {
    if (total < 1 || correct < 0 || correct > total) {
      throw new IllegalArgumentException("accuracy needs 0 <= correct <= total and total >= 1, got " + correct
          + " of " + total);
    }
  }

  public double ratio() {
    return (double) correct / total;
  }
}
