package dev.tierbench.coordinator.training;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.tierbench.common.generate.Graph;

/** A trained graph's outputs computed in PyTorch: the oracle its exported TFLite model is checked against. */
final class TorchForward {

  private TorchForward() {}

  static float[][] outputs(Graph graph, float[][] samples) {
    PyTorch.start();
    try (NDManager manager = Engine.getEngine(PyTorch.NAME).newBaseManager(Device.cpu())) {
      NDArray[] values = GraphTrainer.constants(graph, manager);
      NDArray out = GraphTrainer.forward(graph, values, GraphTrainer.input(graph, manager, samples),
          graph.operations().size(), manager);
      int width = (int) (out.size() / samples.length);
      float[] flat = out.toFloatArray();
      float[][] rows = new float[samples.length][width];
      for (int i = 0; i < samples.length; i++) {
        System.arraycopy(flat, i * width, rows[i], 0, width);
      }
      return rows;
    }
  }
}
