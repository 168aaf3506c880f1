package dev.tierbench.coordinator.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.tierbench.agent.cli.AgentCommand;
import dev.tierbench.common.cli.Cli;
import dev.tierbench.common.sweep.Sweep;
import dev.tierbench.common.sweep.SweepParser;
import dev.tierbench.coordinator.Fixtures;
import dev.tierbench.coordinator.cli.TierbenchCli;
import picocli.CommandLine;

/**
 * The monitoring assets as shipped: promtool accepts the Prometheus configuration and rules and passes the
 * alert unit tests (deploy/check-monitoring), and the compose stack, which cannot run here, starts its
 * coordinator and agents with flags this build accepts, each agent's tokens and Prometheus's scrape token are files
 * the stack copies for its reader alone, and the sweep to submit to it parses, on its agents' tiers, with models that
 * exist.
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
    JsonNode compose = compose();
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
        CommandLine agent = Cli.commandLine(new AgentCommand(), args);
        agent.parseArgs(args);
        // A lite member too downloads models over the coordinator's HTTPS port, with the credential its token gets.
        assertEquals("https://coordinator:8765", agent.getCommandSpec().findOption("--coordinator").getValue());
        List<String> mounts = new ArrayList<>();
        service.getValue().get("volumes").forEach(v -> mounts.add(v.asText()));
        copiedOwnerOnly(compose, service.getKey(), agent.getCommandSpec().findOption("--join-token-file").getValue()
            .toString());
        // Beyond loopback /metrics answers only the scrape token, and the agent refuses to start without it.
        String metricsHost = agent.getCommandSpec().findOption("--metrics-host").getValue();
        assertEquals(service.getValue().get("hostname").asText(), metricsHost, "where Prometheus dials it");
        copiedOwnerOnly(compose, service.getKey(), agent.getCommandSpec().findOption("--metrics-token-file")
            .getValue());
        assertTrue(mounts.stream().anyMatch(m -> !m.endsWith(":ro") && !m.startsWith(".") && m.split(":")[1].equals(
            agent.getCommandSpec().findOption("--state-dir").getValue().toString())), "its credential: " + mounts);
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
    // Prometheus sends the same token to every target (prometheus.yml's credentials_file, relative to it).
    copiedOwnerOnly(compose, "prometheus", "/etc/prometheus/secrets/scrape-token");
  }

  /**
   * {@code file}, which {@code reader} reads, is on a volume it mounts read-only, and another service copies it there
   * readable by its owner alone ({@code install -m 0600} or {@code 0400}), as the agent requires of a secret.
   */
  private static void copiedOwnerOnly(JsonNode compose, String reader, String file) {
    String[] mount = volumes(compose.at("/services/" + reader)).stream().filter(m -> m.length == 3 && m[2].equals("ro")
        && file.startsWith(m[1] + "/")).findFirst().orElseThrow(() -> new AssertionError(reader + " mounts no volume"
            + " read-only holding " + file));
    String copy = mount[1].equals(file) ? "" : file.substring(mount[1].length());
    for (JsonNode service : compose.get("services")) {
      for (String[] writable : volumes(service)) {
        if (writable[0].equals(mount[0]) && writable.length == 2) {
          Pattern install = Pattern.compile("install (-o \\S+ -g \\S+ )?-m 0[46]00 \\S+ "
              + Pattern.quote(writable[1] + copy) + "[;']");
          if (install.matcher(service.path("command").asText()).find()) {
            return;
          }
        }
      }
    }
    throw new AssertionError("no service copies " + file + " for " + reader + " alone into volume " + mount[0]);
  }

  /** A service's volumes as [source, target] or [source, target, mode]. */
  private static List<String[]> volumes(JsonNode service) {
    List<String[]> volumes = new ArrayList<>();
    service.path("volumes").forEach(v -> volumes.add(v.asText().split(":(?![^{]*})")));
    return volumes;
  }

  /** compose.yaml as compose reads it: SnakeYAML merges the agents' shared settings ({@code <<: *agent}). */
  private static JsonNode compose() throws Exception {
    try (var in = Files.newInputStream(DEPLOY.resolve("compose/compose.yaml"))) {
      return new ObjectMapper().valueToTree(new org.yaml.snakeyaml.Yaml().load(in));
    }
  }

  /** Each jar the stack mounts is one the build makes: a jar named in a module's pom as its shaded output. */
  @Test
  void theComposeStackMountsTheJarsTheBuildMakes() throws Exception {
    Set<Path> built = new HashSet<>();
    for (String module : List.of("agent", "coordinator")) {
      String pom = Files.readString(Fixtures.ROOT.resolve(module + "/pom.xml"));
      Matcher output = Pattern.compile("<outputFile>\\$\\{project.build.directory}/(.*?)</outputFile>").matcher(pom);
      while (output.find()) {
        // Properties such as ${agent.jar.flavour} take the pom's default value, its first (a profile's come later).
        String name = Pattern.compile("\\$\\{(.*?)}").matcher(output.group(1)).replaceAll(p -> {
          Matcher value = Pattern.compile("<" + Pattern.quote(p.group(1)) + ">(.*?)</").matcher(pom);
          assertTrue(value.find(), p.group(1));
          return Matcher.quoteReplacement(value.group(1));
        });
        built.add(Fixtures.ROOT.resolve(module + "/target/" + name).normalize());
      }
    }
    JsonNode compose = compose();
    int jars = 0;
    for (JsonNode service : compose.get("services")) {
      for (JsonNode volume : service.path("volumes")) {
        // Compose's ${VAR:-default}, as compose fills it with VAR unset.
        String source = volume.asText().split(":(?![^{]*})")[0].replaceAll("\\$\\{\\w+:-([^}]*)}", "$1");
        if (source.endsWith(".jar")) {
          assertTrue(built.contains(DEPLOY.resolve("compose").resolve(source).normalize()), source + " is not one of "
              + built);
          jars++;
        }
      }
    }
    assertEquals(3, jars, "the coordinator's and each agent's");
  }
}
