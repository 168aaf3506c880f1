package dev.tierbench.common.cli;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Repeatable {@code KEY=VALUE} flags (labels, generator parameters) as a map. */
public final class KeyValues {

  private KeyValues() {}

  /** @param what the flag's noun for errors, e.g. "label" */
  public static Map<String, String> parse(List<String> entries, String what) {
    Map<String, String> parsed = new TreeMap<>();
    for (String entry : entries) {
      if (entry.isBlank()) {
        continue;
      }
      int eq = entry.indexOf('=');
      if (eq < 1) {
        throw new UserException(what + " '" + entry + "' must be KEY=VALUE");
      }
      parsed.put(entry.substring(0, eq).trim(), entry.substring(eq + 1).trim());
    }
    return parsed;
  }
}
