package dev.tierbench.agent.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import dev.tierbench.common.protocol.OperatorTime;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Reads the trace ONNX Runtime's profiler writes (Chrome trace events): one "model_run" event per query and one
 * "Node" event per operator run, with its op type and execution provider. The first {@link #WARMUP} queries are
 * left out, as first runs are not typical.
 */
final class OnnxProfile {

  /** Queries run before the profiled ones and left out of the profile. */
  static final int WARMUP = 5;

  private OnnxProfile() {}

  static List<OperatorTime> read(Path trace) throws IOException {
    JsonArray events = new JsonArray(Files.readString(trace));
    List<JsonObject> runs = new ArrayList<>();
    for (Object event : events) {
      if (event instanceof JsonObject e && "model_run".equals(e.getString("name"))) {
        runs.add(e);
      }
    }
    runs.sort(Comparator.comparingLong(e -> e.getLong("ts")));
    if (runs.size() <= WARMUP) {
      throw new IOException("the profile holds " + runs.size() + " runs, fewer than its " + (WARMUP + 1));
    }
    long from = runs.get(WARMUP).getLong("ts");
    int queries = runs.size() - WARMUP;
    OperatorTotals totals = new OperatorTotals();
    for (Object event : events) {
      if (event instanceof JsonObject e && "Node".equals(e.getString("cat")) && e.getLong("ts", 0L) >= from
          && e.getString("name", "").endsWith("_kernel_time")) {
        JsonObject args = e.getJsonObject("args", new JsonObject());
        String provider = args.getString("provider", "unknown").replace("ExecutionProvider", "");
        totals.add(args.getString("op_name", "(unnamed)"), provider, e.getLong("dur", 0L) * 1_000);
      }
    }
    return totals.perQuery(queries);
  }

  /** Removes the profile's folder and what ONNX Runtime wrote in it. */
  static void delete(Path folder) {
    if (folder == null) {
      return;
    }
    try (Stream<Path> files = Files.walk(folder)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      // a temporary folder left behind is harmless
    }
  }
}
