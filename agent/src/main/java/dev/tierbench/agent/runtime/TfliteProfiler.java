package dev.tierbench.agent.runtime;

import static org.bytedeco.tensorflowlite.global.tensorflowlite.MakeTfLiteTelemetryProfiler;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.tensorflowlite.TelemetryProfiler;
import org.bytedeco.tensorflowlite.TfLiteTelemetryProfilerStruct;
import org.bytedeco.tensorflowlite.TfLiteTelemetrySettings;

import dev.tierbench.common.protocol.OperatorTime;

/**
 * TFLite's per-operator profile, through its telemetry profiler: TFLite reports the begin and end of every operator
 * its own kernels run, and XNNPACK reports the time of each of its operators (measured by XNNPACK) after every
 * invocation. The callbacks are JavaCPP upcalls, created once (JavaCPP keeps a few instances per callback type) and
 * routed to the profile being recorded on the calling thread, which is the thread that invokes the interpreter.
 */
final class TfliteProfiler implements AutoCloseable {

  /** Profiled queries run first and not counted, so that first-run costs stay out of the profile. */
  static final int WARMUP = 5;

  static final String XNNPACK = "XNNPACK";
  static final String KERNEL = "TFLite kernel";

  private static final ThreadLocal<TfliteProfiler> RECORDING = new ThreadLocal<>();

  private static final TfLiteTelemetryProfilerStruct.ReportBeginOpInvokeEvent_TfLiteTelemetryProfilerStruct_BytePointer_long_long
      BEGIN = new TfLiteTelemetryProfilerStruct.ReportBeginOpInvokeEvent_TfLiteTelemetryProfilerStruct_BytePointer_long_long() {
        @Override
        public int call(TfLiteTelemetryProfilerStruct profiler, BytePointer op, long node, long subgraph) {
          TfliteProfiler recording = RECORDING.get();
          return recording == null ? -1 : recording.begin(text(op));
        }
      };
  private static final TfLiteTelemetryProfilerStruct.ReportEndOpInvokeEvent_TfLiteTelemetryProfilerStruct_int END =
      new TfLiteTelemetryProfilerStruct.ReportEndOpInvokeEvent_TfLiteTelemetryProfilerStruct_int() {
        @Override
        public void call(TfLiteTelemetryProfilerStruct profiler, int handle) {
          TfliteProfiler recording = RECORDING.get();
          if (recording != null) {
            recording.end(handle);
          }
        }
      };
  private static final TfLiteTelemetryProfilerStruct.ReportOpInvokeEvent_TfLiteTelemetryProfilerStruct_BytePointer_long_long_long
      TIMED = new TfLiteTelemetryProfilerStruct.ReportOpInvokeEvent_TfLiteTelemetryProfilerStruct_BytePointer_long_long_long() {
        @Override
        public void call(TfLiteTelemetryProfilerStruct profiler, BytePointer op, long micros, long node, long subgraph) {
          TfliteProfiler recording = RECORDING.get();
          if (recording != null) {
            recording.totals.add(text(op), XNNPACK, micros * 1_000);
          }
        }
      };
  private static final TfLiteTelemetryProfilerStruct.ReportTelemetryEvent_TfLiteTelemetryProfilerStruct_BytePointer_long
      STATUS = new TfLiteTelemetryProfilerStruct.ReportTelemetryEvent_TfLiteTelemetryProfilerStruct_BytePointer_long() {
        @Override
        public void call(TfLiteTelemetryProfilerStruct profiler, BytePointer event, long status) {
          // interpreter status events: not operator time
        }
      };
  private static final TfLiteTelemetryProfilerStruct.ReportTelemetryOpEvent_TfLiteTelemetryProfilerStruct_BytePointer_long_long_long
      OP_STATUS = new TfLiteTelemetryProfilerStruct.ReportTelemetryOpEvent_TfLiteTelemetryProfilerStruct_BytePointer_long_long_long() {
        @Override
        public void call(TfLiteTelemetryProfilerStruct profiler, BytePointer event, long node, long subgraph,
            long status) {
          // operator status events: not operator time
        }
      };
  private static final TfLiteTelemetryProfilerStruct.ReportSettings_TfLiteTelemetryProfilerStruct_BytePointer_TfLiteTelemetrySettings
      SETTINGS = new TfLiteTelemetryProfilerStruct.ReportSettings_TfLiteTelemetryProfilerStruct_BytePointer_TfLiteTelemetrySettings() {
        @Override
        public void call(TfLiteTelemetryProfilerStruct profiler, BytePointer setting, TfLiteTelemetrySettings value) {
          // the interpreter's settings: not operator time
        }
      };

  private final TfLiteTelemetryProfilerStruct callbacks = new TfLiteTelemetryProfilerStruct();
  private final Map<Integer, Begun> open = new java.util.HashMap<>();
  private int handles;
  private final OperatorTotals totals = new OperatorTotals();

  TfliteProfiler() {
    callbacks.ReportBeginOpInvokeEvent(BEGIN).ReportEndOpInvokeEvent(END).ReportOpInvokeEvent(TIMED)
        .ReportTelemetryEvent(STATUS).ReportTelemetryOpEvent(OP_STATUS).ReportSettings(SETTINGS);
  }

  /** The profiler to hand to the interpreter builder, which owns it from then on. */
  TelemetryProfiler telemetry() {
    return MakeTfLiteTelemetryProfiler(callbacks);
  }

  /** Runs {@code query} {@code queries} times, recording, and returns the time per kind of operator per query. */
  List<OperatorTime> record(int queries, Runnable query) {
    RECORDING.set(this);
    try {
      for (int i = 0; i < queries; i++) {
        query.run();
      }
    } finally {
      RECORDING.remove();
    }
    return totals.perQuery(queries);
  }

  private record Begun(String op, long at) {}

  private int begin(String op) {
    int handle = handles++ & Integer.MAX_VALUE;
    open.put(handle, new Begun(op, System.nanoTime()));
    return handle;
  }

  private void end(int handle) {
    Begun begun = open.remove(handle);
    // A delegate's node spans the operators the delegate reports itself: counting it too would count them twice.
    if (begun != null && !begun.op().toLowerCase(Locale.ROOT).contains("delegate")) {
      totals.add(begun.op(), KERNEL, System.nanoTime() - begun.at());
    }
  }

  private static String text(BytePointer pointer) {
    return pointer == null || pointer.isNull() ? "(unnamed)" : pointer.getString();
  }

  @Override
  public void close() {
    callbacks.close();
  }
}
