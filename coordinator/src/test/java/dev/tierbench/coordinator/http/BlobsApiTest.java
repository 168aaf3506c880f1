package dev.tierbench.coordinator.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tierbench.common.model.ModelFile;
import dev.tierbench.common.sweep.InputPaths;
import dev.tierbench.coordinator.submit.InputFile;
import dev.tierbench.coordinator.submit.SweepInputs;
import dev.tierbench.coordinator.submit.Uploader;

class BlobsApiTest {

  @TempDir
  Path dir;
  private SecuredHttp server;
  private String operator;

  @BeforeEach
  void start() throws Exception {
    server = new SecuredHttp(dir, false);
    operator = server.state.operatorToken();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static byte[] bytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static String sha(byte[] b) {
    return HexFormat.of().formatHex(ModelFile.newDigest().digest(b));
  }

  private HttpResponse<String> send(String method, String sha, byte[] body, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.base() + "/api/blobs/" + sha))
        .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + operator)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return server.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void anUploadCutHalfWayIsCompletedByTheUploaderSendingOnlyTheRest() throws Exception {
    byte[] blob = bytes(600_000, 1);
    String sha = sha(blob);
    Path local = Files.write(dir.resolve("model.tflite"), blob);
    int half = blob.length / 2;
    try (Socket socket = new Socket("127.0.0.1", server.port)) {
      OutputStream out = socket.getOutputStream();
      out.write(("PUT /api/blobs/" + sha + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + operator
          + "\r\nUpload-Offset: 0\r\nUpload-Length: " + blob.length + "\r\nContent-Length: " + blob.length
          + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(blob, 0, half);
      out.flush();
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (server.blobs.offset(sha) < half && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
    }
    Thread.sleep(200); // the server sees the connection go
    HttpResponse<String> head = send("HEAD", sha, null);
    assertEquals(404, head.statusCode());
    assertEquals(String.valueOf(half), head.headers().firstValue("Upload-Offset").orElse(""));

    List<String> lines = new ArrayList<>();
    Uploader.Outcome outcome = new Uploader(URI.create(server.base()), server.client, "Bearer " + operator,
        Duration.ofMillis(50), lines::add).upload(new SweepInputs(List.of(new InputFile("model.tflite", "",
        blob.length, sha))), InputPaths.within(dir));

    assertEquals(List.of(sha), outcome.uploaded());
    assertEquals(blob.length - half, outcome.bytesSent(), String.join("\n", lines));
    assertArrayEquals(blob, Files.readAllBytes(server.blobs.path(sha)));
    assertEquals("600000", send("HEAD", sha, null).headers().firstValue("Content-Length").orElse(""));

    Uploader.Outcome again = new Uploader(URI.create(server.base()), server.client, "Bearer " + operator,
        Duration.ofMillis(50), lines::add).upload(new SweepInputs(List.of(new InputFile("model.tflite", "",
        blob.length, sha))), InputPaths.within(dir));
    assertEquals(List.of(sha), again.skipped());
    assertEquals(0, again.bytesSent());
  }

  @Test
  void refusalsAreStatusesWithOneLineOfJson() throws Exception {
    byte[] blob = bytes(1000, 2);
    String sha = sha(blob);
    assertEquals(413, send("PUT", sha, blob, "Upload-Offset", "0", "Upload-Length",
        String.valueOf(SecuredHttp.MAX_UPLOAD + 1)).statusCode());
    assertEquals(400, send("PUT", sha, blob, "Upload-Offset", "0").statusCode());
    assertEquals(409, send("PUT", sha, blob, "Upload-Offset", "5", "Upload-Length", "1000").statusCode());
    HttpResponse<String> wrong = send("PUT", sha(new byte[1]), blob, "Upload-Offset", "0", "Upload-Length", "1000");
    assertEquals(422, wrong.statusCode());
    assertTrue(wrong.body().contains("expected " + sha(new byte[1])), wrong.body());
    assertEquals(401, server.client.send(HttpRequest.newBuilder(URI.create(server.base() + "/api/blobs/" + sha))
        .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding())
        .statusCode());
  }

  /** Any headers, name and body: a 4xx with one line (or a 2xx for a valid piece), never a 500 or a bad blob. */
  @Test
  void fuzzedUploadsNeverBreakTheStore() throws Exception {
    Random random = new Random(20240611);
    byte[] blob = bytes(5000, 3);
    String good = sha(blob);
    String[] offsets = {"0", "1", "-1", "x", "", " 5", "99999999999999999999", "2500", "5000", "5001", "1e3"};
    for (int i = 0; i < 150; i++) {
      String sha = switch (random.nextInt(4)) {
        case 0 -> good;
        case 1 -> sha(bytes(10, i));
        case 2 -> good.toUpperCase();
        default -> good.substring(0, random.nextInt(64)) + "%2e%2e";
      };
      int from = random.nextInt(blob.length + 1);
      int to = from + random.nextInt(blob.length - from + 1);
      byte[] body = java.util.Arrays.copyOfRange(blob, from, to);
      if (random.nextInt(5) == 0) {
        body[random.nextInt(Math.max(1, body.length)) % Math.max(1, body.length)] ^= body.length > 0 ? 1 : 0;
      }
      String offset = random.nextInt(3) == 0 ? offsets[random.nextInt(offsets.length)] : String.valueOf(from);
      String length = random.nextInt(4) == 0 ? offsets[random.nextInt(offsets.length)] : "5000";
      HttpResponse<String> answer = send("PUT", sha, body, "Upload-Offset", offset.isEmpty() ? "0" : offset,
          "Upload-Length", length.isEmpty() ? "1" : length);
      int status = answer.statusCode();
      assertTrue(status == 201 || status == 204 || status >= 400 && status < 500,
          i + ": " + status + " " + answer.body());
      if (status >= 400) {
        assertFalse(answer.body().contains("\n"), answer.body());
        assertTrue(answer.body().startsWith("{\"error\""), answer.body());
      }
    }
    try (var files = Files.list(dir.resolve("runs/.blobs"))) {
      for (Path file : files.toList()) {
        String name = file.getFileName().toString();
        if (!name.endsWith(".part")) {
          assertEquals(name, ModelFile.sha256(file), "a stored blob hashes to its name");
        }
      }
    }
  }
}
