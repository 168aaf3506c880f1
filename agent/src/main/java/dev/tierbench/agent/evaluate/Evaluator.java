package dev.tierbench.agent.evaluate;

import java.nio.ByteBuffer;
import java.nio.file.Path;

import dev.tierbench.agent.runtime.InferenceRuntime;
import dev.tierbench.agent.runtime.LoadedModel;
import dev.tierbench.agent.runtime.ModelLoadException;
import dev.tierbench.agent.runtime.TensorInfo;
import dev.tierbench.common.dataset.Dataset;
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
        write(loaded.input(0), input, chunk);
        loaded.run();
        read(loaded.output(0), output, result);
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

  /**
   * Samples into the input: as they are for float32, as whole numbers for int32 (token ids), quantized with the
   * tensor's scale for int8 and uint8.
   */
  private static void write(ByteBuffer buffer, TensorInfo tensor, float[] values) {
    buffer.clear();
    if (tensor.type().equals("float32")) {
      buffer.asFloatBuffer().put(values);
      return;
    }
    if (tensor.type().equals("int32")) {
      for (float v : values) {
        buffer.putInt((int) v);
      }
      return;
    }
    int low = tensor.type().equals("int8") ? -128 : 0;
    for (float v : values) {
      long q = Math.round(v / tensor.scale()) + tensor.zeroPoint();
      buffer.put((byte) Math.max(low, Math.min(low + 255, q)));
    }
  }

  private static void read(ByteBuffer buffer, TensorInfo tensor, float[] values) {
    buffer.rewind();
    if (tensor.type().equals("float32")) {
      buffer.asFloatBuffer().get(values);
      return;
    }
    boolean signed = tensor.type().equals("int8");
    for (int i = 0; i < values.length; i++) {
      byte b = buffer.get();
      values[i] = tensor.scale() * ((signed ? b : b & 0xff) - tensor.zeroPoint());
    }
  }

  private static void check(TensorInfo input, TensorInfo output, int batch, Dataset data) {
    for (TensorInfo t : new TensorInfo[] {input, output}) {
      boolean quantized = (t.type().equals("int8") || t.type().equals("uint8")) && t.scale() > 0;
      boolean tokens = t == input && t.type().equals("int32");
      if (!t.type().equals("float32") && !quantized && !tokens) {
        throw new IllegalArgumentException("evaluating on " + data.name() + " needs float32 or quantized 8-bit"
            + " input (or int32 token ids) and output; the model's " + t + " is none of these");
      }
    }
    if (input.elements() != (long) batch * data.width()) {
      throw new IllegalArgumentException("the evaluation set " + data.name() + " has " + data.width() + " features"
          + " per sample but the model's input " + input + " takes " + input.elements() / batch
          + " per sample at batch " + batch);
    }
    long perSample = output.elements() / batch;
    long expected = switch (data.task()) {
      case CLASSIFICATION -> data.classes().size();
      case REGRESSION -> 1;
      // Without labels any number of class scores can be compared; with the model's label names, that many.
      case UNLABELLED -> data.classes().isEmpty() ? perSample : data.classes().size();
    };
    if (output.elements() % batch != 0 || perSample != expected) {
      throw new IllegalArgumentException("the model's output " + output + " gives " + perSample
          + " values per sample; " + data.name() + " needs " + expected);
    }
  }
}
