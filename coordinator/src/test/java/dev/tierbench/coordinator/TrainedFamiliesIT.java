package dev.tierbench.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CNN and encoder families trained by a coordinator process and scored by a separate agent process on their
 * held-out test splits through TFLite: the digits CNN at a moderate size reaches 0.95, the wordlang encoder is
 * far above the 1/7 chance level, and the int8 CNN's accuracy is measured next to its float32 twin's.
 */
class TrainedFamiliesIT {

  @TempDir
  Path dir;

  @Test
  void theCnnAndTheEncoderLearnAndTheAgentMeasuresIt() throws Exception {
    Files.createSymbolicLink(dir.resolve("data"), Fixtures.ROOT.resolve("configs/data"));
    Path sweep = dir.resolve("families.yaml");
    Files.writeString(sweep, """
        name: families
        models:
          - generate: cnn
            name: digits
            params: {depth: 0.25, width: 0.25, resolution: 32, quantize: [float32, int8]}
            train: {dataset: digits, epochs: 10, learning-rate: 0.003, batch: 32}
          - generate: encoder
            name: wordlang
            params: {layers: 1, hidden: 32, heads: 2, intermediate: 64, sequence: 16}
            train: {dataset: wordlang, epochs: 3, learning-rate: 0.003, batch: 64}
        tiers: [edge]
        measurement: {warmup: 2, min-duration: 0s, min-queries: 10, max-duration: 10s}
        """);
    try (JvmProcesses jvms = new JvmProcesses(dir)) {
      jvms.coordinator(sweep, "--cache-dir", dir.resolve("coordinator-cache").toString());
      jvms.agent("agent-1", "edge");
      assertEquals(0, jvms.awaitExit("coordinator", Duration.ofMinutes(5)), jvms.allLogs());

      List<Map<String, Object>> rows = JvmProcesses.query(dir.resolve("runs/families/results.db"), """
          SELECT t.model_name, t.quantization, e.dataset, e.samples, e.correct, e.macro_f1, e.evaluation_ns,
                 r.agent_id
          FROM evaluations e JOIN results r USING (task_id) JOIN trials t USING (trial_id)
          ORDER BY t.model_name, t.quantization""");
      assertEquals(3, rows.size(), rows + jvms.allLogs());
      Map<String, Double> accuracy = new java.util.HashMap<>();
      for (Map<String, Object> row : rows) {
        assertEquals("agent-1", row.get("agent_id"), "scored by the agent process");
        double a = ((Number) row.get("correct")).doubleValue() / ((Number) row.get("samples")).doubleValue();
        String family = ((String) row.get("model_name")).startsWith("digits") ? "digits" : "wordlang";
        accuracy.put(family + "/" + row.get("quantization"), a);
        System.out.printf("%s %s on %s: accuracy %.4f (%s of %s), macro-F1 %.4f, evaluated in %.0f ms%n",
            row.get("model_name"), row.get("quantization"), row.get("dataset"), a, row.get("correct"),
            row.get("samples"), ((Number) row.get("macro_f1")).doubleValue(),
            ((Number) row.get("evaluation_ns")).doubleValue() / 1e6);
      }
      assertTrue(accuracy.get("digits/float32") >= 0.95, accuracy.toString());
      assertTrue(accuracy.get("digits/int8") >= 0.90, "int8 keeps most of it: " + accuracy);
      assertTrue(accuracy.get("wordlang/float32") >= 3.0 / 7, "chance is 1/7: " + accuracy);
    }
  }
}
