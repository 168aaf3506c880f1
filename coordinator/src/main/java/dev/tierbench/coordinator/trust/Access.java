package dev.tierbench.coordinator.trust;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

import dev.tierbench.common.trust.JoinToken;

/**
 * Who is asking, from the secret they present: an agent joining with the join token, an agent with its own
 * credential, an operator (API, runs, live page) or Prometheus (metrics only). Every secret is compared in
 * constant time and read from the state folder again when it changed.
 */
public final class Access {

  /** What a caller may do is decided by its role. */
  public enum Role {
    /** Holds the join token: may exchange it for an agent credential, nothing else. */
    JOIN,
    /** An agent: its link, model and dataset downloads. */
    AGENT,
    /** A person or script: everything. */
    OPERATOR,
    /** Prometheus: /metrics only. */
    SCRAPE
  }

  /** @param name the agent's name for an agent, else the role's name */
  public record Caller(Role role, String name) {}

  private final WatchedFile<JoinToken> joinToken;
  private final WatchedFile<String> operatorToken;
  private final WatchedFile<String> scrapeToken;
  private final AgentCredentials agents;

  Access(WatchedFile<JoinToken> joinToken, WatchedFile<String> operatorToken, WatchedFile<String> scrapeToken,
      AgentCredentials agents) {
    this.joinToken = joinToken;
    this.operatorToken = operatorToken;
    this.scrapeToken = scrapeToken;
    this.agents = agents;
  }

  /**
   * The caller presenting {@code secret}, or empty for an unknown one.
   *
   * @throws IOException when the state folder cannot be read: refuse, and say so
   */
  public Optional<Caller> identify(String secret) throws IOException {
    if (secret == null || secret.isBlank()) {
      return Optional.empty();
    }
    if (same(secret, operatorToken.get())) {
      return Optional.of(new Caller(Role.OPERATOR, "operator"));
    }
    if (same(secret, scrapeToken.get())) {
      return Optional.of(new Caller(Role.SCRAPE, "prometheus"));
    }
    // The whole token or only its secret: an agent knows both, and checks the CA hash itself.
    JoinToken join = joinToken.get();
    if (same(secret, join.toString()) || same(secret, join.secret())) {
      return Optional.of(new Caller(Role.JOIN, "join-token"));
    }
    return agents.identify(secret).map(name -> new Caller(Role.AGENT, name));
  }

  /** The agent credentials: issuing one for a join token, checking whether one was revoked. */
  public AgentCredentials agents() {
    return agents;
  }

  private static boolean same(String given, String expected) {
    return MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
  }
}
