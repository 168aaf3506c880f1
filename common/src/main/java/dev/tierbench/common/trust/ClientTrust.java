package dev.tierbench.common.trust;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;

/**
 * How a client of the coordinator (an agent, {@code tierbench status}) proves who it is and checks whom it talks to.
 *
 * @param bearer the secret sent as {@code Authorization: Bearer}: an agent's credential, a person's secret or the
 *     operator token; empty sends none
 * @param server the authority the coordinator's certificate must come from, or null for a plain-HTTP coordinator on
 *     loopback
 */
public record ClientTrust(String bearer, PinnedAuthority server) {

  public ClientTrust {
    bearer = bearer == null ? "" : bearer;
  }

  /** No credential and no pinned authority: an in-process or test coordinator on loopback. */
  public static ClientTrust none() {
    return new ClientTrust("", null);
  }

  /**
   * What a person's token ({@code tierbench token user add}) gives: its secret as the bearer, and its authority as
   * the only one the coordinator's certificate may come from.
   */
  public static ClientTrust of(JoinToken token) {
    return new ClientTrust(token.secret(), new PinnedAuthority(token.caKeySha256()));
  }

  /** The value of the {@code Authorization} header, or empty if there is no credential. */
  public String authorization() {
    return bearer.isEmpty() ? "" : "Bearer " + bearer;
  }

  /** A JDK HTTP client that trusts only the pinned authority over https (host names still checked). */
  public HttpClient httpClient(Duration connectTimeout) {
    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(connectTimeout);
    if (server != null) {
      builder.sslContext(server.sslContext());
    }
    return builder.build();
  }

  /** {@code request} carrying the credential, if there is one. */
  public HttpRequest.Builder authorize(HttpRequest.Builder request) {
    return bearer.isEmpty() ? request : request.header("Authorization", authorization());
  }
}
