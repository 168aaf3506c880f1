package dev.tierbench.common.yaml;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A YAML document as a tree that remembers where each node was written, so errors can point at it. */
public sealed interface YamlNode {

  Location location();

  /** What this node is, in words, for error messages ("a list", "the text 'four'"). */
  String describe();

  /** A scalar; {@code kind} says how YAML typed it. */
  record Scalar(String text, Kind kind, Location location) implements YamlNode {
    public enum Kind { STRING, INTEGER, DECIMAL, BOOLEAN, NULL }

    @Override
    public String describe() {
      return switch (kind) {
        case STRING -> "the text '" + text + "'";
        case NULL -> "nothing (null)";
        default -> "'" + text + "'";
      };
    }
  }

  /** A mapping whose entries keep their written order and each key's location. */
  record Mapping(Map<String, Entry> entries, Location location) implements YamlNode {
    public Mapping {
      entries = new LinkedHashMap<>(entries);
    }

    @Override
    public Map<String, Entry> entries() {
      return java.util.Collections.unmodifiableMap(entries);
    }

    @Override
    public String describe() {
      return "a mapping of keys to values";
    }
  }

  record Entry(String key, Location keyLocation, YamlNode value) {}

  record Sequence(List<YamlNode> items, Location location) implements YamlNode {
    public Sequence {
      items = List.copyOf(items);
    }

    @Override
    public String describe() {
      return "a list";
    }
  }
}
