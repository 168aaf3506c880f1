package dev.tierbench.coordinator;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import dev.tierbench.common.trust.JoinToken;
import dev.tierbench.common.trust.PinnedAuthority;
import dev.tierbench.common.trust.SecretFile;
import dev.tierbench.coordinator.trust.StateFolder;

/**
 * A test's HTTPS client for a coordinator started in another process: it trusts only the authority of that
 * coordinator's state folder, and asks as the operator, or anonymously.
 */
final class OperatorHttp {

  private final HttpClient client;
  private final String token;

  OperatorHttp(Path stateDir) throws Exception {
    PinnedAuthority authority = new PinnedAuthority(JoinToken.parse(SecretFile.read(
        stateDir.resolve(StateFolder.JOIN_TOKEN))).caKeySha256());
    this.client = HttpClient.newBuilder().sslContext(authority.sslContext()).connectTimeout(Duration.ofSeconds(10))
        .build();
    this.token = SecretFile.read(stateDir.resolve(StateFolder.OPERATOR_TOKEN));
  }

  HttpResponse<String> get(String url) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
        .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> anonymous(String url) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
