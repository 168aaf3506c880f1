package dev.tierbench.agent;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import dev.tierbench.common.protocol.Calibration;
import dev.tierbench.common.trust.ClientTrust;

/**
 * How one agent runs.
 *
 * @param deviceLock the file that serialises measurements on this host (see {@code DeviceLock})
 * @param connectTimeout how long to keep trying to reach a coordinator at start-up
 * @param shutdownGrace how long a stopping agent lets its current task finish before handing it back
 * @param rejoinAfter how long the coordinator may stay unreachable before the agent leaves the cluster and
 *     joins it again (a restarted coordinator founds a new cluster that old lite members cannot see)
 * @param trust the credential this agent presents to its coordinator's HTTP side and the authority it trusts
 * @param calibration the device's peaks, measured once when the process started; null: not calibrated
 */
public record AgentSettings(String agentId, String tier, Map<String, String> labels, Path cacheDir, Path deviceLock,
    Duration connectTimeout, Duration shutdownGrace, Duration rejoinAfter, ClientTrust trust,
    Calibration calibration) {

  public AgentSettings {
    if (agentId == null || agentId.isBlank()) {
      throw new IllegalArgumentException("agent-id must not be empty");
    }
    if (tier == null || !tier.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
      throw new IllegalArgumentException("tier '" + tier + "' may hold only letters, digits, '.', '_' and '-'");
    }
    labels = Map.copyOf(labels);
    trust = trust == null ? ClientTrust.none() : trust;
  }

  /** An agent without a calibration. */
  public AgentSettings(String agentId, String tier, Map<String, String> labels, Path cacheDir, Path deviceLock,
      Duration connectTimeout, Duration shutdownGrace, Duration rejoinAfter, ClientTrust trust) {
    this(agentId, tier, labels, cacheDir, deviceLock, connectTimeout, shutdownGrace, rejoinAfter, trust, null);
  }
}
