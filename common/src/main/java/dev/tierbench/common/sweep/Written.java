package dev.tierbench.common.sweep;

import dev.tierbench.common.yaml.Location;

/** A piece of text as written in a sweep file, with where: checked later by the part that understands it. */
public record Written(String text, Location location) {
  public Written {
    if (text == null || location == null) {
      throw new IllegalArgumentException("written text needs its text and location");
    }
  }
}
