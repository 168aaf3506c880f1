package dev.tierbench.coordinator.training;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.tierbench.common.dataset.Dataset;
import dev.tierbench.common.dataset.Task;
import dev.tierbench.common.generate.MlpSpec;

/**
 * Trains the generator's MLP on a dataset with DJL's PyTorch engine (offline, one thread, seeded) and returns
 * the weights under the generator's layer names: a PyTorch {@code Linear} weight is [out, in], exactly TFLite's
 * FULLY_CONNECTED layout, so the values go across unchanged.
 */
public final class MlpTrainer {

  private MlpTrainer() {}

  /**
   * @throws TrainingDivergedException when the loss stops being a finite number
   * @throws IllegalArgumentException when the data does not fit the architecture
   */
  public static TrainedMlp train(MlpSpec spec, Dataset train, TrainSettings settings) {
    return train(spec, train, settings, (epoch, loss) -> {});
  }

  /** The same, telling {@code afterEpoch} the epoch just finished and its mean loss. */
  public static TrainedMlp train(MlpSpec spec, Dataset train, TrainSettings settings,
      java.util.function.ObjIntConsumer<Double> afterEpoch) {
    check(spec, train);
    PyTorch.start();
    long started = System.nanoTime();
    Engine engine = Engine.getEngine(PyTorch.NAME);
    engine.setRandomSeed((int) settings.seed());
    try (Model model = Model.newInstance("mlp", Device.cpu(), PyTorch.NAME);
        NDManager manager = engine.newBaseManager(Device.cpu())) {
      SequentialBlock net = network(spec);
      model.setBlock(net);
      Loss loss = spec.classify() ? Loss.softmaxCrossEntropyLoss() : Loss.l2Loss();
      DefaultTrainingConfig config = new DefaultTrainingConfig(loss)
          .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed((float) settings.learningRate()))
              .build())
          .optDevices(new Device[] {Device.cpu()});
      List<Double> losses = new ArrayList<>();
      try (Trainer trainer = model.newTrainer(config)) {
        trainer.initialize(new Shape(1, spec.inputs()));
        SplittableRandom random = new SplittableRandom(settings.seed());
        int[] order = new int[train.size()];
        for (int i = 0; i < order.length; i++) {
          order[i] = i;
        }
        for (int epoch = 1; epoch <= settings.epochs(); epoch++) {
          shuffle(order, random);
          double sum = 0;
          for (int start = 0; start < order.length; start += settings.batch()) {
            int end = Math.min(order.length, start + settings.batch());
            try (NDManager batch = manager.newSubManager()) {
              NDArray x = batch.create(rows(train, order, start, end));
              NDArray y = targets(batch, train, order, start, end, spec.classify());
              try (GradientCollector gradients = trainer.newGradientCollector()) {
                NDArray value = loss.evaluate(new NDList(y), trainer.forward(new NDList(x)));
                gradients.backward(value);
                sum += value.getFloat() * (end - start);
              }
              trainer.step();
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
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      double flops = 3.0 * 2.0 * spec.macs() * train.size() * settings.epochs();
      return new TrainedMlp(weights(net, spec), losses, seconds, flops);
    }
  }

  /** Predictions of {@code weights} in PyTorch, for checking an exported model against its source. */
  public static float[][] predict(MlpSpec spec, TrainedWeights weights, float[][] samples) {
    PyTorch.start();
    Engine engine = Engine.getEngine(PyTorch.NAME);
    try (NDManager manager = engine.newBaseManager(Device.cpu())) {
      NDArray x = manager.create(samples);
      for (int layer = 1; layer <= spec.depth() + 1; layer++) {
        String name = layer <= spec.depth() ? "hidden" + layer : "output";
        int out = layer <= spec.depth() ? spec.width() : spec.outputs();
        int in = layer == 1 ? spec.inputs() : spec.width();
        NDArray w = manager.create(weights.values().get(name + "/weights"), new Shape(out, in));
        NDArray b = manager.create(weights.values().get(name + "/bias"));
        x = x.matMul(w.transpose()).add(b);
        if (layer <= spec.depth()) {
          x = activation(spec, x);
        }
      }
      if (spec.classify()) {
        x = x.softmax(-1);
      }
      float[] flat = x.toFloatArray();
      float[][] out = new float[samples.length][spec.outputs()];
      for (int i = 0; i < samples.length; i++) {
        System.arraycopy(flat, i * spec.outputs(), out[i], 0, spec.outputs());
      }
      return out;
    }
  }

  private static void check(MlpSpec spec, Dataset train) {
    if (train.width() != spec.inputs()) {
      throw new IllegalArgumentException(train.name() + " has " + train.width() + " features per sample but the"
          + " MLP takes " + spec.inputs() + " inputs");
    }
    boolean classification = train.task() == Task.CLASSIFICATION;
    if (classification != spec.classify()) {
      throw new IllegalArgumentException(train.name() + " is a " + train.task().name().toLowerCase() + " dataset but"
          + " the MLP is built for " + (spec.classify() ? "classification" : "regression"));
    }
    int expected = classification ? train.classes().size() : 1;
    if (spec.outputs() != expected) {
      throw new IllegalArgumentException(train.name() + " needs " + expected + " outputs, the MLP has "
          + spec.outputs());
    }
  }

  private static SequentialBlock network(MlpSpec spec) {
    SequentialBlock net = new SequentialBlock();
    for (int layer = 1; layer <= spec.depth(); layer++) {
      net.add(Linear.builder().setUnits(spec.width()).build());
      net.add(list -> new NDList(activation(spec, list.singletonOrThrow())));
    }
    net.add(Linear.builder().setUnits(spec.outputs()).build());
    return net;
  }

  private static NDArray activation(MlpSpec spec, NDArray x) {
    return switch (spec.activation()) {
      case RELU -> Activation.relu(x);
      case RELU6 -> Activation.relu6(x);
      case SWISH -> Activation.swish(x, 1f);
      case GELU -> Activation.gelu(x);
      case NONE -> x;
    };
  }

  /** The Linear layers' parameters under the generator's names: hidden1..hiddenN, then output. */
  private static TrainedWeights weights(SequentialBlock net, MlpSpec spec) {
    Map<String, float[]> values = new HashMap<>();
    int layer = 0;
    for (Block block : net.getChildren().values()) {
      if (block instanceof Linear linear) {
        layer++;
        String name = layer <= spec.depth() ? "hidden" + layer : "output";
        values.put(name + "/weights", linear.getParameters().get("weight").getArray().toFloatArray());
        values.put(name + "/bias", linear.getParameters().get("bias").getArray().toFloatArray());
      }
    }
    return new TrainedWeights(values);
  }

  private static float[][] rows(Dataset data, int[] order, int start, int end) {
    float[][] rows = new float[end - start][];
    for (int i = start; i < end; i++) {
      rows[i - start] = data.features()[order[i]];
    }
    return rows;
  }

  private static NDArray targets(NDManager manager, Dataset data, int[] order, int start, int end, boolean classify) {
    if (classify) {
      float[] labels = new float[end - start];
      for (int i = start; i < end; i++) {
        labels[i - start] = (float) data.targets()[order[i]];
      }
      return manager.create(labels);
    }
    float[][] values = new float[end - start][1];
    for (int i = start; i < end; i++) {
      values[i - start][0] = (float) data.targets()[order[i]];
    }
    return manager.create(values);
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
