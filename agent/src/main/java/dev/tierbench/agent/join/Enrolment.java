package dev.tierbench.agent.join;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.tierbench.agent.link.Backoff;
import dev.tierbench.common.cli.Causes;
import dev.tierbench.common.cli.UserException;
import dev.tierbench.common.trust.ClientTrust;
import dev.tierbench.common.trust.JoinToken;
import dev.tierbench.common.trust.PinnedAuthority;
import dev.tierbench.common.trust.SecretFile;

/**
 * An agent's credential for its coordinator, as kubeadm and k3s join a node: the first time, the join token's
 * secret is traded over TLS (the server checked against the CA key the token pins) for a credential of the
 * agent's own, kept 0600 in the state folder with the pin; from then on the token is not needed, so rotating it
 * leaves running agents alone, and revoking one agent's credential shuts out that agent only.
 */
public final class Enrolment {

  private static final Logger LOG = LoggerFactory.getLogger(Enrolment.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final ObjectMapper JSON = new ObjectMapper();

  private Enrolment() {}

  /** Where the credential of agent {@code name} lives in {@code stateDir}. */
  public static Path file(Path stateDir, String name) {
    return stateDir.resolve("agent-" + name + ".credential");
  }

  /**
   * This agent's credential for {@code coordinator}: the one kept in {@code stateDir}, or a new one traded for
   * {@code joinToken}.
   *
   * @param joinToken the token as the coordinator printed it, or blank if the agent should hold a credential already
   * @throws UserException in one line: no credential and no token, a token the coordinator refuses, a server that
   *     is not the one the token names, an unreachable coordinator
   */
  /**
   * @param connectTimeout how long to keep trying while no coordinator answers (an agent may start before it);
   *     zero: however long it takes
   */
  public static ClientTrust credential(Path stateDir, String name, URI coordinator, String joinToken,
      Duration connectTimeout) {
    Path file = file(stateDir, name);
    try {
      if (Files.exists(file)) {
        Properties kept = new Properties();
        kept.load(new StringReader(SecretFile.read(file)));
        if (coordinator.toString().equals(kept.getProperty("coordinator"))) {
          return new ClientTrust(kept.getProperty("credential", ""),
              new PinnedAuthority(kept.getProperty("ca-key-sha256", "")));
        }
        LOG.info("the credential in {} is for {}, not {}: joining {} with the join token", file,
            kept.getProperty("coordinator"), coordinator, coordinator);
      }
    } catch (IOException e) {
      throw new UserException("cannot read this agent's credential: " + e.getMessage(), e);
    }
    if (joinToken == null || joinToken.isBlank()) {
      throw new UserException("agent " + name + " holds no credential for " + coordinator + " in " + stateDir
          + ": pass --join-token-file FILE (the coordinator prints the join command at its first start, and"
          + " `tierbench token show` prints it again)");
    }
    JoinToken token;
    try {
      token = JoinToken.parse(joinToken);
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage(), e);
    }
    PinnedAuthority server = new PinnedAuthority(token.caKeySha256());
    String credential = exchangeWhenReachable(coordinator, name, token, server, connectTimeout);
    Properties kept = new Properties();
    kept.setProperty("coordinator", coordinator.toString());
    kept.setProperty("ca-key-sha256", token.caKeySha256());
    kept.setProperty("credential", credential);
    try {
      java.io.StringWriter text = new java.io.StringWriter();
      kept.store(text, "tierbench agent " + name + ": its credential for " + coordinator);
      SecretFile.folder(stateDir);
      SecretFile.write(file, text.toString());
    } catch (IOException e) {
      throw new UserException("cannot keep this agent's credential in " + file + ": " + e.getMessage(), e);
    }
    LOG.info("agent {} joined {} and keeps its credential in {}", name, coordinator, file);
    return new ClientTrust(credential, server);
  }

  private static String exchangeWhenReachable(URI coordinator, String name, JoinToken token, PinnedAuthority server,
      Duration connectTimeout) {
    long deadline = connectTimeout.isZero() ? Long.MAX_VALUE : System.nanoTime() + connectTimeout.toNanos();
    for (int tries = 0; ; tries++) {
      try {
        return exchange(coordinator, name, token, server);
      } catch (Unreachable e) {
        if (System.nanoTime() - deadline > 0) {
          throw new UserException(e.getMessage() + " (for " + connectTimeout.toSeconds() + " s)", e);
        }
        if (tries == 0) {
          LOG.info("{}; trying again with growing pauses up to {} s", e.getMessage(),
              Backoff.WAITING_FOR_COORDINATOR.max().toSeconds());
        }
        try {
          Thread.sleep(Backoff.WAITING_FOR_COORDINATOR.after(tries).toMillis());
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw new UserException("interrupted while joining " + coordinator, interrupted);
        }
      }
    }
  }

  /** No coordinator answered: worth trying again, unlike a refusal. */
  private static final class Unreachable extends UserException {
    Unreachable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private static String exchange(URI coordinator, String name, JoinToken token, PinnedAuthority server) {
    URI endpoint = coordinator.resolve("/api/agents/credential");
    // The token's secret is the credential of this one request; the server must be of the authority it pins.
    ClientTrust joining = new ClientTrust(token.secret(), server);
    HttpRequest request = joining.authorize(HttpRequest.newBuilder(endpoint)).timeout(TIMEOUT)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(JSON.createObjectNode().put("name", name).toString())).build();
    HttpResponse<String> response;
    try {
      response = joining.httpClient(TIMEOUT).send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      String why = Causes.rootMessage(e);
      if (Causes.has(e, java.security.cert.CertificateException.class)) {
        throw new UserException("the server at " + coordinator + " is not the coordinator the join token names: " + why, e);
      }
      throw new Unreachable("cannot reach the coordinator at " + coordinator + " to join: " + why, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserException("interrupted while joining " + coordinator, e);
    }
    if (response.statusCode() == 401 || response.statusCode() == 403) {
      throw new UserException("the coordinator at " + coordinator + " refused the join token (HTTP "
          + response.statusCode() + "): it may have been rotated; `tierbench token show` on the coordinator prints"
          + " the current one");
    }
    if (response.statusCode() != 200) {
      throw new UserException("the coordinator at " + coordinator + " did not issue a credential to agent " + name
          + ": HTTP " + response.statusCode() + " " + error(response.body()));
    }
    try {
      JsonNode body = JSON.readTree(response.body());
      String credential = body.path("credential").asText("");
      if (credential.isEmpty()) {
        throw new UserException("the coordinator at " + coordinator + " answered without a credential");
      }
      return credential;
    } catch (IOException e) {
      throw new UserException("the coordinator at " + coordinator + " answered what is not JSON: "
          + firstLine(response.body()), e);
    }
  }

  /** The coordinator's one line in an error's JSON ({@code {"error": ...}}), else the body's first line. */
  private static String error(String body) {
    try {
      JsonNode error = JSON.readTree(body).path("error");
      if (error.isTextual()) {
        return firstLine(error.asText());
      }
    } catch (IOException e) {
      // not JSON: a proxy's page, say
    }
    return firstLine(body);
  }

  private static String firstLine(String text) {
    String line = text == null ? "" : text.lines().findFirst().orElse("");
    return line.length() > 200 ? line.substring(0, 200) + "..." : line;
  }

}
