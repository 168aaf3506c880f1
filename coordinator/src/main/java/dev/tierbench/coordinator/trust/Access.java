package dev.tierbench.coordinator.trust;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

import dev.tierbench.common.trust.JoinToken;

/**
 * Who is asking, from the secret they present: an agent joining with the join token, an agent with its own
 * credential, the operator (everything), a person with a credential of their own (reading, or submitting too) or
 * Prometheus (metrics only). Every secret is compared in
 * constant time and read from the state folder again when it changed.
 */
public final class Access {

  /** What a caller may do is decided by its role. */
  public enum Role {
    /** Holds the join token: may exchange it for an agent credential, nothing else. */
    JOIN,
    /** An agent: its link, model and dataset downloads. */
    AGENT,
    /** The operator token's holder, a person or script on the coordinator's machine: everything. */
    OPERATOR,
    /** Prometheus: /metrics only. */
    SCRAPE,
    /**
     * A person who watches: the live page and every GET or HEAD of the API (status, agents, runs, results,
     * reports, whether a blob is held); changes nothing.
     */
    READ,
    /**
     * A person who runs sweeps: what {@link #READ} may, and submitting a run, uploading its blobs and cancelling
     * a run; not the operator's administration (agent enrolment, metrics, anything no rule opens).
     */
    SUBMIT;

    /** Whether a person holds this role: what may sign a browser in. */
    public boolean person() {
      return this == OPERATOR || this == READ || this == SUBMIT;
    }
  }

  /** @param name the agent's or the person's name; "operator", "prometheus" or "join-token" for those tokens */
  public record Caller(Role role, String name) {}

  private final WatchedFile<JoinToken> joinToken;
  private final WatchedFile<String> operatorToken;
  private final WatchedFile<String> scrapeToken;
  private final AgentCredentials agents;
  private final UserCredentials users;

  Access(WatchedFile<JoinToken> joinToken, WatchedFile<String> operatorToken, WatchedFile<String> scrapeToken,
      AgentCredentials agents, UserCredentials users) {
    this.joinToken = joinToken;
    this.operatorToken = operatorToken;
    this.scrapeToken = scrapeToken;
    this.agents = agents;
    this.users = users;
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
    Optional<Caller> agent = agents.identify(secret).map(name -> new Caller(Role.AGENT, name));
    if (agent.isPresent()) {
      return agent;
    }
    // A person may present the whole token `tierbench token user add` printed (pasted into the login page): its
    // secret counts if it pins this coordinator's authority.
    String personal = JoinToken.tryParse(secret).filter(t -> t.caKeySha256().equals(join.caKeySha256()))
        .map(JoinToken::secret).orElse(secret);
    return users.identify(personal);
  }

  /** The agent credentials: issuing one for a join token, checking whether one was revoked. */
  public AgentCredentials agents() {
    return agents;
  }

  /** People's credentials, with their roles. */
  public UserCredentials users() {
    return users;
  }

  private static boolean same(String given, String expected) {
    return MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
  }
}
