package dev.tierbench.coordinator.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;

/**
 * The mean of (target − prediction)², built from array operations only: DJL's own L2 loss multiplies by a Java
 * number, which its PyTorch engine frees before the backward pass reads it (see {@link GraphTrainer}).
 */
final class MeanSquaredError extends Loss {

  MeanSquaredError() {
    super("MeanSquaredError");
  }

  @Override
  public NDArray evaluate(NDList labels, NDList predictions) {
    NDArray difference = labels.singletonOrThrow().sub(predictions.singletonOrThrow());
    return difference.mul(difference).mean();
  }
}
