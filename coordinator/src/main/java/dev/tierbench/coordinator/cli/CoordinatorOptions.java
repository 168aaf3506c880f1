package dev.tierbench.coordinator.cli;

import java.nio.file.Path;
import java.time.Duration;

import dev.tierbench.coordinator.CoordinatorSettings;
import dev.tierbench.coordinator.http.HttpTls;
import dev.tierbench.coordinator.trust.Access;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** Flags of a coordinator, embedded or clustered. */
public final class CoordinatorOptions {

  @Option(names = "--http-port", paramLabel = "PORT",
      description = "Port for model downloads and the status API; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int httpPort;

  @Option(names = "--heartbeat-interval", paramLabel = "DURATION",
      description = "How often agents heartbeat (default: ${DEFAULT-VALUE}).")
  Duration heartbeatInterval;

  @Option(names = "--lease-timeout", paramLabel = "DURATION",
      description = "A lease not renewed for this long is taken back (default: ${DEFAULT-VALUE}).")
  Duration leaseTimeout;

  @Option(names = "--lease-poll", paramLabel = "DURATION",
      description = "How long an agent's request for work waits when there is none (default: ${DEFAULT-VALUE}).")
  Duration leasePoll;

  @Option(names = "--max-attempts", paramLabel = "N",
      description = "Failed attempts (lost agent, retryable error) before a task fails (default: ${DEFAULT-VALUE}).")
  int maxAttempts;

  @Option(names = "--agent-lost-after", paramLabel = "DURATION",
      description = "How long a tier's tasks wait once none of its agents is heard from, before they fail with"
          + " 'agent lost' (default: ${DEFAULT-VALUE}).")
  Duration agentLostAfter;

  @Option(names = "--claim-grace", paramLabel = "DURATION",
      description = "After a restart, how long a lease left open waits for its agent to come back and claim it before"
          + " its task goes to another agent (default: ${DEFAULT-VALUE}).")
  Duration claimGrace;

  @Option(names = "--api-deadline", paramLabel = "DURATION",
      description = "A runs API call still working after this is stopped and answered 503, from 1ms to 1m"
          + " (default: ${DEFAULT-VALUE}).")
  Duration apiDeadline;

  @Option(names = "--max-upload", paramLabel = "SIZE", converter = ByteSizeConverter.class,
      description = "The largest file a submitted sweep may upload, e.g. 512MiB (default: ${DEFAULT-VALUE}).")
  long maxUpload;

  @Option(names = "--runs-dir", paramLabel = "DIR", description = "Where run folders are made (default: ${DEFAULT-VALUE}).")
  Path runsDir;

  @Option(names = "--run-id", paramLabel = "ID", converter = RunIdConverter.class,
      description = "Run folder name (default: the sweep's name). Re-running into the same folder resumes.")
  String runId;

  @Option(names = "--fresh", arity = "0..1", description = "Discard earlier results in the run folder instead of resuming.")
  boolean fresh;

  @Option(names = "--prometheus-targets", paramLabel = "FILE",
      description = "Keep the agents' metrics addresses in FILE for Prometheus's file_sd_configs (default: none).")
  String prometheusTargets;

  @Option(names = "--fleet-metrics", arity = "0..1",
      description = "Re-expose every agent's latest system figures on /metrics, for agents Prometheus cannot reach"
          + " (default: ${DEFAULT-VALUE}).")
  boolean fleetMetrics;

  @Option(names = "--progress", paramLabel = "auto|always|never", converter = ProgressMode.Converter.class,
      description = "Progress bar on the terminal (default: ${DEFAULT-VALUE}).")
  ProgressMode progress;

  /**
   * Checks the flags that only make sense together (a lease timeout against the heartbeat, ...) before anything
   * starts, through the same checks the settings make, so a bad combination is a command-line error (exit 2).
   */
  void check(CommandLine commandLine) {
    try {
      settings("check", "127.0.0.1", "127.0.0.1");
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(commandLine, e.getMessage(), e);
    }
  }

  /**
   * Settings without access rules: for {@link #check} and for commands that do not open a state folder yet (the
   * coordinator refuses to start its HTTP side with them).
   */
  CoordinatorSettings settings(String coordinatorId, String advertisedHost, String bindHost) {
    return settings(coordinatorId, advertisedHost, bindHost, null, null);
  }

  /**
   * @param bindHost the address the operator named for this coordinator; blank: none, every interface
   * @param access who may call the HTTP side (the state folder's)
   * @param tls the HTTP side's certificate, or null for plain HTTP on loopback
   */
  CoordinatorSettings settings(String coordinatorId, String advertisedHost, String bindHost, Access access,
      HttpTls tls) {
    return new CoordinatorSettings(coordinatorId, advertisedHost, bindHost, httpPort, heartbeatInterval, leaseTimeout, leasePoll,
        maxAttempts, agentLostAfter, claimGrace, runsDir,
        prometheusTargets.isBlank() ? null : Path.of(prometheusTargets), fleetMetrics, apiDeadline, access, tls,
        maxUpload);
  }
}
