package dev.tierbench.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tierbench.common.model.ModelFile;

/** A coordinator and two agents as three separate JVMs, clustered over Hazelcast on loopback. */
class ClusterSweepIT {

  private static final int QUERIES = 150;

  @TempDir
  Path dir;

  @Test
  void aSweepOverTwoRealModelsAndTwoBatchSizesCompletesAcrossProcesses() throws Exception {
    Path sweep = dir.resolve("sweep.yaml");
    Files.writeString(sweep, """
        name: cluster-it
        models:
          - path: %s
            name: kws
          - path: %s
            name: mobilenet
        axes:
          batch: [1, 2]
        tiers: [edge]
        measurement: {warmup: 5, min-duration: 0s, min-queries: %d, max-duration: 60s}
        """.formatted(Fixtures.KWS, Fixtures.MOBILENET, QUERIES));
    int clusterPort = JvmProcesses.freePort();
    try (JvmProcesses jvms = new JvmProcesses(dir)) {
      jvms.clusteredCoordinator(sweep, clusterPort);
      jvms.clusteredAgent("agent-1", "edge", clusterPort);
      jvms.clusteredAgent("agent-2", "edge", clusterPort);

      assertEquals(0, jvms.awaitExit("coordinator", Duration.ofMinutes(3)), jvms.allLogs());
      String table = jvms.output("coordinator");
      assertTrue(table.contains("mobilenet") && table.contains("kws"), table);

      Path db = dir.resolve("runs/cluster-it/results.db");
      List<Map<String, Object>> results = JvmProcesses.query(db, """
          SELECT r.*, t.model_name, t.batch FROM results r JOIN trials t USING (trial_id)""");
      assertEquals(4, results.size(), jvms.allLogs());
      Map<String, String> sha = Map.of("kws", ModelFile.sha256(Fixtures.KWS), "mobilenet",
          ModelFile.sha256(Fixtures.MOBILENET));
      for (Map<String, Object> r : results) {
        String model = (String) r.get("model_name");
        assertEquals(sha.get(model), r.get("model_sha256"), "the agent measured the file the sweep names");
        assertEquals("edge", r.get("tier"));
        assertTrue(Set.of("agent-1", "agent-2").contains((String) r.get("agent_id")), r.toString());
        assertTrue(!((String) r.get("hostname")).isBlank());
        assertEquals(QUERIES, ((Number) r.get("queries")).intValue());
        Histogram h = Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap((byte[]) r.get("histogram")), 0);
        assertEquals(QUERIES, h.getTotalCount(), "the histogram holds every timed query");
        long p50 = ((Number) r.get("p50_ns")).longValue();
        assertEquals(h.getValueAtPercentile(50), p50);
        // Plausible on any machine that can run this test: more than 10 us, less than 2 s per inference.
        assertTrue(p50 > 10_000 && p50 < 2_000_000_000L, model + " p50 " + p50 + " ns");
        assertTrue(h.getMaxValue() <= ((Number) r.get("duration_ns")).longValue());
        assertTrue(((Number) r.get("load_ns")).longValue() > 0);
        assertTrue(((Number) r.get("first_inference_ns")).longValue() > 0);
      }
      // Twice the batch is more work: batch 2 takes longer per query than batch 1, for each model.
      for (String model : sha.keySet()) {
        long p50b1 = p50(results, model, 1);
        long p50b2 = p50(results, model, 2);
        assertTrue(p50b2 > p50b1, model + ": batch 2 p50 " + p50b2 + " <= batch 1 p50 " + p50b1);
      }
      // Every agent sampled its process while measuring: real resident-set figures, stored with each result.
      List<Map<String, Object>> rss = JvmProcesses.query(db,
          "SELECT task_id, max FROM system_metrics WHERE metric = 'memory_rss_bytes'");
      assertEquals(4, rss.size(), rss.toString());
      assertTrue(rss.stream().allMatch(r -> ((Number) r.get("max")).doubleValue() > 50e6), rss.toString());
      List<Map<String, Object>> tasks = JvmProcesses.query(db, "SELECT state FROM tasks");
      assertTrue(tasks.stream().allMatch(t -> "DONE".equals(t.get("state"))), tasks.toString());
      assertEquals(5, Files.readAllLines(dir.resolve("runs/cluster-it/results.csv")).size());
      assertTrue(Files.readString(dir.resolve("runs/cluster-it/results.json")).contains("\"cluster-it\""));
    }
  }

  private static long p50(List<Map<String, Object>> results, String model, int batch) {
    return results.stream().filter(r -> r.get("model_name").equals(model) && ((Number) r.get("batch")).intValue() == batch)
        .mapToLong(r -> ((Number) r.get("p50_ns")).longValue()).findFirst().orElseThrow();
  }
}
