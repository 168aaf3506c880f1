package dev.tierbench.coordinator.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import dev.tierbench.agent.cli.AgentCommand;
import dev.tierbench.common.cli.Cli;
import dev.tierbench.common.sweep.Sweep;
import dev.tierbench.common.sweep.SweepParser;
import dev.tierbench.coordinator.Fixtures;
import dev.tierbench.coordinator.cli.TierbenchCli;

/**
 * The monitoring assets as shipped: promtool accepts the Prometheus configuration and rules and passes the
 * alert unit tests (deploy/check-monitoring), and the compose stack, which cannot run here, starts its
 * coordinator and agents with flags this build accepts, and the sweep to submit to it parses, on its agents'
 * tiers, with models that exist.
 */
class MonitoringAssetsTest {

  private static final Path DEPLOY = Fixtures.ROOT.resolve("deploy");

  @Test
  void promtoolAcceptsTheConfigurationAndEveryAlertPassesItsUnitTests() throws Exception {
    Process check = new ProcessBuilder(DEPLOY.resolve("check-monitoring").toString()).redirectErrorStream(true)
        .start();
    String output = new String(check.getInputStream().readAllBytes());
    assertTrue(check.waitFor(120, TimeUnit.SECONDS));
    assertEquals(0, check.exitValue(), output);
    assertTrue(output.contains("check-monitoring: all checks passed"), output);
  }

  @Test
  void theComposeStackStartsItsProcessesWithFlagsThisBuildAccepts() throws Exception {
    JsonNode compose = new ObjectMapper(new YAMLFactory()).readTree(DEPLOY.resolve("compose/compose.yaml").toFile());
    List<String> checked = new ArrayList<>();
    for (Map.Entry<String, JsonNode> service : compose.get("services").properties()) {
      JsonNode command = service.getValue().get("command");
      if (command == null || !command.isTextual() || !command.asText().startsWith("java -jar")) {
        continue;
      }
      List<String> words = Arrays.asList(command.asText().trim().split("\\s+"));
      String jar = words.get(2);
      String[] args = words.subList(3, words.size()).toArray(String[]::new);
      if (jar.endsWith("tierbench-agent.jar")) {
        Cli.commandLine(new AgentCommand(), args).parseArgs(args);
      } else {
        assertTrue(jar.endsWith("tierbench.jar"), jar);
        Cli.commandLine(new TierbenchCli(), args).parseArgs(args);
        assertFalse(Arrays.asList(args).contains("--sweep"), "the stack runs the sweeps submitted to it");
        Sweep parsed = SweepParser.parse(DEPLOY.resolve("compose/sweep.yaml"));
        assertEquals(List.of("edge", "iot"), parsed.tiers(), "the tiers of the stack's agents");
        // Each model must be there: materializing a file model reads and hashes it, or names what is missing.
        parsed.models().forEach(m -> assertTrue(Files.isRegularFile(m.materialize(parsed.inputs()).path())));
      }
      checked.add(service.getKey());
    }
    assertEquals(List.of("coordinator", "agent-edge", "agent-iot"), checked);
  }
}
