package dev.tierbench.coordinator.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import dev.tierbench.common.metrics.Monitoring;
import dev.tierbench.common.model.ModelFile;
import dev.tierbench.common.trust.PinnedAuthority;
import dev.tierbench.coordinator.Fixtures;
import dev.tierbench.coordinator.TestTrust;
import dev.tierbench.coordinator.trust.StateFolder;
import dev.tierbench.coordinator.upload.BlobStore;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A real {@link CoordinatorHttp} over TLS on loopback, with a real state folder, serving one model (the KWS
 * fixture), an empty runs folder and uploads of at most {@link #MAX_UPLOAD} bytes into {@link #blobs}: what the
 * access and upload tests ask. Its client trusts the folder's authority only.
 */
public final class SecuredHttp implements AutoCloseable {

  static final String MODEL_SHA256;

  static {
    try {
      MODEL_SHA256 = ModelFile.sha256(Fixtures.KWS);
    } catch (IOException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  static final long MAX_UPLOAD = 1 << 20;

  final Vertx vertx = Vertx.vertx();
  public final BlobStore blobs;
  public final StateFolder state;
  final CoordinatorHttp http;
  public final int port;
  final HttpClient client;

  /** Serving TLS, or plain HTTP when not {@code tls}, with the state folder {@code dir/state}. */
  public SecuredHttp(Path dir, boolean tls) throws IOException {
    state = TestTrust.folder(dir);
    Files.createDirectories(dir.resolve("runs"));
    blobs = new BlobStore(dir.resolve("runs/.blobs"), MAX_UPLOAD);
    http = new CoordinatorHttp(vertx, sha -> sha.equals(MODEL_SHA256) ? Fixtures.KWS : null, sha -> null,
        () -> new JsonObject(Map.of("coordinator", "secured", "protocolVersion", 1,
        "agents", new JsonArray(), "runs", new JsonArray())), dir.resolve("runs"), Duration.ofSeconds(5),
        id -> null, Monitoring.create(), () -> { }, state.access(),
        tls ? new HttpTls(state.serverChain(), state.serverKey()) : null, blobs);
    port = http.listen("127.0.0.1", 0).await();
    client = HttpClient.newBuilder().sslContext(new PinnedAuthority(state.caKeySha256()).sslContext())
        .connectTimeout(Duration.ofSeconds(5)).build();
  }

  public String base() {
    return http.scheme() + "://127.0.0.1:" + port;
  }

  /** GET {@code path} with {@code headers} (name, value, ...). */
  public HttpResponse<String> get(String path, String... headers) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(base() + path)).GET(), headers);
  }

  HttpResponse<String> post(String path, String body, String... headers) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(base() + path)).POST(HttpRequest.BodyPublishers.ofString(body)),
        headers);
  }

  /** {@code method path} with no body, with {@code headers}. */
  HttpResponse<String> send(String method, String path, String... headers) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(base() + path)).method(method, HttpRequest.BodyPublishers.noBody()),
        headers);
  }

  private HttpResponse<String> send(HttpRequest.Builder request, String... headers) throws Exception {
    request.timeout(Duration.ofSeconds(10));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static String[] bearer(String secret) {
    return new String[] {"Authorization", "Bearer " + secret};
  }

  @Override
  public void close() {
    vertx.close().await();
  }
}
