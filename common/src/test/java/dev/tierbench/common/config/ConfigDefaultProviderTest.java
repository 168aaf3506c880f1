package dev.tierbench.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Option;

class ConfigDefaultProviderTest {

  @TempDir
  Path dir;

  private Path config(String yaml) throws IOException {
    Path file = dir.resolve("agent.yaml");
    Files.writeString(file, yaml);
    return file;
  }

  private static OptionSpec option(String name) {
    return OptionSpec.builder(name).type(String.class).build();
  }

  private static void assertContains(String text, String... parts) {
    for (String part : parts) {
      assertTrue(text.contains(part), () -> "expected '" + part + "' in: " + text);
    }
  }

  @Test
  void valuesFromTheFileOverrideTheDefaults() throws IOException {
    ConfigDefaultProvider provider = ConfigDefaultProvider.fromFile(config("tier: edge\nthreads: 4\n"));

    assertEquals("edge", provider.defaultValue(option("--tier")));
    assertEquals("4", provider.defaultValue(option("--threads")));
    assertEquals(Defaults.get("batch"), provider.defaultValue(option("--batch")), "not in the file: the default");
    assertEquals("1", provider.defaultValue(option("--batch")));
  }

  @Test
  void anEmptyValueLeavesTheDefault() throws IOException {
    ConfigDefaultProvider provider = ConfigDefaultProvider.fromFile(config("tier:\n"));
    assertEquals(Defaults.get("tier"), provider.defaultValue(option("--tier")));
  }

  @Test
  void listValuesAreJoinedWithCommas() throws IOException {
    ConfigDefaultProvider provider = ConfigDefaultProvider.fromFile(config("""
        cluster:
          - 10.0.0.1:5701
          - 10.0.0.2:5701
        label: [gpu=none, site=lab]
        """));
    assertEquals("10.0.0.1:5701,10.0.0.2:5701", provider.defaultValue(option("--cluster")));
    assertEquals("gpu=none,site=lab", provider.defaultValue(option("--label")));
  }

  @Test
  void numbersAndBooleansBecomeTheirText() throws IOException {
    ConfigDefaultProvider provider = ConfigDefaultProvider.fromFile(config("http-port: 9000\nfresh: true\n"));
    assertEquals("9000", provider.defaultValue(option("--http-port")));
    assertEquals("true", provider.defaultValue(option("--fresh")));
  }

