package dev.tierbench.coordinator.training;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.ObjIntConsumer;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.tierbench.common.dataset.Dataset;
import dev.tierbench.common.dataset.Task;
import dev.tierbench.common.generate.Graph;
import dev.tierbench.common.generate.Op;
import dev.tierbench.common.generate.TfliteWriter;
import dev.tierbench.common.model.ModelInspector;

/**
 * Trains a generated network with DJL's PyTorch engine by running its {@link Graph} itself, operator by
 * operator, with the graph's weights as the parameters: what is trained is exactly the architecture the TFLite
 * writer serializes, in TFLite's layouts (NHWC activations, [out, k, k, in] kernels, SAME padding, which PyTorch
 * pads asymmetrically by hand), so the trained values go back into the graph unchanged. Training starts from the
 * generator's seeded weights; classification trains on the logits before the final softmax with cross-entropy,
 * regression on the output with the squared error.
 */
public final class GraphTrainer {

  private GraphTrainer() {}

  /**
   * @param afterEpoch told the epoch just finished and its mean loss
   * @throws TrainingDivergedException when the loss stops being a finite number
   * @throws IllegalArgumentException when the data does not fit the graph's input or output
   */
  public static TrainedGraph train(Graph graph, Dataset train, TrainSettings settings,
      ObjIntConsumer<Double> afterEpoch) {
    boolean classify = check(graph, train);
    PyTorch.start();
    long started = System.nanoTime();
    Engine engine = Engine.getEngine(PyTorch.NAME);
    Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed((float) settings.learningRate())).build();
    Loss loss = classify ? Loss.softmaxCrossEntropyLoss() : new MeanSquaredError();
    List<Double> losses = new ArrayList<>();
    try (NDManager manager = engine.newBaseManager(Device.cpu())) {
      NDArray[] values = constants(graph, manager);
      List<Integer> trainable = trainable(graph);
      for (int id : trainable) {
        values[id].setRequiresGradient(true);
      }
      SplittableRandom random = new SplittableRandom(settings.seed());
      int[] order = new int[train.size()];
      Arrays.setAll(order, i -> i);
      int last = graph.operations().size() - (classify ? 1 : 0);
      for (int epoch = 1; epoch <= settings.epochs(); epoch++) {
        shuffle(order, random);
        double sum = 0;
        for (int start = 0; start < order.length; start += settings.batch()) {
          int end = Math.min(order.length, start + settings.batch());
          try (NDManager batch = manager.newSubManager()) {
            NDArray x = input(graph, batch, rows(train, order, start, end));
            NDArray y = targets(batch, train, order, start, end, classify);
            try (GradientCollector gradients = engine.newGradientCollector()) {
              NDArray value = loss.evaluate(new NDList(y), new NDList(forward(graph, values, x, last, batch)));
              gradients.backward(value);
              sum += value.getFloat() * (end - start);
            }
            for (int id : trainable) {
              NDArray gradient = values[id].getGradient();
              gradient.attach(batch);
              adam.update("t" + id, values[id], gradient);
              gradient.subi(gradient);
            }
          }
        }
        double mean = sum / order.length;
        if (!Double.isFinite(mean)) {
          throw new TrainingDivergedException("training diverged at epoch " + epoch + " (loss " + mean
              + "): lower the learning rate (" + settings.learningRate() + ")");
        }
        losses.add(mean);
        afterEpoch.accept(mean, epoch);
      }
      Map<Integer, float[]> trained = new HashMap<>();
      for (int id : trainable) {
        trained.put(id, values[id].toFloatArray());
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      long macs = ModelInspector.inspect("training", TfliteWriter.write(graph)).macs();
      double flops = 3.0 * 2.0 * macs * train.size() * settings.epochs();
      return new TrainedGraph(graph.withValues(trained), losses, seconds, flops);
    }
  }

