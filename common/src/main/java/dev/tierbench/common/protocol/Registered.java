package dev.tierbench.common.protocol;

import java.time.Duration;

/**
 * The coordinator's answer to {@link Register}: where models are served and the timing the agent must keep.
 * {@code leasePoll} is how long the coordinator may hold a {@link LeaseRequest} before answering.
 */
public record Registered(String coordinatorId, String modelsUrl, Duration heartbeatInterval, Duration leaseTimeout,
    Duration leasePoll) implements WireMessage {
  public Registered {
    Checks.text(coordinatorId, "coordinatorId");
    Checks.text(modelsUrl, "modelsUrl");
    Checks.present(heartbeatInterval, "heartbeatInterval");
    Checks.present(leaseTimeout, "leaseTimeout");
    Checks.present(leasePoll, "leasePoll");
  }
}
