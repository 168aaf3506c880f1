package dev.tierbench.common.dataset;

/**
 * What a dataset's target is: a class out of a fixed list, or a number; or nothing, for samples without labels
 * that variants can only be compared on.
 */
public enum Task {
  CLASSIFICATION,
  REGRESSION,
  UNLABELLED
}