  /** Whether the data is a classification task, after checking it fits the graph. */
  private static boolean check(Graph graph, Dataset train) {
    int inputs = graph.tensor(graph.input()).elements();
    if (train.width() != inputs) {
      throw new IllegalArgumentException(train.name() + " has " + train.width() + " features per sample but the"
          + " model takes " + inputs + " inputs " + Arrays.toString(graph.tensor(graph.input()).shape()));
    }
    boolean classify = train.task() == Task.CLASSIFICATION;
    List<Graph.Operation> ops = graph.operations();
    if (classify && ops.get(ops.size() - 1).op() != Op.SOFTMAX) {
      throw new IllegalArgumentException(train.name() + " is a classification dataset but the model is built for"
          + " regression (no softmax output)");
    }
    if (!classify && ops.get(ops.size() - 1).op() == Op.SOFTMAX) {
      throw new IllegalArgumentException(train.name() + " is a regression dataset but the model is built for"
          + " classification");
    }
    int expected = classify ? train.classes().size() : 1;
    int outputs = graph.tensor(graph.output()).elements();
    if (outputs != expected) {
      throw new IllegalArgumentException(train.name() + " needs " + expected + " outputs, the model has " + outputs);
    }
    return classify;
  }

  static NDArray[] constants(Graph graph, NDManager manager) {
    NDArray[] values = new NDArray[graph.tensors().size()];
    for (Graph.Tensor t : graph.tensors()) {
      if (t.constant() && !t.integer()) {
        values[t.id()] = manager.create(t.data(), new Shape(Arrays.stream(t.shape()).asLongStream().toArray()));
      }
    }
    return values;
  }

  private static List<Integer> trainable(Graph graph) {
    return graph.tensors().stream().filter(Graph.Tensor::trainable).map(Graph.Tensor::id).toList();
  }

  /** Samples as the graph's input with the batch in the first dimension; token ids as int64 for GATHER. */
  static NDArray input(Graph graph, NDManager manager, float[][] samples) {
    Graph.Tensor in = graph.tensor(graph.input());
    long[] shape = Arrays.stream(in.shape()).asLongStream().toArray();
    shape[0] = samples.length;
    NDArray x = manager.create(samples).reshape(new Shape(shape));
    return in.integer() ? x.toType(DataType.INT64, false) : x;
  }

  /** Runs the first {@code operations} operators on {@code x}; intermediate arrays belong to {@code manager}. */
  static NDArray forward(Graph graph, NDArray[] constants, NDArray x, int operations, NDManager manager) {
    NDArray[] t = constants.clone();
    t[graph.input()] = x;
    NDArray out = x;
    for (Graph.Operation op : graph.operations().subList(0, operations)) {
      out = apply(op, t, manager);
      t[op.output()] = out;
    }
    return out;
  }

