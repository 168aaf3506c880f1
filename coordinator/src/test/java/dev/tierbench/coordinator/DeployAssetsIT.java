package dev.tierbench.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
 * with the tier, the coordinator's address and the paths the units expect; the join token travels vaulted, into a
 * root-only file that systemd hands to the agent; the images carry no token and keep their state in a volume.
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
    // The token reaches the service through systemd alone; the credential it earns lives in the state folder.
    assertTrue(agent.contains("\nLoadCredential=join-token:/etc/tierbench/join-token\n"), agent);
    assertTrue(agent.contains("\nStateDirectory=tierbench\n") && agent.contains("\nProtectSystem=strict\n"), agent);
    // No device allow-list (nvidia-smi, tegrastats and vcgencmd open /dev) and /sys stays readable.
    for (String breaksSensors : List.of("PrivateDevices=true", "DeviceAllow=", "ProtectClock=", "InaccessiblePaths=")) {
      assertFalse(agent.contains(breaksSensors), breaksSensors);
    }

    // The trusted-cluster drop-in, loaded with the unit as systemd loads /etc/systemd/system/UNIT.d/.
    Path units = dir.resolve("units");
    Files.createDirectories(units.resolve("tierbench-agent.service.d"));
    Files.copy(DEPLOY.resolve("systemd/tierbench-agent.service"), units.resolve("tierbench-agent.service"));
    Files.copy(DEPLOY.resolve("systemd/tierbench-agent-trusted-cluster.conf"),
        units.resolve("tierbench-agent.service.d/trusted-cluster.conf"));
    ProcessBuilder dropIn = new ProcessBuilder("systemd-analyze", "verify", units.resolve("tierbench-agent.service")
        .toString()).redirectErrorStream(true);
    dropIn.environment().put("SYSTEMD_UNIT_PATH", units + ":");
    Process process = dropIn.start();
    String output = new String(process.getInputStream().readAllBytes());
    assertEquals(0, process.waitFor(), output);
    assertEquals("", output.strip(), "the drop-in verifies without a word too");
  }

  /** The units' command lines, with the settings Ansible writes for them, are ones the commands accept. */
  @Test
  void theUnitsCommandLinesParseWithTheirSettings() throws Exception {
    CommandLine agent = Commands.parse("agent", execStart("tierbench-agent.service", render("pi4-1", "agent.yaml.j2")));
    assertEquals("/run/credentials/tierbench-agent.service/join-token",
        agent.getCommandSpec().findOption("--join-token-file").getValue().toString());
    assertEquals("/var/lib/tierbench", agent.getCommandSpec().findOption("--state-dir").getValue().toString(),
        "the unit's StateDirectory");
    assertEquals("https://10.0.0.10:8765", agent.getCommandSpec().findOption("--coordinator").getValue());

    CommandLine trusted = Commands.parse("agent", execStart("tierbench-agent-trusted-cluster.conf",
        render("pi4-1", "agent.yaml.j2", "tierbench_trusted_cluster=true")));
    assertEquals("", trusted.getCommandSpec().findOption("--join-token-file").getValue().toString(),
        "a lite member takes no join token");

    CommandLine coordinator = Commands.parse("coordinator", execStart("tierbench-coordinator.service",
        render("bench-coordinator", "coordinator.yaml.j2")));
    assertEquals("/var/lib/tierbench", coordinator.getCommandSpec().findOption("--state-dir").getValue().toString());
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
    assertTrue(text.contains("tier: pi") && text.contains("coordinator: https://10.0.0.10:8765"), text);
    assertFalse(text.contains("cluster"), "a dialing agent joins no cluster and listens on no cluster port: " + text);
    CommandLine agent = parse("agent", agentYaml);
    assertEquals("pi", agent.getCommandSpec().findOption("--tier").getValue());
    assertEquals("/run/tierbench/device.lock", agent.getCommandSpec().findOption("--device-lock").getValue()
        .toString());

    Path coordinatorYaml = render("bench-coordinator", "coordinator.yaml.j2");
    CommandLine coordinator = parse("coordinator", coordinatorYaml);
    assertEquals("/etc/tierbench/sweep.yaml", coordinator.getCommandSpec().findOption("--sweep").getValue()
        .toString());
    assertEquals(false, coordinator.getCommandSpec().findOption("--exit-when-done").getValue());
    assertEquals(false, coordinator.getCommandSpec().findOption("--trusted-cluster").getValue());
    assertEquals("10.0.0.10", coordinator.getCommandSpec().findOption("--cluster-host").getValue(),
        "it listens on the address given");
    assertEquals(List.of("10.0.0.10"), coordinator.getCommandSpec().findOption("--tls-names").getValue(),
        "the certificate names the address agents dial");

    // The trusted network's variant: a lite member of the coordinator's cluster.
    String trusted = Files.readString(render("pi4-1", "agent.yaml.j2", "tierbench_trusted_cluster=true"));
    assertTrue(trusted.contains("cluster: 10.0.0.10:5701") && trusted.contains("cluster-host: 10.0.3.31")
        && !trusted.contains("coordinator:"), trusted);
    CommandLine founder = parse("coordinator", render("bench-coordinator", "coordinator.yaml.j2",
        "tierbench_trusted_cluster=true"));
    assertEquals(true, founder.getCommandSpec().findOption("--trusted-cluster").getValue());
  }

  /** The join token is vaulted and written for root alone, and the example vault holds no token. */
  @Test
  void theJoinTokenIsVaultedAndRootsAlone() throws Exception {
    String playbook = Files.readString(ANSIBLE.resolve("agent.yml"));
    java.util.regex.Matcher write = java.util.regex.Pattern.compile(
        "(?s)- name: Write the join token\\n(.*?)\\n\\n").matcher(playbook);
    assertTrue(write.find(), "a task writes the join token");
    String task = write.group(1);
    for (String expected : List.of("dest: /etc/tierbench/join-token", "owner: root", "mode: \"0600\"",
        "no_log: true", "{{ tierbench_join_token }}")) {
      assertTrue(task.contains(expected), expected + " in\n" + task);
    }
    String example = Files.readString(ANSIBLE.resolve("vault.example.yml"));
    assertTrue(example.contains("ansible-vault encrypt"), "the example says how to encrypt it");
    assertFalse(Files.exists(ANSIBLE.resolve("group_vars/agents/vault.yml")), "no vault in the repository");
    // The playbook's own check refuses the example's placeholder (and takes a token of the right shape).
    String token = "tb1." + "ab".repeat(32) + ".s3cr3t";
    assertEquals(0, assertToken(token).status(), "a token of the right shape passes");
    String placeholder = example.replaceAll("(?s).*\\ntierbench_join_token: \"([^\"]*)\".*", "$1");
    assertTrue(placeholder.startsWith("PLACEHOLDER"), placeholder);
    assertEquals(2, assertToken(placeholder).status(), "the placeholder is refused");
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
    assertTrue(agent.contains("\nEXPOSE 9465\n"), "metrics alone: a dialing agent takes no connection");
    String coordinator = Files.readString(DEPLOY.resolve("container/coordinator.Containerfile"));
    assertTrue(coordinator.contains("\nEXPOSE 8765\n"), "the one port agents dial");
    for (String file : List.of(agent, coordinator)) {
      assertTrue(file.contains("\nVOLUME /var/lib/tierbench\n"), "the state outlives the container");
      assertTrue(file.contains("--state-dir /var/lib/tierbench"), "the state lives in the volume");
      // Nothing brings a token into an image: no instruction but a comment names one.
      for (String line : file.split("\n")) {
        assertFalse(!line.startsWith("#") && line.toLowerCase(java.util.Locale.ROOT).contains("token"), line);
      }
    }
  }

  /** Ansible's own rendering of a template for one inventory host, on this machine, with extra variables. */
  private Path render(String host, String template, String... vars) throws Exception {
    Path out = dir.resolve(host + "-" + String.join("-", vars).replaceAll("\\W", "") + "-" + template.replace(".j2", ""));
    List<String> command = new ArrayList<>(List.of("ansible", host, "-i", "inventory.example.yml", "-c",
        "local", "-m", "ansible.builtin.template", "-a", "src=templates/" + template + " dest=" + out));
    for (String var : vars) {
      command.addAll(List.of("-e", var));
    }
    Commands.Result rendered = Commands.run(ANSIBLE, command);
    assertEquals(0, rendered.status(), rendered.output());
    return out;
  }

  /** agent.yml's own "Check the join token" task, run here on {@code token}: its exit status. */
  private Commands.Result assertToken(String token) throws Exception {
    String playbook = Files.readString(ANSIBLE.resolve("agent.yml"));
    java.util.regex.Matcher check = java.util.regex.Pattern.compile("(?s)    - name: Check the join token\\n.*?\\n\\n")
        .matcher(playbook);
    assertTrue(check.find(), "agent.yml checks the join token");
    Path play = dir.resolve("check-token.yml");
    Files.writeString(play, "- name: Check\n  hosts: localhost\n  gather_facts: false\n  tasks:\n" + check.group());
    Path vars = dir.resolve("token.yml");
    Files.writeString(vars, "tierbench_join_token: \"" + token + "\"\ntierbench_trusted_cluster: false\n");
    return Commands.run(dir, List.of("ansible-playbook", "-i", "localhost,", "-c", "local", play.toString(),
        "-e", "@" + vars));
  }

  /**
   * The flags of a unit's (last) ExecStart after the jar, with its --config FILE replaced by {@code config} and
   * systemd's credentials folder filled in as systemd fills it.
   */
  private static List<String> execStart(String unit, Path config) throws Exception {
    String text = Files.readString(DEPLOY.resolve("systemd/" + unit)).replace("\\\n", " ");
    List<String> lines = text.lines().filter(l -> l.startsWith("ExecStart=/")).toList();
    assertFalse(lines.isEmpty(), unit + " has a command line");
    String line = lines.get(lines.size() - 1).replace("${CREDENTIALS_DIRECTORY}",
        "/run/credentials/tierbench-agent.service");
    List<String> words = new ArrayList<>(List.of(line.split("\\s+")));
    List<String> flags = new ArrayList<>(words.subList(words.indexOf("-jar") + 2, words.size()));
    if (!flags.isEmpty() && flags.get(0).equals("coordinator")) {
      flags.remove(0);
    }
    int at = flags.indexOf("--config");
    assertTrue(at >= 0, unit + " reads its settings file");
    flags.set(at + 1, config.toString());
    return flags;
  }

  private static CommandLine parse(String command, Path config) {
    return Commands.parse(command, List.of("--config", config.toString()));
  }
}
