package dev.tierbench.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The aarch64 agent jar on linux-aarch64, as on a Raspberry Pi or Jetson: Debian's arm64 JRE under
 * qemu-aarch64-static (deploy/arm/arm64-jre). It joins a coordinator on this machine and reports its architecture,
 * cores, memory and engines; out of the box, with no --tflite-library, it runs a real int8 TFLite model and a
 * generated MLP on current TFLite (the presets' arm64 library) and the same MLP on ONNX Runtime (its aarch64
 * library); DJL ships no TFLite 2.6 for aarch64, so the tflite-2.6 tasks fail with that reason and what to
 * install; and a library built for the wrong processor is refused in one line at start.
 */
class ArmAgentIT {

  private static final Path ARM64_JRE = Fixtures.ROOT.resolve("deploy/arm/arm64-jre");

  @TempDir
  Path dir;

  @Test
  void anArm64AgentJoinsReportsItsMachineAndSaysWhatItNeeds() throws Exception {
    Path jre = Path.of(Commands.succeed(List.of(ARM64_JRE.toString(), dir.getParent().resolve("tierbench-arm64-jre").toString()))
        .strip().lines().reduce((a, b) -> b).orElseThrow());
    Path sweep = dir.resolve("pi.yaml");
    Files.writeString(sweep, """
        name: pi
        models:
          - path: %s
            name: kws
          - generate: mlp
            name: mlp
            params: {depth: 2, width: 64}
        axes:
          engine: [tflite, onnxruntime, tflite-2.6]
        tiers: [pi]
        measurement: {warmup: 2, min-duration: 0s, min-queries: 10, max-duration: 10s}
        """.formatted(Fixtures.KWS));
    try (JvmProcesses jvms = new JvmProcesses(dir)) {
      jvms.coordinator(sweep, "--max-attempts", "1");
      jvms.process("pi", arm64Agent(jre, "--agent-id", "pi-1", "--tier", "pi", "--metrics-port", "off",
          "--cache-dir", dir.resolve("cache-pi").toString(), "--device-lock", dir.resolve("pi.lock").toString(),
          "--coordinator", jvms.coordinatorUrl(), "--join-token-file", jvms.joinToken().toString(), "--state-dir",
          dir.resolve("state-pi").toString()), Map.of());
      assertEquals(4, jvms.awaitExit("coordinator", Duration.ofMinutes(8)), "the tflite-2.6 tasks fail: "
          + jvms.allLogs());

      Path db = dir.resolve("runs/pi/results.db");
      Map<String, Object> agent = JvmProcesses.query(db, "SELECT * FROM agents WHERE agent_id = 'pi-1'").get(0);
      System.out.printf("under qemu-aarch64: os.arch %s, %s cores, %.1f GB, %s, engines: %s%n", agent.get("arch"),
          agent.get("cores"), ((Number) agent.get("memory_bytes")).doubleValue() / 1e9, agent.get("jvm"),
          agent.get("engines"));
      assertEquals("aarch64", agent.get("arch"));
      assertEquals(Runtime.getRuntime().availableProcessors(), ((Number) agent.get("cores")).intValue(),
          "the emulated JVM sees this machine's CPUs");
      long memory = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
          .getTotalMemorySize();
      assertEquals(memory, ((Number) agent.get("memory_bytes")).longValue(), memory / 100.0, "and its memory");
      assertTrue(((String) agent.get("engines")).matches(
          "TFLite 2\\.\\d+\\.\\d+, ONNX Runtime 1\\.\\d+\\.\\d+, tflite-2\\.6 unavailable"), (String) agent.get("engines"));
      List<Map<String, Object>> measured = JvmProcesses.query(db, "SELECT r.runtime, r.p50_ns, r.queries, t.model_name,"
          + " t.engine FROM results r JOIN trials t USING (trial_id) ORDER BY t.model_name, t.engine");
      for (Map<String, Object> m : measured) {
        System.out.printf("emulated aarch64: %s on %s (%s): p50 %.3f ms over %s queries%n", m.get("model_name"),
            m.get("engine"), m.get("runtime"), ((Number) m.get("p50_ns")).doubleValue() / 1e6, m.get("queries"));
      }
      assertEquals(List.of("kws@tflite", "mlp@onnxruntime", "mlp@tflite"), measured.stream()
          .map(m -> m.get("model_name") + "@" + m.get("engine")).toList(), "measured out of the box");
      for (Map<String, Object> m : measured) {
        String runtime = (String) m.get("runtime");
        assertTrue(m.get("engine").equals("tflite") ? runtime.matches("TFLite 2\\.(1[89]|[2-9]\\d)\\.\\d+")
            : runtime.startsWith("ONNX Runtime 1."), runtime);
      }
      List<Map<String, Object>> failed = JvmProcesses.query(db, "SELECT t.model_name, t.engine, k.reason FROM tasks k"
          + " JOIN trials t USING (trial_id) WHERE k.state = 'FAILED' ORDER BY t.model_name");
      assertEquals(List.of("kws", "mlp"), failed.stream().map(f -> f.get("model_name")).toList());
      for (Map<String, Object> f : failed) {
        String reason = (String) f.get("reason");
        assertEquals("tflite-2.6", f.get("engine"));
        assertTrue(reason.contains("agent pi-1 (aarch64): TFLite 2.6 has no library for linux-aarch64 in DJL's jars")
            && reason.contains("current TFLite (engine tflite) runs here as it is") && reason.contains(
            "--tflite-library PATH"), reason);
      }
      assertFalse(jvms.output("pi").contains("\tat "), "no stack trace: " + jvms.output("pi"));
    }

    // An x86-64 library handed to the aarch64 agent: one line, at once.
    Path x86 = dir.resolve("libtensorflowlite_jni.so");
    try (var in = ArmAgentIT.class.getClassLoader().getResourceAsStream("native/lib/libtensorflowlite_jni.so")) {
      Files.copy(in, x86);
    }
    Process wrong = new ProcessBuilder(arm64Agent(jre, "--tier", "pi", "--cluster", "127.0.0.1:1", "--tflite-library",
        x86.toString(), "--cache-dir", dir.resolve("cache-wrong").toString(), "--metrics-port", "off"))
        .redirectErrorStream(true).start();
    String out = new String(wrong.getInputStream().readAllBytes());
    assertEquals(1, wrong.waitFor());
    List<String> lines = out.lines().filter(l -> l.startsWith("tierbench:")).toList();
    assertEquals(List.of("tierbench: --tflite-library " + x86 + " is built for x86-64; this machine is aarch64:"
        + " build libtensorflowlite_jni.so for it (deploy/arm/README.md)"), lines, out);
    assertFalse(out.contains("\tat "), out);
  }

  private static List<String> arm64Agent(Path jre, String... args) {
    Path root = jre.resolve("root");
    List<String> command = new ArrayList<>(List.of("qemu-aarch64-static", "-L", root.toString(),
        root.resolve("usr/lib/jvm/java-17-openjdk-arm64/bin/java").toString(), "-Xmx256m", "-jar",
        JvmProcesses.ARM64_AGENT_JAR.toString()));
    command.addAll(List.of(args));
    return command;
  }
}
