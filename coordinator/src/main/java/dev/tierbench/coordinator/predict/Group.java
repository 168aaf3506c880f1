package dev.tierbench.coordinator.predict;

/**
 * Variants one latency model covers: one tier, one engine, one scenario. Other engines and scenarios run other
 * code (and a server scenario's latency includes queueing), so each gets its own model.
 */
public record Group(String tier, String engine, String scenario) {

  public Group {
    java.util.Objects.requireNonNull(tier, "tier");
    java.util.Objects.requireNonNull(engine, "engine");
    java.util.Objects.requireNonNull(scenario, "scenario");
  }

  /** The same engine and scenario on {@code other}. */
  public Group on(String other) {
    return new Group(other, engine, scenario);
  }

  @Override
  public String toString() {
    return tier + " (" + engine + ", " + scenario + ")";
  }
}
