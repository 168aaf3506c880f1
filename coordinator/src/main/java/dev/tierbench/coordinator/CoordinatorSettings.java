package dev.tierbench.coordinator;

import java.nio.file.Path;
import java.time.Duration;

import dev.tierbench.common.config.ByteSizes;
import dev.tierbench.common.config.Defaults;
import dev.tierbench.common.config.Durations;
import dev.tierbench.coordinator.http.HttpTls;
import dev.tierbench.coordinator.trust.Access;

/**
 * How the coordinator runs.
 *
 * @param advertisedHost the address agents use to download models from this coordinator
 * @param bindHost the address its HTTP server listens on; blank: every interface
 * @param httpPort 0 picks a free port
 * @param leasePoll how long an agent's request for work is held when there is none, before "no work"
 * @param maxAttempts how many abnormal ends (lost agent, retryable failure) a task may have before it fails
 * @param agentLostAfter how long a tier's queued tasks wait once no agent of the tier has been heard from, before
 *     they fail with "agent lost" (a tier that never had an agent waits for its first)
 * @param claimGrace how long a restarted coordinator keeps a lease left open for its agent to claim
 * @param runsDir where run folders are: what the API and the live page list and read
 * @param prometheusTargets a file to keep the agents' metrics addresses in for Prometheus, or null
 * @param fleetMetrics whether /metrics also re-exposes every agent's latest system figures
 * @param apiDeadline how long a runs API call may work before it is stopped and answered 503
 * @param access who may call the HTTP side, from the state folder; a coordinator refuses to start its HTTP side
 *     without it (null only where settings are checked or the HTTP side never starts)
 * @param tls the HTTP side's certificate, or null for plain HTTP, which it serves on loopback only
 * @param maxUpload the largest file, in bytes, a submitted sweep may upload
 */
public record CoordinatorSettings(String coordinatorId, String advertisedHost, String bindHost, int httpPort,
    Duration heartbeatInterval, Duration leaseTimeout, Duration leasePoll, int maxAttempts, Duration agentLostAfter,
    Duration claimGrace, Path runsDir, Path prometheusTargets, boolean fleetMetrics, Duration apiDeadline,
    Access access, HttpTls tls, long maxUpload) {

  /**
   * The API deadline's range: the timer that enforces it counts whole milliseconds, and past a minute Vert.x's
   * blocked-thread checker warns about the worker the call holds.
   */
  private static final Duration SHORTEST_API_DEADLINE = Duration.ofMillis(1);
  private static final Duration LONGEST_API_DEADLINE = Duration.ofSeconds(60);

  public CoordinatorSettings {
    if (httpPort < 0 || httpPort > 65_535) {
      throw new IllegalArgumentException("http-port must be a port number (0 for any free one), got " + httpPort);
    }
    if (heartbeatInterval.isZero() || heartbeatInterval.isNegative()) {
      throw new IllegalArgumentException("heartbeat-interval must be positive");
    }
    if (leaseTimeout.compareTo(heartbeatInterval.multipliedBy(2)) < 0) {
      throw new IllegalArgumentException("lease-timeout (" + leaseTimeout.toMillis() + " ms) must be at least twice"
          + " heartbeat-interval (" + heartbeatInterval.toMillis() + " ms), or leases expire between heartbeats");
    }
    if (leasePoll.isNegative() || leasePoll.compareTo(Duration.ofSeconds(60)) > 0) {
      throw new IllegalArgumentException("lease-poll must be between 0 and 60 s");
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("max-attempts must be >= 1");
    }
    if (agentLostAfter.compareTo(leaseTimeout) < 0) {
      throw new IllegalArgumentException("agent-lost-after (" + agentLostAfter.toMillis() + " ms) must be at least"
          + " lease-timeout (" + leaseTimeout.toMillis() + " ms): a silent agent's lease expires first");
    }
    if (claimGrace.compareTo(leaseTimeout) < 0 || claimGrace.compareTo(Duration.ofHours(1)) > 0) {
      throw new IllegalArgumentException("claim-grace must be from lease-timeout (" + Durations.format(leaseTimeout)
          + ") to 1h, got " + Durations.format(claimGrace));
    }
    if (apiDeadline.compareTo(SHORTEST_API_DEADLINE) < 0 || apiDeadline.compareTo(LONGEST_API_DEADLINE) > 0) {
      throw new IllegalArgumentException("api-deadline must be from " + Durations.format(SHORTEST_API_DEADLINE)
          + " to " + Durations.format(LONGEST_API_DEADLINE) + ", got " + Durations.format(apiDeadline));
    }
    if (maxUpload < 0) {
      throw new IllegalArgumentException("max-upload must be >= 0 bytes, got " + maxUpload);
    }
  }

  /**
   * Listening on the address it advertises in plain HTTP (so on loopback), without Prometheus targets or fleet
   * metrics, with the default claim grace and API deadline.
   */
  public CoordinatorSettings(String coordinatorId, String advertisedHost, int httpPort, Duration heartbeatInterval,
      Duration leaseTimeout, Duration leasePoll, int maxAttempts, Duration agentLostAfter, Path runsDir,
      Access access) {
    this(coordinatorId, advertisedHost, advertisedHost, httpPort, heartbeatInterval, leaseTimeout, leasePoll, maxAttempts,
        agentLostAfter, Durations.parse(Defaults.get("claim-grace")), runsDir, null, false,
        Durations.parse(Defaults.get("api-deadline")), access, null, ByteSizes.parse(Defaults.get("max-upload")));
  }
}
