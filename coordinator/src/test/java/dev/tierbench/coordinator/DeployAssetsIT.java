package dev.tierbench.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

/**
 * The deployment assets as shipped: the systemd units pass {@code systemd-analyze verify} without a word, the
 * playbooks pass {@code ansible-playbook --syntax-check} and {@code ansible-lint}'s production profile, and the
 * settings files Ansible renders for an inventory's hosts are config files the agent and coordinator accept,
 * with the tier, cluster address and paths the units expect.
 */
class DeployAssetsIT {

  private static final Path DEPLOY = Fixtures.ROOT.resolve("deploy");
  private static final Path ANSIBLE = DEPLOY.resolve("ansible");

  @TempDir
  Path dir;

  @Test
  void theSystemdUnitsVerifyCleanly() throws Exception {
    Commands.Result verify = Commands.run(DEPLOY, List.of("systemd-analyze", "verify",
        "systemd/tierbench-agent.service", "systemd/tierbench-coordinator.service"));
    assertEquals(0, verify.status(), verify.output());
    assertEquals("", verify.output().strip(), "no warnings either");
    String agent = Files.readString(DEPLOY.resolve("systemd/tierbench-agent.service"));
    assertTrue(agent.contains("User=tierbench") && agent.contains("Restart=on-failure") && agent.contains("MemoryMax="),
        "a dedicated user, a restart policy and a memory limit");
  }

  @Test
  void thePlaybooksPassSyntaxCheckAndLint() throws Exception {
    Commands.Result syntax = Commands.run(ANSIBLE, List.of("ansible-playbook", "--syntax-check", "-i",
        "inventory.example.yml", "agent.yml", "coordinator.yml"));
    assertEquals(0, syntax.status(), syntax.output());
    Commands.Result lint = Commands.run(DEPLOY, List.of("ansible-lint", "--offline", "ansible/agent.yml",
        "ansible/coordinator.yml"));
    assertEquals(0, lint.status(), lint.output());
  }

  @Test
  void theRenderedSettingsAreConfigFilesTheCommandsAccept() throws Exception {
    Path agentYaml = render("pi4-1", "agent.yaml.j2");
    String text = Files.readString(agentYaml);
    assertTrue(text.contains("tier: pi") && text.contains("cluster: 10.0.0.10:5701")
        && text.contains("cluster-host: 10.0.3.31"), text);
    CommandLine agent = parse("agent", agentYaml);
    assertEquals("pi", agent.getCommandSpec().findOption("--tier").getValue());
    assertEquals("/run/tierbench/device.lock", agent.getCommandSpec().findOption("--device-lock").getValue()
        .toString());

    Path coordinatorYaml = render("bench-coordinator", "coordinator.yaml.j2");
    CommandLine coordinator = parse("coordinator", coordinatorYaml);
    assertEquals("/etc/tierbench/sweep.yaml", coordinator.getCommandSpec().findOption("--sweep").getValue()
        .toString());
    assertEquals(false, coordinator.getCommandSpec().findOption("--exit-when-done").getValue());
  }

  /**
   * No image can be built here (no container engine): the files are checked for what can go wrong unseen. What
   * they copy exists after the build, their entry points' flags are ones the commands accept, and they expose
   * the ports the defaults use.
   */
  @Test
  void theContainerFilesCopyWhatTheBuildMakesAndRunValidCommands() throws Exception {
    for (String image : List.of("agent", "coordinator")) {
      String file = Files.readString(DEPLOY.resolve("container/" + image + ".Containerfile"));
      java.util.regex.Matcher copy = java.util.regex.Pattern.compile("(?m)^COPY ((?:[^-\\s]\\S* )+)").matcher(file);
      assertTrue(copy.find(), image);
      // The sources: every word before the destination, which ends the line.
      for (String source : copy.group(1).trim().split(" ")) {
        assertTrue(Files.isRegularFile(Fixtures.ROOT.resolve(source)), source + " is what the build makes");
      }
      assertTrue(file.contains("FROM eclipse-temurin:17-jre-jammy"), "a multi-arch (amd64, arm64) base by tag");
      java.util.regex.Matcher entry = java.util.regex.Pattern.compile("-jar /opt/tierbench/\\S+\\.jar (.*?) \\\\\"\\$@")
          .matcher(file);
      assertTrue(entry.find(), image + " entry point");
      List<String> args = new ArrayList<>(List.of(image));
      args.addAll(List.of(entry.group(1).split(" ")));
      if (image.equals("coordinator")) {
        args.remove(1);
      }
      CommandLine parsed = Commands.parse(args.get(0), args.subList(1, args.size()));
      assertEquals("/var/cache/tierbench", parsed.getCommandSpec().findOption("--cache-dir").getValue().toString(),
          "the folder the image makes for it");
    }
    String agent = Files.readString(DEPLOY.resolve("container/agent.Containerfile"));
    assertTrue(agent.contains("EXPOSE 5701 9465"), "cluster and metrics ports, the defaults");
    assertTrue(Files.readString(DEPLOY.resolve("container/coordinator.Containerfile")).contains("EXPOSE 5701 8765"));
  }

  /** Ansible's own rendering of a template for one inventory host, on this machine. */
  private Path render(String host, String template) throws Exception {
    Path out = dir.resolve(host + "-" + template.replace(".j2", ""));
    Commands.Result rendered = Commands.run(ANSIBLE, List.of("ansible", host, "-i", "inventory.example.yml", "-c",
        "local", "-m", "ansible.builtin.template", "-a", "src=templates/" + template + " dest=" + out));
    assertEquals(0, rendered.status(), rendered.output());
    return out;
  }

  private static CommandLine parse(String command, Path config) {
    return Commands.parse(command, List.of("--config", config.toString()));
  }
}
