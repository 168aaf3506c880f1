package dev.tierbench.common.yaml;

import java.util.ArrayList;
import java.util.List;

/** Collects every problem found in a file, so the user sees them all at once instead of one per run. */
public final class Problems {

  /** The most problems reported one by one. */
  public static final int MAX_REPORTED = 20;

  private final List<YamlException.Problem> found = new ArrayList<>();

  public void add(Location location, String message) {
    found.add(new YamlException.Problem(location, message));
  }

  public boolean isEmpty() {
    return found.isEmpty();
  }

  /**
   * @throws YamlException listing the problems added, if any: the first {@value #MAX_REPORTED}, then one line counting
   *     the rest, so a file of a hundred thousand repeated mistakes is not a hundred thousand lines
   */
  public void throwIfAny() {
    if (found.size() > MAX_REPORTED) {
      List<YamlException.Problem> shown = new ArrayList<>(found.subList(0, MAX_REPORTED));
      shown.add(new YamlException.Problem(found.get(MAX_REPORTED).location(), "and " + (found.size() - MAX_REPORTED)
          + " more problem(s) from here on; fix these first"));
      throw new YamlException(shown);
    }
    if (!found.isEmpty()) {
      throw new YamlException(found);
    }
  }
}
