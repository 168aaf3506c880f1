package dev.tierbench.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tierbench.common.trust.JoinToken;
import dev.tierbench.coordinator.trust.StateFolder;
import picocli.CommandLine;

/**
 * The deployment assets as shipped: the systemd units pass {@code systemd-analyze verify} without a word, the
 * playbooks pass {@code ansible-playbook --syntax-check} and {@code ansible-lint}'s production profile, and the
 * settings files Ansible renders for an inventory's hosts are config files the agent and coordinator accept,
 * with the tier, the coordinator's address and the paths the units expect; the coordinator runs no sweep of its own
 * (people submit theirs); the join token travels vaulted, into a root-only file that systemd hands to the agent,
 * and so does the scrape token where the agent's /metrics listens beyond loopback;
 * people's tokens are made on the coordinator and land in files only their holder reads, never in a log, an argument
 * or the environment; the images carry no token and keep their state in a volume.
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
    // With the scrape token's drop-in, as agent.yml installs it (systemd-analyze reads drop-ins beside the unit).
    String dropIn = Files.readString(DEPLOY.resolve("systemd/tierbench-agent-metrics.conf"));
    assertTrue(dropIn.contains("\nLoadCredential=scrape-token:/etc/tierbench/scrape-token\n"), dropIn);
    Files.copy(DEPLOY.resolve("systemd/tierbench-agent.service"), dir.resolve("tierbench-agent.service"));
    Files.writeString(Files.createDirectories(dir.resolve("tierbench-agent.service.d")).resolve("metrics.conf"), dropIn);
    Commands.Result withDropIn = Commands.run(dir, List.of("systemd-analyze", "verify", "tierbench-agent.service"));
    assertEquals(0, withDropIn.status(), withDropIn.output());
    assertEquals("", withDropIn.output().strip(), "no warnings either");
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

    // A lite member too: it downloads models over the coordinator's HTTPS port, with the credential the token gets.
    CommandLine trusted = Commands.parse("agent", execStart("tierbench-agent.service",
        render("pi4-1", "agent.yaml.j2", "tierbench_trusted_cluster=true")));
    for (String option : List.of("--join-token-file", "--state-dir", "--coordinator")) {
      assertEquals(agent.getCommandSpec().findOption(option).getValue().toString(),
          trusted.getCommandSpec().findOption(option).getValue().toString(), option);
    }
    assertEquals("10.0.0.10:5701", trusted.getCommandSpec().findOption("--cluster").getValue().toString());

    // /metrics on loopback needs no token; beyond it, the agent reads systemd's copy of the scrape token.
    assertEquals("", agent.getCommandSpec().findOption("--metrics-host").getValue());
    assertEquals("", agent.getCommandSpec().findOption("--metrics-token-file").getValue());
    CommandLine scraped = Commands.parse("agent", execStart("tierbench-agent.service",
        render("pi4-1", "agent.yaml.j2", "tierbench_metrics_host=10.0.3.31")));
    assertEquals("10.0.3.31", scraped.getCommandSpec().findOption("--metrics-host").getValue());
    assertEquals("/run/credentials/tierbench-agent.service/scrape-token",
        scraped.getCommandSpec().findOption("--metrics-token-file").getValue());

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
    assertEquals("", coordinator.getCommandSpec().findOption("--sweep").getValue(), "no sweep: people submit theirs");
    assertEquals((Object) 4L, coordinator.getCommandSpec().findOption("--max-runs").getValue());
    assertEquals("/var/lib/tierbench/runs", coordinator.getCommandSpec().findOption("--runs-dir").getValue()
        .toString(), "the queue and the uploaded files live in the unit's StateDirectory");
    assertEquals(false, coordinator.getCommandSpec().findOption("--trusted-cluster").getValue());
    assertEquals("10.0.0.10", coordinator.getCommandSpec().findOption("--cluster-host").getValue(),
        "it listens on the address given");
    assertEquals(List.of("10.0.0.10"), coordinator.getCommandSpec().findOption("--tls-names").getValue(),
        "the certificate names the address agents dial");

    // The trusted network's variant: a lite member of the coordinator's cluster.
    String trusted = Files.readString(render("pi4-1", "agent.yaml.j2", "tierbench_trusted_cluster=true"));
    assertTrue(trusted.contains("cluster: 10.0.0.10:5701") && trusted.contains("cluster-host: 10.0.3.31")
        && trusted.contains("coordinator: https://10.0.0.10:8765"), trusted);
    CommandLine founder = parse("coordinator", render("bench-coordinator", "coordinator.yaml.j2",
        "tierbench_trusted_cluster=true"));
    assertEquals(true, founder.getCommandSpec().findOption("--trusted-cluster").getValue());
  }

  /** The join token is vaulted and written for root alone, and the example vault holds no token. */
  @Test
  void theJoinTokenIsVaultedAndRootsAlone() throws Exception {
    String task = agentTask("Write the join token", "dest: /etc/tierbench/join-token", "owner: root",
        "mode: \"0600\"", "no_log: true", "{{ tierbench_join_token }}");
    assertFalse(task.contains("when:"), "every agent, a lite member too, gets the token");
    String example = Files.readString(ANSIBLE.resolve("vault.example.yml"));
    assertTrue(example.contains("ansible-vault encrypt"), "the example says how to encrypt it");
    assertFalse(Files.exists(ANSIBLE.resolve("group_vars/agents/vault.yml")), "no vault in the repository");
    // The playbook's own check refuses the example's placeholder (and takes a token of the right shape).
    String token = "tb1." + "ab".repeat(32) + ".s3cr3t";
    assertEquals(0, check("join", "tierbench_join_token: \"" + token + "\"").status(), "a token of the right shape passes");
    String placeholder = example.replaceAll("(?s).*\\ntierbench_join_token: \"([^\"]*)\".*", "$1");
    assertTrue(placeholder.startsWith("PLACEHOLDER"), placeholder);
    assertEquals(2, check("join", "tierbench_join_token: \"" + placeholder + "\"").status(), "the placeholder is refused");
  }

  /** The body of agent.yml's task {@code name}, which must hold each of {@code expected}. */
  private static String agentTask(String name, String... expected) throws IOException {
    java.util.regex.Matcher write = java.util.regex.Pattern.compile("(?s)- name: " + name + "\\n(.*?)\\n\\n")
        .matcher(Files.readString(ANSIBLE.resolve("agent.yml")));
    assertTrue(write.find(), "a task: " + name);
    for (String want : expected) {
      assertTrue(write.group(1).contains(want), want + " in\n" + write.group(1));
    }
    return write.group(1);
  }

  /**
   * Where /metrics listens beyond loopback, the scrape token is vaulted and written for root alone, and the
   * placeholder refused; elsewhere it is neither needed nor written.
   */
  @Test
  void theScrapeTokenIsVaultedAndRootsAloneWhereMetricsLeaveLoopback() throws Exception {
    agentTask("Write the scrape token", "dest: /etc/tierbench/scrape-token", "owner: root", "mode: \"0600\"",
        "no_log: true", "{{ tierbench_scrape_token }}", "when: tierbench_metrics_host | length > 0");
    // The file systemd hands over (the drop-in's LoadCredential=) is the one written.
    assertTrue(Files.readString(DEPLOY.resolve("systemd/tierbench-agent-metrics.conf"))
        .contains(":/etc/tierbench/scrape-token\n"));
    String example = Files.readString(ANSIBLE.resolve("vault.example.yml"));
    String placeholder = example.replaceAll("(?s).*\\ntierbench_scrape_token: \"([^\"]*)\".*", "$1");
    assertTrue(placeholder.startsWith("PLACEHOLDER"), placeholder);
    String host = "tierbench_metrics_host: 10.0.3.31\n";
    assertEquals(2, check("scrape", host + "tierbench_scrape_token: \"" + placeholder + "\"").status(),
        "the placeholder is refused");
    assertEquals(2, check("scrape", host).status(), "a missing token is refused");
    assertEquals(0, check("scrape", host + "tierbench_scrape_token: " + JoinToken.randomSecret()).status(),
        "a token as the coordinator makes it passes");
    assertEquals(0, check("scrape", "tierbench_metrics_host: \"\"").status(), "on loopback no token is needed");
  }

  /**
   * coordinator.yml's own tasks that make people's tokens, run here against a real state folder and the built jar
   * (as the service's user would run it, minus runuser): a token for each new name, saved 0600 in a 0700 folder on
   * the control machine and never in Ansible's output; a second run makes none, a name added later gets one.
   */
  @Test
  void theCoordinatorPlaybookMakesEachPersonsTokenOnceIntoTheirOwnFile() throws Exception {
    Path state = dir.resolve("state");
    StateFolder.open(state, List.of("localhost"), null, null); // as the service's first start makes it
    String playbook = Files.readString(ANSIBLE.resolve("coordinator.yml"));
    java.util.regex.Matcher tasks = java.util.regex.Pattern.compile(
        "(?s)\\n(    # A person's token pins.*?)\\n  handlers:").matcher(playbook);
    assertTrue(tasks.find(), "coordinator.yml makes people's tokens after starting the service");
    for (String task : List.of("Make a token for each new person", "Save each new token on this machine")) {
      String body = playbook.substring(playbook.indexOf(task), playbook.indexOf("\n\n", playbook.indexOf(task)));
      assertTrue(body.contains("no_log: true"), task + " is never logged");
    }
    String jar = Fixtures.ROOT.resolve("coordinator/target/tierbench.jar").toString();
    Path play = dir.resolve("users.yml");
    Files.writeString(play, "- name: Users\n  hosts: localhost\n  gather_facts: false\n  tasks:\n" + tasks.group(1)
        .replace("runuser, -u, tierbench, --, java, -jar, /opt/tierbench/tierbench.jar", "java, -jar, " + jar)
        .replace("/var/lib/tierbench", state.toString()) + "\n");
    Path tokens = dir.resolve("tokens");
    Commands.Result first = users(play, tokens, "{name: alice, role: submit}, {name: bob, role: read}");
    assertEquals(0, first.status(), first.output());
    String pin = StateFolder.pin(state);
    for (String name : List.of("alice", "bob")) {
      Path file = tokens.resolve(name);
      String token = Files.readString(file).strip();
      assertTrue(token.matches("tb1\\." + pin + "\\.\\S+"), name + "'s token pins the coordinator's CA: " + token);
      assertFalse(first.output().contains(token.substring(token.lastIndexOf('.') + 1)), "never in Ansible's output");
      assertEquals(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"),
          Files.getPosixFilePermissions(file), name);
    }
    assertEquals(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"),
        Files.getPosixFilePermissions(tokens));
    String alice = Files.readString(tokens.resolve("alice"));

    Commands.Result again = users(play, tokens, "{name: alice, role: submit}, {name: bob, role: read},"
        + " {name: carol, role: submit}");
    assertEquals(0, again.status(), again.output());
    assertTrue(again.output().contains("changed=2"), "carol's token made and saved, no other: " + again.output());
    assertEquals(alice, Files.readString(tokens.resolve("alice")), "a known name keeps its token");
    assertTrue(Files.isRegularFile(tokens.resolve("carol")));
    String listed = Commands.succeed(List.of("java", "-jar", jar, "token", "users", "--state-dir", state.toString()));
    assertTrue(listed.matches("(?s)alice\\tsubmit\\t.*\\nbob\\tread\\t.*\\ncarol\\tsubmit\\t.*"), listed);
  }

  /** The coordinator, however deployed, runs no sweep of its own: each deploy file starts it waiting for submissions. */
  @Test
  void noDeployFileBakesASweepIntoTheCoordinatorOrAPersonsTokenIntoAnything() throws Exception {
    String playbook = Files.readString(ANSIBLE.resolve("coordinator.yml"));
    assertFalse(playbook.contains("sweep.yaml") || playbook.contains("tierbench_sweep"), "no sweep copied");
    assertFalse(Files.readString(ANSIBLE.resolve("group_vars/all.yml")).contains("tierbench_sweep"));
    assertFalse(Files.readString(ANSIBLE.resolve("templates/coordinator.yaml.j2")).matches("(?s).*^sweep:.*"));
    List<String> starts = new ArrayList<>(execStart("tierbench-coordinator.service",
        render("bench-coordinator", "coordinator.yaml.j2")));
    starts.add(Files.readString(DEPLOY.resolve("container/coordinator.Containerfile")).lines()
        .filter(l -> l.startsWith("ENTRYPOINT")).findFirst().orElseThrow());
    starts.add(new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
        .readTree(DEPLOY.resolve("compose/compose.yaml").toFile()).at("/services/coordinator/command").asText());
    for (String start : starts) {
      assertFalse(start.contains("--sweep"), start);
    }
    // People's tokens and the operator's are files: in no argument, environment or setting of any deploy file.
    java.util.regex.Pattern token = java.util.regex.Pattern.compile(
        "tb1\\.[0-9a-f]{64}\\.|--token(-file)?[= ]|[?&]token=|TOKEN=|^token-file:");
    List<Path> files;
    try (var walk = Files.walk(DEPLOY)) {
      files = new ArrayList<>(walk.filter(Files::isRegularFile).toList());
    }
    try (var walk = Files.walk(Fixtures.ROOT.resolve("k8s"))) {
      walk.filter(Files::isRegularFile).forEach(files::add);
    }
    for (Path file : files) {
      if (file.toString().endsWith(".md") || file.toString().endsWith(".json")) {
        continue;
      }
      for (String line : Files.readString(file).split("\n")) {
        String code = line.strip();
        if (!code.startsWith("#")) {
          assertFalse(token.matcher(code).find(), file + ": " + line);
        }
      }
    }
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

  /** The users play, as coordinator.yml's tasks, for {@code users} (a YAML flow list), saving into {@code tokens}. */
  private Commands.Result users(Path play, Path tokens, String users) throws Exception {
    Path vars = dir.resolve("users.yml.vars");
    Files.writeString(vars, "tierbench_users: [" + users + "]\ntierbench_tokens_dir: " + tokens + "\n");
    return Commands.run(dir, List.of("ansible-playbook", "-i", "localhost,", "-c", "local", play.toString(),
        "-e", "@" + vars));
  }

  /** agent.yml's own "Check the {@code which} token" task, run here with {@code vars} (YAML): its exit status. */
  private Commands.Result check(String which, String vars) throws Exception {
    String playbook = Files.readString(ANSIBLE.resolve("agent.yml"));
    java.util.regex.Matcher check = java.util.regex.Pattern.compile("(?s)    - name: Check the " + which
        + " token\\n.*?\\n\\n").matcher(playbook);
    assertTrue(check.find(), "agent.yml checks the " + which + " token");
    Path play = dir.resolve("check-token.yml");
    Files.writeString(play, "- name: Check\n  hosts: localhost\n  gather_facts: false\n  tasks:\n" + check.group());
    Path varsFile = dir.resolve("token.yml");
    Files.writeString(varsFile, vars + "\n");
    return Commands.run(dir, List.of("ansible-playbook", "-i", "localhost,", "-c", "local", play.toString(),
        "-e", "@" + varsFile));
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
