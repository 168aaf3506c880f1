package dev.tierbench.common.sweep;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import dev.tierbench.common.config.Defaults;
import dev.tierbench.common.protocol.CpuList;
import dev.tierbench.common.protocol.Engine;
import dev.tierbench.common.protocol.GraphOptimization;
import dev.tierbench.common.protocol.Provider;
import dev.tierbench.common.protocol.Scenario;
import dev.tierbench.common.protocol.TrialParams;
import dev.tierbench.common.yaml.YamlNode;
import dev.tierbench.common.yaml.YamlReader;

/** A parameter a sweep can vary. Its key is the same in sweep files, config files and CLI flags. */
public enum Axis {
  BATCH("batch") {
    @Override
    Optional<Object> read(YamlNode node, YamlReader reader) {
      return reader.integer(node, "axis 'batch' value", 1, 65_536).map(Long::intValue);
    }
  },
  THREADS("threads") {
    @Override
    Optional<Object> read(YamlNode node, YamlReader reader) {
      return reader.integer(node, "axis 'threads' value", 1, 1_024).map(Long::intValue);
    }
  },
  XNNPACK("xnnpack") {
    @Override
    Optional<Object> read(YamlNode node, YamlReader reader) {
      return reader.bool(node, "axis 'xnnpack' value").map(b -> b);
    }
  },
  SCENARIO("scenario") {
    @Override
    Optional<Object> read(YamlNode node, YamlReader reader) {
      return choice(node, reader, "scenario", Scenario.values(), Scenario::key);
    }
  },
  /** Queries per second offered in the server scenario; other scenarios ignore it. */
  RATE("rate") {
    @Override
    Optional<Object> read(YamlNode node, YamlReader reader) {
      return reader.decimal(node, "axis 'rate' value (queries/s)", 0.001, TrialParams.MAX_RATE).map(r -> r);
    }
  },
  /** The CPUs a measurement is pinned to, as taskset -c writes them. */
  CPUS("cpus") {
    @Override
    Optional<Object> read(YamlNode node, YamlReader reader) {
      Optional<String> cpus = node instanceof YamlNode.Scalar s && s.kind() == YamlNode.Scalar.Kind.INTEGER
          ? Optional.of(s.text()) : reader.text(node, "axis 'cpus' value");
      try {
        cpus.ifPresent(CpuList::check);
      } catch (IllegalArgumentException e) {
        reader.problems().add(node.location(), "axis 'cpus' value " + e.getMessage());
        return Optional.empty();
      }
      return cpus.map(c -> c);
    }
  },
  /** The engine that runs the model: current TFLite, ONNX Runtime, or TFLite 2.6 for comparison. */
  ENGINE("engine") {
    @Override
    Optional<Object> read(YamlNode node, YamlReader reader) {
      return choice(node, reader, "engine", Engine.values(), Engine::key);
    }
  },
  /** ONNX Runtime's graph optimization level; the TFLite engines ignore it. */
  OPTIMIZATION("optimization") {
    @Override
    Optional<Object> read(YamlNode node, YamlReader reader) {
      return choice(node, reader, "optimization", GraphOptimization.values(), GraphOptimization::key);
    }
  },
  /** ONNX Runtime's execution provider; the TFLite engines ignore it. */
  PROVIDER("provider") {
    @Override
    Optional<Object> read(YamlNode node, YamlReader reader) {
      return choice(node, reader, "provider", Provider.values(), Provider::key);
    }
  };

  private final String key;

  Axis(String key) {
    this.key = key;
  }

  public String key() {
    return key;
  }

  /** One of {@code values} by its key, or a problem naming the axis and the keys. */
  private static <E> Optional<Object> choice(YamlNode node, YamlReader reader, String axis, E[] values,
      java.util.function.Function<E, String> key) {
    Set<String> keys = Arrays.stream(values).map(key).collect(Collectors.toCollection(LinkedHashSet::new));
    return reader.choice(node, "axis '" + axis + "' value", keys)
        .flatMap(k -> Arrays.stream(values).filter(v -> key.apply(v).equals(k)).findFirst()).map(v -> v);
  }

  /** Reads one value of this axis, recording a problem if it is of the wrong type or out of range. */
  abstract Optional<Object> read(YamlNode node, YamlReader reader);

  public static Optional<Axis> byKey(String key) {
    return Arrays.stream(values()).filter(a -> a.key.equals(key)).findFirst();
  }

  public static List<String> keys() {
    return Arrays.stream(values()).map(Axis::key).toList();
  }

  /**
   * The trial parameters for one point of the sweep; axes not in {@code point} take their defaults. The rate
   * belongs to the server scenario: other scenarios get none, so their points that differ only in rate are
   * the same trial. Likewise each engine takes only its own settings: XNNPACK for TFLite, the graph optimization
   * level and the provider for ONNX Runtime.
   */
  public static TrialParams params(Map<Axis, Object> point) {
    Scenario scenario = (Scenario) point.getOrDefault(SCENARIO, Scenario.byKey(Defaults.get(SCENARIO.key))
        .orElseThrow());
    double rate = (Double) point.getOrDefault(RATE, Double.parseDouble(Defaults.get(RATE.key)));
    Engine engine = (Engine) point.getOrDefault(ENGINE, Engine.byKey(Defaults.get(ENGINE.key)).orElseThrow());
    GraphOptimization optimization = (GraphOptimization) point.getOrDefault(OPTIMIZATION,
        GraphOptimization.byKey(Defaults.get(OPTIMIZATION.key)).orElseThrow());
    Provider provider = (Provider) point.getOrDefault(PROVIDER, Provider.byKey(Defaults.get(PROVIDER.key))
        .orElseThrow());
    boolean xnnpack = (Boolean) point.getOrDefault(XNNPACK, Boolean.parseBoolean(Defaults.get(XNNPACK.key)));
    return new TrialParams(
        (Integer) point.getOrDefault(BATCH, Integer.parseInt(Defaults.get(BATCH.key))),
        (Integer) point.getOrDefault(THREADS, Integer.parseInt(Defaults.get(THREADS.key))),
        xnnpack && engine.tflite(), scenario, scenario == Scenario.SERVER ? rate : 0,
        (String) point.getOrDefault(CPUS, Defaults.get(CPUS.key)), engine,
        engine.tflite() ? GraphOptimization.ALL : optimization, engine.tflite() ? Provider.CPU : provider);
  }
}