  /**
   * One operator. A result lands in the manager of its first operand, which for a weight is the long-lived one:
   * every array made here is moved to the batch's {@code manager} so that it is freed with the batch. No
   * operator takes a Java number: DJL 0.27 turns one into a tensor over a direct buffer that it releases at once
   * while autograd keeps the tensor for the backward pass, which then reads freed memory (NaN at random steps,
   * whenever the garbage collector happens to run).
   */
  private static NDArray apply(Graph.Operation op, NDArray[] t, NDManager manager) {
    int[] in = op.inputs();
    NDArray a = t[in[0]];
    NDArray result = own(manager, switch (op.op()) {
      case FULLY_CONNECTED -> a.matMul(own(manager, t[in[1]].transpose())).add(t[in[2]]);
      case CONV_2D -> conv(a, own(manager, t[in[1]].transpose(0, 3, 1, 2)), t[in[2]], op.stride(), 1, manager);
      case DEPTHWISE_CONV_2D -> conv(a, own(manager, t[in[1]].transpose(3, 0, 1, 2)), t[in[2]], op.stride(),
          (int) a.getShape().get(3), manager);
      case ADD -> a.add(t[in[1]]);
      case SUB -> a.sub(t[in[1]]);
      case MUL -> a.mul(t[in[1]]);
      case LOGISTIC -> Activation.sigmoid(a);
      case TANH -> a.tanh();
      case RSQRT -> own(manager, manager.ones(new Shape(1))).div(own(manager, a.sqrt()));
      case MEAN -> mean(a, op.axes(), manager);
      case SOFTMAX -> a.softmax(-1);
      case RESHAPE -> a.reshape(batchShape(a, op.axes()));
      case TRANSPOSE -> a.transpose(op.axes());
      case GATHER -> a.get(t[in[1]]);
      case BATCH_MATMUL -> {
        NDArray b = t[in[1]];
        int rank = b.getShape().dimension();
        yield a.matMul(op.adjointY() ? own(manager, b.swapAxes(rank - 2, rank - 1)) : b);
      }
    });
    return switch (op.activation()) {
      case RELU -> Activation.relu(result);
      // Not DJL's relu6, which takes the number 6 (see above): a tensor of sixes made by PyTorch itself.
      case RELU6 -> Activation.relu(result).minimum(manager.full(new Shape(1), 6f));
      case NONE -> result;
      default -> throw new IllegalStateException(op.activation() + " is never fused");
    };
  }

  /** PyTorch's engine reduces one axis at a time; over equal-sized slices the mean of means is the mean. */
  private static NDArray mean(NDArray x, int[] axes, NDManager manager) {
    NDArray y = x;
    for (int axis : axes) {
      y = own(manager, y.mean(new int[] {axis}, true));
    }
    return y;
  }

  private static NDArray own(NDManager manager, NDArray array) {
    array.attach(manager);
    return array;
  }

  /**
   * An NHWC convolution with TFLite's SAME padding: the total (k − 1 − (n − 1) mod s, at least 0) split with the
   * odd pixel after, which PyTorch's symmetric padding cannot say, so the extra row and column are appended.
   */
  private static NDArray conv(NDArray nhwc, NDArray kernel, NDArray bias, int stride, int groups, NDManager manager) {
    int k = (int) kernel.getShape().get(2);
    NDArray x = nhwc.transpose(0, 3, 1, 2);
    long[] before = new long[2];
    for (int axis = 2; axis <= 3; axis++) {
      long n = x.getShape().get(axis);
      long total = Math.max(0, ((n + stride - 1) / stride - 1) * stride + k - n);
      before[axis - 2] = total / 2;
      if (total % 2 == 1) {
        long[] shape = x.getShape().getShape();
        shape[axis] = 1;
        x = x.concat(manager.zeros(new Shape(shape)), axis);
      }
    }
    NDArray y = Conv2d.conv2d(x, kernel, bias, new Shape(stride, stride), new Shape(before[0], before[1]),
        new Shape(1, 1), groups).singletonOrThrow();
    return y.transpose(0, 2, 3, 1);
  }

  /** A RESHAPE's target with the batch in place of its leading 1. */
  private static Shape batchShape(NDArray x, int[] shape) {
    long[] target = Arrays.stream(shape).asLongStream().toArray();
    target[0] = x.getShape().get(0);
    return new Shape(target);
  }

  private static float[][] rows(Dataset data, int[] order, int start, int end) {
    float[][] rows = new float[end - start][];
    for (int i = start; i < end; i++) {
      rows[i - start] = data.features()[order[i]];
    }
    return rows;
  }

  private static NDArray targets(NDManager manager, Dataset data, int[] order, int start, int end, boolean classify) {
    float[] values = new float[end - start];
    for (int i = start; i < end; i++) {
      values[i - start] = (float) data.targets()[order[i]];
    }
    NDArray y = manager.create(values);
    return classify ? y : y.reshape(end - start, 1);
  }

  private static void shuffle(int[] order, SplittableRandom random) {
    for (int i = order.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
  }
}
