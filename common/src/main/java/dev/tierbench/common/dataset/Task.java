package dev.tierbench.common.dataset;

/** What a dataset's target is: a class out of a fixed list, or a number. */
public enum Task {
  CLASSIFICATION,
  REGRESSION
}
