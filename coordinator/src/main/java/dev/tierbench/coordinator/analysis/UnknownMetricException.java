package dev.tierbench.coordinator.analysis;

import java.util.List;

/** A name that is not a metric of the run at hand; the message lists the ones that are. */
public final class UnknownMetricException extends IllegalArgumentException {

  private final transient List<Metric> available;

  public UnknownMetricException(String message, List<Metric> available) {
    super(message);
    this.available = List.copyOf(available);
  }

  public List<Metric> available() {
    return available;
  }
}
