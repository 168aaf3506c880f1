package dev.tierbench.coordinator.http;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Logs refused requests so that an operator sees who is knocking, without letting a flood of them flood the log:
 * at most one line per peer address per {@link #WINDOW}, the next line saying how many were left out. The lines
 * name the peer and the path, never the secret presented.
 */
final class Refusals {

  static final Duration WINDOW = Duration.ofSeconds(10);
  /** Past this many peers, those quiet for a window are forgotten; a peer never seen gets a line anyway. */
  private static final int PEERS = 1_024;

  private final Consumer<String> log;
  private final LongSupplier nanos;
  private final Map<String, Peer> peers = new HashMap<>();

  /** A peer's last logged line and the refusals since, unlogged. */
  private static final class Peer {
    long loggedAt;
    long unlogged;
  }

  /**
   * @param log where lines go (the logger at WARN)
   * @param nanos a monotonic clock, {@link System#nanoTime} but in tests
   */
  Refusals(Consumer<String> log, LongSupplier nanos) {
    this.log = log;
    this.nanos = nanos;
  }

  /**
   * Notes one refusal of {@code method path} from {@code host:port}, for {@code reason}; logs it unless this host
   * had a line logged in the last window.
   *
   * @param what what the path is, when its name does not say (the agent link), or blank
   */
  synchronized void refused(String host, int port, String method, String path, String what, String reason) {
    long now = nanos.getAsLong();
    Peer peer = peers.get(host);
    if (peer != null && now - peer.loggedAt < WINDOW.toNanos()) {
      peer.unlogged++;
      return;
    }
    if (peer == null) {
      forgetQuiet(now);
      peer = new Peer();
      peers.put(host, peer);
    }
    long left = peer.unlogged;
    peer.loggedAt = now;
    peer.unlogged = 0;
    log.accept("refused " + method + " " + shortened(path) + (what.isBlank() ? "" : " (" + what + ")") + " from " + host + ":" + port + ": " + reason
        + (left == 0 ? "" : " (and " + left + " more refusals from " + host + " not logged)"));
  }

  private void forgetQuiet(long now) {
    if (peers.size() >= PEERS) {
      peers.values().removeIf(p -> now - p.loggedAt >= WINDOW.toNanos());
    }
  }

  /** A path is the caller's text, of any length: one short line of it. */
  private static String shortened(String path) {
    String line = ApiError.oneLine(String.valueOf(path));
    return line.length() <= 80 ? line : line.substring(0, 77) + "...";
  }
}
