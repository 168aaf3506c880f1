package dev.tierbench.agent.evaluate;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.file.Path;

import dev.tierbench.agent.runtime.InferenceRuntime;
import dev.tierbench.agent.runtime.LoadedModel;
import dev.tierbench.agent.runtime.ModelLoadException;
import dev.tierbench.agent.runtime.TensorInfo;
import dev.tierbench.common.dataset.Dataset;
import dev.tierbench.common.dataset.Task;
import dev.tierbench.common.protocol.Evaluation;
import dev.tierbench.common.protocol.TrialParams;

/**
 * Runs a held-out set through the model as the trial loads it (same interpreter, threads, delegate and batch
 * size as the timing) and scores the answers: accuracy, macro-F1 and the confusion matrix for classification,
 * R², MAE and RMSE for regression. The last batch is padded with copies of its last sample, whose answers are
 * not scored.
 */
public final class Evaluator {

  private Evaluator() {}

  /**
   * @throws ModelLoadException when the model cannot be loaded
   * @throws IllegalArgumentException when the set does not fit the model's input or output (naming both shapes)
   */
  public static Evaluation evaluate(InferenceRuntime runtime, Path model, TrialParams params, Dataset data)
      throws ModelLoadException {
    long started = System.nanoTime();
    try (LoadedModel loaded = runtime.load(model, params)) {
      TensorInfo input = loaded.inputs().get(0);
      TensorInfo output = loaded.outputs().get(0);
      int batch = params.batch();
      check(input, output, batch, data);
      int outputs = (int) (output.elements() / batch);
      double[][] answers = new double[data.size()][outputs];
      float[] chunk = new float[batch * data.width()];
      float[] result = new float[batch * outputs];
      for (int start = 0; start < data.size(); start += batch) {
        for (int k = 0; k < batch; k++) {
          float[] row = data.features()[Math.min(start + k, data.size() - 1)];
          System.arraycopy(row, 0, chunk, k * data.width(), data.width());
        }
        ByteBuffer in = loaded.input(0);
        in.clear();
        in.asFloatBuffer().put(chunk);
        loaded.run();
        ByteBuffer out = loaded.output(0);
        out.rewind();
        FloatBuffer floats = out.asFloatBuffer();
        floats.get(result);
        for (int k = 0; k < batch && start + k < data.size(); k++) {
          for (int j = 0; j < outputs; j++) {
            answers[start + k][j] = result[k * outputs + j];
          }
        }
      }
      return Scores.of(data, answers, System.nanoTime() - started);
    } catch (ModelLoadException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("evaluating " + data.name() + ": " + e.getMessage(), e);
    }
  }

  private static void check(TensorInfo input, TensorInfo output, int batch, Dataset data) {
    if (!input.type().equals("float32") || !output.type().equals("float32")) {
      throw new IllegalArgumentException("evaluating on " + data.name() + " needs float32 input and output; the"
          + " model takes " + input.type() + " and gives " + output.type());
    }
    if (input.elements() != (long) batch * data.width()) {
      throw new IllegalArgumentException("the evaluation set " + data.name() + " has " + data.width() + " features"
          + " per sample but the model's input " + input + " takes " + input.elements() / batch
          + " per sample at batch " + batch);
    }
    long perSample = output.elements() / batch;
    long expected = data.task() == Task.CLASSIFICATION ? data.classes().size() : 1;
    if (output.elements() % batch != 0 || perSample != expected) {
      throw new IllegalArgumentException("the model's output " + output + " gives " + perSample
          + " values per sample; " + data.name() + " needs " + expected);
    }
  }
}