  @Test
  void anUnknownKeyNamesTheFileTheKeyAndTheKnownKeys() throws IOException {
    Path file = config("tier: edge\ntire: cloud\nthreds: 2\n");
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigDefaultProvider.fromFile(file));
    assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
    assertContains(e.getMessage(), "unknown key(s) [tire, threds]", "known keys: [cluster,", "tier", "threads");
  }

  @Test
  void aFileThatIsNotAMappingIsRejected() throws IOException {
    Path file = config("- tier\n- edge\n");
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigDefaultProvider.fromFile(file));
    assertContains(e.getMessage(), file.toString(), "a config file is a mapping of keys to values");
  }

  @Test
  void malformedYamlNamesTheFileAndThePlace() throws IOException {
    Path file = config("tier: [edge\n");
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigDefaultProvider.fromFile(file));
    assertTrue(e.getMessage().startsWith(file + ":2:1: malformed YAML: "), e.getMessage());
  }

  @Test
  void anAliasIsRefusedWhereItIsWrittenNotReadAsTheAnchorsName() throws IOException {
    Path file = config("tier: &edge edge\nagent-id: *edge\n");
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigDefaultProvider.fromFile(file));
    assertEquals(file + ":2:11: alias '*edge' is not supported: write the value out where the alias is (anchors '&'"
        + " and aliases '*' are refused)", e.getMessage());
  }

  @Test
  void anAnchorAloneGivesItsValueNotItsName() throws IOException {
    ConfigDefaultProvider provider = ConfigDefaultProvider.fromFile(config("tier: &t edge\nlabel: &l [a=1, b=2]\n"));
    assertEquals("edge", provider.defaultValue(option("--tier")));
    assertEquals("a=1,b=2", provider.defaultValue(option("--label")));
  }

  @Test
  void aSecondDocumentIsRefusedNotDropped() throws IOException {
    Path file = config("tier: edge\n---\ntier: cloud\n");
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigDefaultProvider.fromFile(file));
    assertTrue(e.getMessage().startsWith(file + ":3:1: a second YAML document ('---')"), e.getMessage());
  }

  @Test
  void aMappingWhereAFlagsValueGoesIsRefusedAtItsPlace() throws IOException {
    Path file = config("tier: edge\nlabel: [a=1, {b: 2}]\n");
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigDefaultProvider.fromFile(file));
    assertEquals(file + ":2:14: 'label' takes a value or a list of values, as its flag does, got a mapping of keys to"
        + " values", e.getMessage());
  }

  @Test
  void yamlBooleansInAnyYaml11SpellingReachPicocliAsTrueOrFalse() throws IOException {
    ConfigDefaultProvider provider = ConfigDefaultProvider.fromFile(config("fresh: yes\nfleet-metrics: off\n"));
    assertEquals("true", provider.defaultValue(option("--fresh")));
    assertEquals("false", provider.defaultValue(option("--fleet-metrics")));
  }

  @Test
  void aMissingFileNamesTheFile() {
    Path file = dir.resolve("absent.yaml");
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigDefaultProvider.fromFile(file));
    assertContains(e.getMessage(), file.toString(), "cannot read config file");
  }

  @Test
  void anEmptyFileGivesTheDefaults() throws IOException {
    ConfigDefaultProvider provider = ConfigDefaultProvider.fromFile(config("# nothing set\n"));
    assertEquals(Defaults.get("tier"), provider.defaultValue(option("--tier")));
  }

  @Test
  void optionsWithNoConfigKeyAndPositionalsHaveNoDefault() throws IOException {
    ConfigDefaultProvider provider = ConfigDefaultProvider.fromFile(config("tier: edge\n"));
    assertNull(provider.defaultValue(option("--config")));
    assertNull(provider.defaultValue(OptionSpec.builder("--help").usageHelp(true).build()));
    assertNull(provider.defaultValue(OptionSpec.builder("--version").versionHelp(true).build()));
    assertNull(provider.defaultValue(option("--no-such-key")));
    assertNull(provider.defaultValue(PositionalParamSpec.builder().type(String.class).build()));
  }

  @Test
  void theKeyIsTheLongestNameWithoutDashes() {
    assertEquals("lease-timeout", ConfigDefaultProvider.key(OptionSpec.builder("-l", "--lease-timeout").build()));
  }

  @Test
  void fromArgsFindsTheConfigFlagInBothSpellings() throws IOException {
    Path file = config("tier: jetson\n");
    OptionSpec tier = option("--tier");
    assertEquals("jetson",
        ConfigDefaultProvider.fromArgs(new String[] {"agent", "--config", file.toString()}).defaultValue(tier));
    assertEquals("jetson",
        ConfigDefaultProvider.fromArgs(new String[] {"--config=" + file, "agent"}).defaultValue(tier));
    assertEquals(Defaults.get("tier"), ConfigDefaultProvider.fromArgs(new String[] {"agent"}).defaultValue(tier));
    assertEquals(Defaults.get("tier"),
        ConfigDefaultProvider.fromArgs(new String[] {"agent", "--config"}).defaultValue(tier), "flag with no value");
  }

  @Command(name = "probe")
  static final class Probe {
    @Option(names = "--tier") String tier;
    @Option(names = "--threads") int threads;
    @Option(names = "--lease-timeout") String leaseTimeout;
    @Option(names = "--label", split = ",") java.util.List<String> labels;
  }

  @Test
  void picocliTakesDefaultsFromTheFileThenDefaultsAndFlagsWin() throws IOException {
    ConfigDefaultProvider provider = ConfigDefaultProvider.fromFile(config("tier: edge\nlabel: [a=1, b=2]\n"));

    Probe fromConfig = new Probe();
    new CommandLine(fromConfig).setDefaultValueProvider(provider).parseArgs();
    assertEquals("edge", fromConfig.tier);
    assertEquals(1, fromConfig.threads);
    assertEquals(Duration.ofSeconds(5), Durations.parse(fromConfig.leaseTimeout));
    assertEquals(java.util.List.of("a=1", "b=2"), fromConfig.labels);

    Probe fromFlags = new Probe();
    new CommandLine(fromFlags).setDefaultValueProvider(provider).parseArgs("--tier", "cloud", "--threads", "8");
    assertEquals("cloud", fromFlags.tier);
    assertEquals(8, fromFlags.threads);
  }

  @Test
  void defaultsHaveEveryKeyOnceAndRefuseUnknownOnes() {
    assertTrue(Defaults.all().containsKey("max-duration"));
    assertTrue(Defaults.of("nope").isEmpty());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Defaults.get("nope"));
    assertContains(e.getMessage(), "'nope'");
    assertThrows(UnsupportedOperationException.class, () -> Defaults.all().put("x", "y"));
  }

  @Test
  void aDeviceGivenAsTheConfigIsRefusedAtOnce() {
    ConfigException e = assertTimeoutPreemptively(Duration.ofSeconds(2), () -> assertThrows(
        ConfigException.class, () -> ConfigDefaultProvider.fromFile(Path.of("/dev/zero"))));
    assertEquals("/dev/zero: cannot read config file: is a character device, not a regular file, so it cannot"
        + " be a config file", e.getMessage());
  }

  @Test
  void aConfigThatIsNotUtf8IsPlacedAtItsBadByte() throws IOException {
    Path file = dir.resolve("latin.yaml");
    Files.write(file, "tier: caf\u00e9\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigDefaultProvider.fromFile(file));
    assertEquals(file + ":1:10: not UTF-8: byte 0xE9 cannot start or continue a character; save the file as UTF-8",
        e.getMessage());
  }

  @Test
  void aConfigNameNoFileCanHaveIsAConfigError() {
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigDefaultProvider.fromArgs(
        new String[] {"run", "--config=a\0b"}));
    assertEquals("--config: 'a\\0b' cannot name a file: Nul character not allowed", e.getMessage());
  }
}
