package dev.tierbench.common.config;

import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.tierbench.common.io.InputFiles;
import dev.tierbench.common.io.InvalidUtf8Exception;
import dev.tierbench.common.io.RefusedFileException;
import dev.tierbench.common.io.Utf8;
import dev.tierbench.common.yaml.YamlException;
import dev.tierbench.common.yaml.YamlNode;
import dev.tierbench.common.yaml.YamlReader;
import dev.tierbench.common.yaml.YamlTree;

import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Gives picocli the default of each option from the config file named by {@code --config}, else from
 * {@link Defaults}. The flag {@code --x} and the config key {@code x} are the same setting.
 */
public final class ConfigDefaultProvider implements CommandLine.IDefaultValueProvider {

  private final Map<String, String> fileValues;

  private ConfigDefaultProvider(Map<String, String> fileValues) {
    this.fileValues = fileValues;
  }

  /** A provider reading the file named by {@code --config FILE} (or {@code --config=FILE}) in {@code args}. */
  public static ConfigDefaultProvider fromArgs(String[] args) {
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--config") && i + 1 < args.length) {
        return fromFile(path(args[i + 1]));
      }
      if (args[i].startsWith("--config=")) {
        return fromFile(path(args[i].substring("--config=".length())));
      }
    }
    return new ConfigDefaultProvider(Map.of());
  }

  /** Read before picocli parses anything, so a name no file can have is refused here, as picocli would. */
  private static Path path(String name) {
    try {
      return Path.of(name);
    } catch (InvalidPathException e) {
      throw new ConfigException("--config: '" + name.replace("\0", "\\0") + "' cannot name a file: " + e.getReason());
    }
  }

  /** @throws ConfigException naming the file and the offending key, or the place in it for malformed YAML */
  public static ConfigDefaultProvider fromFile(Path file) {
    YamlNode root;
    try {
      // Bounded like a sweep file: --config /dev/zero must be refused, not read until memory runs out. Read by the
      // sweep file's YAML reader, so an alias or a second document is refused at its place instead of being read
      // as the anchor's name or dropped.
      root = YamlTree.parse(Utf8.decode(InputFiles.read(file, "config file", InputFiles.MAX_SWEEP_BYTES)),
          file.toString());
    } catch (RefusedFileException e) {
      throw new ConfigException(file + ": cannot read config file: " + e.reason());
    } catch (InvalidUtf8Exception e) {
      throw new ConfigException(file + ":" + e.line() + ":" + e.column() + ": " + e.getMessage());
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot read config file: " + firstLine(e.getMessage()));
    } catch (YamlException e) {
      throw new ConfigException(e.getMessage());
    }
    Map<String, String> values = new TreeMap<>();
    if (isNull(root)) {
      return new ConfigDefaultProvider(values);
    }
    if (!(root instanceof YamlNode.Mapping mapping)) {
      throw new ConfigException(file + ": a config file is a mapping of keys to values, e.g. 'tier: edge'");
    }
    List<String> unknown = new ArrayList<>();
    for (YamlNode.Entry entry : mapping.entries().values()) {
      if (Defaults.of(entry.key()).isEmpty()) {
        unknown.add(entry.key());
      } else if (!isNull(entry.value())) {
        // An empty value ("tier:") leaves the default in place rather than setting the text "null".
        values.put(entry.key(), text(entry.key(), entry.value()));
      }
    }
    if (!unknown.isEmpty()) {
      throw new ConfigException(file + ": unknown key(s) " + unknown + "; known keys: " + Defaults.all().keySet());
    }
    return new ConfigDefaultProvider(values);
  }

  private static boolean isNull(YamlNode node) {
    return node instanceof YamlNode.Scalar s && s.kind() == YamlNode.Scalar.Kind.NULL;
  }

  /** A flag's value as its command-line text: a list joined with commas, as a repeated or split flag reads it. */
  private static String text(String key, YamlNode node) {
    if (node instanceof YamlNode.Sequence list) {
      List<String> parts = new ArrayList<>();
      for (YamlNode item : list.items()) {
        parts.add(scalar(key, item));
      }
      return String.join(",", parts);
    }
    return scalar(key, node);
  }

  private static String scalar(String key, YamlNode node) {
    if (!(node instanceof YamlNode.Scalar s)) {
      throw new ConfigException(node.location() + ": '" + key + "' takes a value or a list of values, as its flag"
          + " does, got " + node.describe());
    }
    if (s.kind() == YamlNode.Scalar.Kind.BOOLEAN) {
      // Jackson read yes/no and on/off as booleans too, but picocli reads only true and false.
      return String.valueOf(YamlReader.isTrue(s));
    }
    return s.text();
  }

  private static String firstLine(String s) {
    return s == null ? "" : s.lines().findFirst().orElse("");
  }

  @Override
  public String defaultValue(ArgSpec arg) {
    if (!(arg instanceof OptionSpec option)) {
      return null;
    }
    String key = key(option);
    if (key.equals("config") || key.equals("help") || key.equals("version")) {
      return null;
    }
    String value = fileValues.get(key);
    return value != null ? value : Defaults.of(key).orElse(null);
  }

  /** The config key an option reads: its long name without the dashes. */
  public static String key(OptionSpec option) {
    return option.longestName().replaceFirst("^-+", "");
  }
}
