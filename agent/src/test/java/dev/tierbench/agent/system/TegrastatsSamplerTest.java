package dev.tierbench.agent.system;

import dev.tierbench.common.metrics.SystemMetrics;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the sampler against a stand-in tegrastats script that prints recorded Jetson lines. */
class TegrastatsSamplerTest {

  @TempDir
  Path bin;

  private static final Duration WAIT = Duration.ofSeconds(10);

  /** Prints its pid, the recorded lines at the requested interval, then waits to be stopped. */
  private void fakeTegrastats(List<String> lines) {
    StringBuilder body = new StringBuilder();
    body.append("echo $$ > '").append(bin.resolve("pid")).append("'\n");
    body.append("[ \"$1\" = --interval ] && [ \"$2\" = 50 ] || { echo \"bad arguments: $*\" >&2; exit 2; }\n");
    for (String line : lines) {
      body.append("echo '").append(line).append("'\nsleep 0.05\n");
    }
    body.append("while true; do sleep 0.1 > /dev/null; done\n");
    Samples.script(bin, "tegrastats", body.toString());
  }

  @Test
  void reportsTheLatestLineAndStopsTheProcessOnClose() throws Exception {
    List<String> lines = Samples.lines("tegrastats-nano-4gb-jp4.txt");
    fakeTegrastats(List.of("tegrastats starting (a line with no figures)", lines.get(0), lines.get(4)));
    Optional<TegrastatsSampler> detected = TegrastatsSampler.detect("/nonexistent:" + bin, Duration.ofMillis(50));
    assertTrue(detected.isPresent());
    TegrastatsSampler sampler = detected.get();
    try {
      assertEquals("tegrastats", sampler.name());
      Map<String, Double> expected = Tegrastats.parse(lines.get(4));
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (!sampler.sample().equals(expected) && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertEquals(expected, sampler.sample());
      assertEquals(2.688, sampler.sample().get(SystemMetrics.POWER), 1e-12); // POM_5V_IN 2688/2139 of the last line
    } finally {
      sampler.close();
    }
    long pid = Long.parseLong(Files.readString(bin.resolve("pid")).strip());
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "tegrastats still running");
    sampler.sample(); // closed on purpose: no exception
  }

  @Test
  void emptyBeforeTheFirstLine() throws Exception {
    Samples.script(bin, "tegrastats", "sleep 30 > /dev/null\n");
    TegrastatsSampler sampler = TegrastatsSampler.detect(bin.toString(), Duration.ofMillis(50)).orElseThrow();
    try {
      assertEquals(Map.of(), sampler.sample());
    } finally {
      sampler.close();
    }
  }

  @Test
  void anUnexpectedEndIsAnException() throws Exception {
    String line = Samples.lines("tegrastats-tx2-jp4.txt").get(0);
    Samples.script(bin, "tegrastats", "echo '" + line + "'\nexit 3\n");
    TegrastatsSampler sampler = TegrastatsSampler.detect(bin.toString(), Duration.ofMillis(50)).orElseThrow();
    try {
      long deadline = System.nanoTime() + WAIT.toNanos();
      IOException failure = null;
      while (failure == null && System.nanoTime() < deadline) {
        try {
          sampler.sample();
          Thread.sleep(20);
        } catch (IOException e) {
          failure = e;
        }
      }
      assertTrue(failure != null && failure.getMessage().contains("3"), String.valueOf(failure));
      assertThrows(IOException.class, sampler::sample);
    } finally {
      sampler.close();
    }
  }

  @Test
  void absentWhenNotOnThePath() {
    assertTrue(TegrastatsSampler.detect(bin.toString(), Duration.ofMillis(50)).isEmpty());
    assertTrue(TegrastatsSampler.detect(null, Duration.ofMillis(50)).isEmpty());
  }
}
