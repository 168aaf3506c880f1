package dev.tierbench.coordinator.http;

import dev.tierbench.common.io.Loopback;

import static dev.tierbench.coordinator.http.SecuredHttp.MODEL_SHA256;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tierbench.agent.cache.DownloadCache;
import dev.tierbench.agent.cache.FetchException;
import dev.tierbench.common.model.ModelFile;
import dev.tierbench.common.model.ModelFormat;
import dev.tierbench.common.protocol.ModelRef;
import dev.tierbench.common.trust.ClientTrust;
import dev.tierbench.common.trust.PinnedAuthority;
import dev.tierbench.coordinator.Fixtures;
import dev.tierbench.coordinator.TestTrust;

/**
 * Plain HTTP only on loopback; TLS with the state folder's certificate, which an agent pinning the join token's
 * authority downloads through with its credential.
 */
class TlsListenerTest {

  @TempDir
  Path dir;

  @Test
  void aTlsPortAnswersNoPlainHttp() throws Exception {
    try (SecuredHttp server = new SecuredHttp(dir, true)) {
      assertEquals("https", server.http.scheme());
      RawHttp.Answer plain = RawHttp.send(server.port, "GET /health HTTP/1.1".getBytes(StandardCharsets.US_ASCII),
          new byte[0], Duration.ofSeconds(10));
      assertEquals(-1, plain.status(), "no HTTP answer in clear: " + plain.head());
      assertEquals(200, server.get("/health").statusCode(), "the same port over TLS");
    }
  }

  @Test
  void plainHttpIsRefusedAnywhereButLoopback() throws Exception {
    try (SecuredHttp server = new SecuredHttp(dir, false)) {
      assertEquals("http", server.http.scheme());
      assertEquals(200, server.get("/health").statusCode(), "plain HTTP on 127.0.0.1");
      for (String host : List.of("", "0.0.0.0", "10.0.0.5", "::", "example.com")) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> server.http.listen(host, 0));
        assertTrue(e.getMessage().startsWith("refusing to serve plain HTTP on " + (host.isBlank() ? "every interface"
            : host) + ": tokens would cross the network in clear"), e.getMessage());
      }
    }
  }

  @Test
  void loopbackIsDecidedFromTheTextAlone() {
    for (String host : List.of("127.0.0.1", "127.8.9.10", "localhost", "LOCALHOST", "::1", "[::1]",
        "0:0:0:0:0:0:0:1")) {
      assertTrue(Loopback.is(host), host);
    }
    for (String host : List.of("", " ", "0.0.0.0", "::", "10.0.0.5", "128.0.0.1", "localhost.example.com",
        "127.0.0.1.nip.io", "example.com", "[::2]", "1270.0.0.1")) {
      assertFalse(Loopback.is(host), host);
    }
  }

  @Test
  void anAgentDownloadsOverTlsWithItsCredentialTrustingOnlyThePinnedAuthority() throws Exception {
    try (SecuredHttp server = new SecuredHttp(dir, true)) {
      ModelRef model = ModelFile.read("kws", Fixtures.KWS).ref();
      assertEquals(MODEL_SHA256, model.sha256());
      String credential = server.state.access().agents().issue("edge-1");
      PinnedAuthority pin = new PinnedAuthority(server.state.caKeySha256());
      for (String host : List.of("127.0.0.1", "localhost")) {
        Path cache = dir.resolve("cache-" + host);
        Path file = new DownloadCache(cache, new ClientTrust(credential, pin)).fetch(model, ModelFormat.TFLITE,
            "https://" + host + ":" + server.port + "/models");
        assertArrayEquals(Files.readAllBytes(Fixtures.KWS), Files.readAllBytes(file), host);
      }

      FetchException otherAuthority = assertThrows(FetchException.class, () -> new DownloadCache(dir.resolve("c2"),
          new ClientTrust(credential, new PinnedAuthority("0".repeat(64)))).fetch(model, ModelFormat.TFLITE,
              "https://127.0.0.1:" + server.port + "/models"));
      assertTrue(otherAuthority.getMessage().contains("not from the certificate authority the join token names"),
          otherAuthority.getMessage());

      server.state.access().agents().revoke("edge-1");
      FetchException revoked = assertThrows(FetchException.class, () -> new DownloadCache(dir.resolve("c3"),
          new ClientTrust(credential, pin)).fetch(model, ModelFormat.TFLITE, "https://127.0.0.1:" + server.port
              + "/models"));
      assertEquals("the coordinator refused this agent's credential (401): was it revoked? join again with a join"
          + " token", revoked.getMessage());
      assertFalse(revoked.retryable());
    }
  }

  @Test
  void aReopenedStateFolderServesTlsAsBefore() throws Exception {
    String pin;
    try (SecuredHttp first = new SecuredHttp(dir, true)) {
      pin = first.state.caKeySha256();
    }
    // A restarted coordinator reads its authority and server key back from the folder.
    try (SecuredHttp again = new SecuredHttp(dir, true)) {
      assertEquals(pin, again.state.caKeySha256());
      assertEquals(pin, TestTrust.folder(dir).caKeySha256());
      assertEquals(200, again.get("/health").statusCode());
    }
  }
}
