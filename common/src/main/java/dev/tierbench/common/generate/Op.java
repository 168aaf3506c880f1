package dev.tierbench.common.generate;

/** The operators generated graphs use, each with the TFLite builtin it becomes. */
public enum Op {
  FULLY_CONNECTED,
  CONV_2D,
  DEPTHWISE_CONV_2D,
  ADD,
  SUB,
  MUL,
  LOGISTIC,
  TANH,
  RSQRT,
  MEAN,
  SOFTMAX,
  RESHAPE,
  TRANSPOSE,
  GATHER,
  BATCH_MATMUL
}
