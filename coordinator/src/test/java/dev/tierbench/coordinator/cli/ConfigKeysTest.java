package dev.tierbench.coordinator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tierbench.common.cli.Cli;
import dev.tierbench.common.config.ConfigDefaultProvider;
import dev.tierbench.common.config.Defaults;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** Every flag is a config key of the same name with its default in {@link Defaults}, and nothing else is. */
class ConfigKeysTest {

  private static final Set<String> NOT_CONFIG = Set.of("config", "help", "version");

  @TempDir
  Path dir;

  private static List<OptionSpec> allOptions(CommandLine cli) {
    List<OptionSpec> options = new ArrayList<>(cli.getCommandSpec().options());
    cli.getSubcommands().values().forEach(sub -> options.addAll(allOptions(sub)));
    return options;
  }

  @Test
  void everyFlagHasADefaultAndEveryDefaultAFlag() {
    CommandLine cli = Cli.commandLine(new TierbenchCli(), new String[0]);
    Set<String> flags = new TreeSet<>();
    for (OptionSpec option : allOptions(cli)) {
      String key = ConfigDefaultProvider.key(option);
      if (!NOT_CONFIG.contains(key)) {
        flags.add(key);
        assertTrue(Defaults.of(key).isPresent(), "flag --" + key + " has no entry in Defaults");
      }
    }
    assertEquals(new TreeSet<>(Defaults.all().keySet()), flags, "Defaults has keys no flag reads");
  }

  @Test
  void aConfigFileValueBecomesTheFlagDefaultAndTheFlagWins() throws Exception {
    Path config = dir.resolve("tierbench.yaml");
    Files.writeString(config, "tier: iot\nlabel: [room=lab, board=pi4]\n");
    String[] args = {"agent", "--config", config.toString()};
    CommandLine cli = Cli.commandLine(new TierbenchCli(), args);
    CommandLine.ParseResult parsed = cli.parseArgs(args);
    CommandLine agent = parsed.subcommand().commandSpec().commandLine();
    assertEquals("iot", agent.getCommandSpec().findOption("--tier").getValue());
    assertEquals(List.of("room=lab", "board=pi4"), agent.getCommandSpec().findOption("--label").getValue());

    String[] override = {"agent", "--config", config.toString(), "--tier", "edge"};
    CommandLine cli2 = Cli.commandLine(new TierbenchCli(), override);
    CommandLine agent2 = cli2.parseArgs(override).subcommand().commandSpec().commandLine();
    assertEquals("edge", agent2.getCommandSpec().findOption("--tier").getValue());
  }

  @Test
  void anUnknownConfigKeyIsAnErrorNamingTheFileAndKey() throws Exception {
    Path config = dir.resolve("bad.yaml");
    Files.writeString(config, "teir: iot\n");
    int status = Cli.execute(new TierbenchCli(), new String[] {"agent", "--config", config.toString()});
    assertEquals(Cli.USAGE, status);
  }
}
