package dev.tierbench.common.protocol;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.esotericsoftware.kryo.Kryo;

/**
 * The wire protocol: its version and the one list of classes that may travel, each with a fixed Kryo id.
 * Changing a record, or this list, changes the bytes: bump {@link #VERSION} and the golden fixtures.
 */
public final class Protocol {

  /** Carried in every encoded message and in {@link Register}; both sides must agree. */
  public static final int VERSION = 8;

  /** Kryo ids below this are Kryo's own (primitives and String). */
  private static final int FIRST_ID = 20;

  /** Every class that may appear on the wire, in id order. Append only within one version. */
  static final List<Class<?>> CLASSES = List.of(
      Register.class,
      Registered.class,
      Heartbeat.class,
      HeartbeatAck.class,
      LeaseRequest.class,
      TaskAssignment.class,
      NoWork.class,
      Progress.class,
      TaskResult.class,
      TaskFailure.class,
      TaskRelease.class,
      Leave.class,
      Ack.class,
      AgentInfo.class,
      TaskSpec.class,
      ModelRef.class,
      TrialParams.class,
      MeasureSettings.class,
      Measurement.class,
      EncodedHistogram.class,
      Phase.class,
      Duration.class,
      byte[].class,
      Scenario.class,
      MetricSummary.class,
      Telemetry.class,
      EvalRef.class,
      Evaluation.class,
      int[].class,
      float[].class,
      Engine.class,
      GraphOptimization.class,
      Provider.class,
      EngineInfo.class,
      OperatorTime.class,
      Claim.class,
      Calibration.class);

  /** How deep a message's objects may nest: far deeper than any message does. */
  static final int MAX_DEPTH = 32;

  private Protocol() {}

  /** A Kryo instance that knows exactly the protocol's classes and refuses any other. */
  static Kryo newKryo() {
    Kryo kryo = new Kryo();
    kryo.setRegistrationRequired(true);
    kryo.setReferences(false);
    // Messages nest a few levels; a corrupt one nesting lists without end would overflow the stack.
    kryo.setMaxDepth(MAX_DEPTH);
    int id = FIRST_ID;
    for (Class<?> type : CLASSES) {
      kryo.register(type, id++);
    }
    ImmutableCollectionSerializers.ListSerializer lists = new ImmutableCollectionSerializers.ListSerializer();
    kryo.register(List.of().getClass(), lists, id++);
    kryo.register(List.of(1).getClass(), lists, id++);
    ImmutableCollectionSerializers.MapSerializer maps = new ImmutableCollectionSerializers.MapSerializer();
    kryo.register(Map.of().getClass(), maps, id++);
    kryo.register(Map.of(1, 1).getClass(), maps, id++);
    return kryo;
  }
}
