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
 * The agent jar on linux-aarch64, as on a Raspberry Pi or Jetson: Debian's arm64 JRE under qemu-aarch64-static
 * (deploy/arm/arm64-jre). It joins a coordinator on this machine and reports its architecture, cores and memory;
 * it runs a generated model written as ONNX with ONNX Runtime's aarch64 library, out of the box; DJL ships no
 * TFLite library for aarch64, so the TFLite task fails with that reason and what to install; and a library built
 * for the wrong processor is refused in one line at start.
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
            params: {depth: 2, width: 64, format: onnx}
        tiers: [pi]
        measurement: {warmup: 2, min-duration: 0s, min-queries: 10, max-duration: 10s}
        """.formatted(Fixtures.KWS));
    int clusterPort = JvmProcesses.freePort();
    try (JvmProcesses jvms = new JvmProcesses(dir)) {
      jvms.coordinator(sweep, clusterPort, "--max-attempts", "1");
      jvms.process("pi", arm64Agent(jre, "--agent-id", "pi-1", "--tier", "pi", "--cluster", "127.0.0.1:" + clusterPort,
          "--cluster-host", "127.0.0.1", "--cluster-port", Integer.toString(clusterPort + 1), "--metrics-port", "off",
          "--cache-dir", dir.resolve("cache-pi").toString(), "--device-lock", dir.resolve("pi.lock").toString()),
          Map.of());
      assertEquals(4, jvms.awaitExit("coordinator", Duration.ofMinutes(5)), "the task fails: " + jvms.allLogs());

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
      assertTrue(((String) agent.get("engines")).matches("TFLite unavailable,ONNX Runtime 1\\.[0-9.]+"),
          (String) agent.get("engines"));
      Map<String, Object> onnx = JvmProcesses.query(db,
          "SELECT r.*, t.model_name FROM results r JOIN trials t USING (trial_id)").get(0);
      System.out.printf("ONNX Runtime on emulated aarch64: %s, p50 %.3f ms over %s queries%n", onnx.get("runtime"),
          ((Number) onnx.get("p50_ns")).doubleValue() / 1e6, onnx.get("queries"));
      assertEquals("mlp", onnx.get("model_name"));
      assertTrue(((String) onnx.get("runtime")).startsWith("ONNX Runtime 1."), onnx.toString());
      String reason = (String) JvmProcesses.query(db, "SELECT reason FROM tasks WHERE state = 'FAILED'").get(0)
          .get("reason");
      assertTrue(reason.contains("agent pi-1 (aarch64): TFLite has no library for linux-aarch64 in DJL's jars")
          && reason.contains("--tflite-library PATH"), reason);
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
        JvmProcesses.AGENT_JAR.toString()));
    command.addAll(List.of(args));
    return command;
  }
}
