package dev.tierbench.common.yaml;

import java.util.ArrayList;
import java.util.List;

/** Collects every problem found in a file, so the user sees them all at once instead of one per run. */
public final class Problems {

  private final List<YamlException.Problem> found = new ArrayList<>();

  public void add(Location location, String message) {
    found.add(new YamlException.Problem(location, message));
  }

  public boolean isEmpty() {
    return found.isEmpty();
  }

  /** @throws YamlException listing every problem added, if any */
  public void throwIfAny() {
    if (!found.isEmpty()) {
      throw new YamlException(found);
    }
  }
}
