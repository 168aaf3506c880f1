package dev.tierbench.coordinator.store.schema;

import java.util.List;

/**
 * One numbered change of the run database's schema: the version a database has once it is applied, what changed in
 * words (with the tierbench commit that changed it), and the changes.
 */
public record SchemaStep(int number, String description, List<Change> changes) {

  public SchemaStep {
    if (number < 2) {
      throw new IllegalArgumentException("step numbers start at 2 (version 1 is the first schema), got " + number);
    }
    if (description == null || description.isBlank()) {
      throw new IllegalArgumentException("step " + number + " needs a description");
    }
    changes = List.copyOf(changes);
    if (changes.isEmpty()) {
      throw new IllegalArgumentException("step " + number + " changes nothing");
    }
  }

  SchemaStep(int number, String description, Change... changes) {
    this(number, description, List.of(changes));
  }
}
