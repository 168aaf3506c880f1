package dev.tierbench.agent.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

import dev.tierbench.agent.Models;
import dev.tierbench.common.model.ModelFile;
import dev.tierbench.common.model.ModelFormat;
import dev.tierbench.common.protocol.ModelRef;
import dev.tierbench.common.trust.ClientTrust;

/** Downloads over a real HTTP server on loopback, which serves only the agent's credential. */
class DownloadCacheTest {

  private static final ClientTrust AGENT = new ClientTrust("agent-credential", null);

  @TempDir
  Path dir;

  private HttpServer server;
  private final AtomicInteger downloads = new AtomicInteger();
  private volatile byte[] served;
  private String url;

  @BeforeEach
  void serve() throws Exception {
    served = Files.readAllBytes(Models.KWS);
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/models/", exchange -> {
      downloads.incrementAndGet();
      if (!AGENT.authorization().equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
        exchange.sendResponseHeaders(401, -1);
        exchange.close();
        return;
      }
      boolean known = exchange.getRequestURI().getPath().endsWith(ModelFile.sha256(Models.KWS));
      byte[] body = known ? served : "no such model".getBytes();
      exchange.sendResponseHeaders(known ? 200 : 404, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
    url = "http://127.0.0.1:" + server.getAddress().getPort() + "/models";
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void downloadsOnceVerifiesAndThenServesFromDisk() throws Exception {
    ModelRef ref = ModelFile.read("kws", Models.KWS).ref();
    DownloadCache cache = new DownloadCache(dir, AGENT);
    Path first = cache.fetch(ref, ModelFormat.TFLITE, url);
    assertArrayEquals(Files.readAllBytes(Models.KWS), Files.readAllBytes(first));
    assertEquals(1, downloads.get());
    assertEquals(first, cache.fetch(ref, ModelFormat.TFLITE, url));
    assertEquals(first, new DownloadCache(dir, AGENT).fetch(ref, ModelFormat.TFLITE, url), "a new agent finds the model on disk");
    assertEquals(1, downloads.get());
    assertEquals(dir.resolve("models").resolve(ref.sha256() + ".tflite"), first, "named by what it is");
  }

  @Test
  void refusesBytesThatDoNotHashToTheirName() throws Exception {
    ModelRef ref = ModelFile.read("kws", Models.KWS).ref();
    served = served.clone();
    served[100] ^= 1;
    FetchException e = assertThrows(FetchException.class,
        () -> new DownloadCache(dir, AGENT).fetch(ref, ModelFormat.TFLITE, url));
    assertTrue(e.getMessage().contains("corrupted in transit"), e.getMessage());
    assertTrue(e.retryable());
    assertFalse(Files.exists(dir.resolve("models").resolve(ref.sha256() + ".tflite")), "nothing bad is kept");
  }

  @Test
  void aModelTheCoordinatorDoesNotServeIsNotRetryable() {
    ModelRef unknown = new ModelRef("ghost", "b".repeat(64), 10);
    FetchException e = assertThrows(FetchException.class,
        () -> new DownloadCache(dir, AGENT).fetch(unknown, ModelFormat.TFLITE, url));
    assertTrue(e.getMessage().contains("HTTP 404"), e.getMessage());
    assertFalse(e.retryable());
  }

  @Test
  void anUnreachableCoordinatorIsRetryable() throws Exception {
    ModelRef ref = ModelFile.read("kws", Models.KWS).ref();
    server.stop(0);
    FetchException e = assertThrows(FetchException.class,
        () -> new DownloadCache(dir, AGENT).fetch(ref, ModelFormat.TFLITE, url));
    assertTrue(e.retryable());
  }

  @Test
  void aRefusedCredentialFailsTheTaskInOneLineWithoutRetrying() throws Exception {
    ModelRef ref = ModelFile.read("kws", Models.KWS).ref();
    FetchException e = assertThrows(FetchException.class,
        () -> new DownloadCache(dir, new ClientTrust("revoked", null)).fetch(ref, ModelFormat.TFLITE, url));
    assertEquals("the coordinator refused this agent's credential (401): was it revoked? join again with a join"
        + " token", e.getMessage());
    assertFalse(e.retryable(), "asking again would be refused again");
    assertEquals(1, downloads.get(), "asked once");
    assertThrows(FetchException.class, () -> new DownloadCache(dir, ClientTrust.none()).fetch(ref, ModelFormat.TFLITE,
        url), "no credential is refused too");
    assertFalse(Files.exists(dir.resolve("models").resolve(ref.sha256() + ".tflite")), "nothing kept");
  }
}
