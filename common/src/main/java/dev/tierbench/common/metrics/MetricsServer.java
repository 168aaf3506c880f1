package dev.tierbench.common.metrics;

import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.tierbench.common.cli.UserException;

/**
 * {@code /metrics} on a port of its own, for processes without an HTTP server of their own (agents). The JDK's
 * server, on one thread: it outlives the agent's cluster connections, which come and go. Beyond loopback it answers
 * only the scrape token: the figures are measurements, which nothing serves to strangers.
 */
public final class MetricsServer implements AutoCloseable {

  private final HttpServer server;

  private MetricsServer(HttpServer server) {
    this.server = server;
  }

  /**
   * Serves {@code monitoring} on {@code port} (0: any free one) of {@code host}, or of every interface when it is
   * blank.
   *
   * @param flag the option that sets the port, named when it is taken
   * @param token the bearer token a scrape must present, or blank for none, which only loopback allows
   * @throws UserException when the port is taken, or a listener beyond loopback has no token
   */
  public static MetricsServer start(Monitoring monitoring, String host, int port, String flag, String token) {
    if (token.isBlank() && !loopback(host)) {
      throw new UserException("metrics on " + (host.isBlank() ? "every interface" : host) + " would answer anyone"
          + " who reaches them: give the coordinator's scrape token with --metrics-token-file FILE, listen on"
          + " 127.0.0.1 (--metrics-host), or turn them off (" + flag + " off)");
    }
    HttpServer server;
    try {
      server = HttpServer.create(host.isBlank() ? new InetSocketAddress(port) : new InetSocketAddress(host, port), 16);
    } catch (BindException e) {
      throw new UserException("cannot serve metrics on port " + port + ": it is in use (choose another with " + flag
          + " PORT, or " + flag + " off)", e);
    } catch (IOException e) {
      throw new UserException("cannot serve metrics on port " + port + ": " + e.getMessage(), e);
    }
    byte[] expected = ("Bearer " + token.strip()).getBytes(StandardCharsets.UTF_8);
    server.createContext("/", exchange -> {
      if (token.isBlank() || presents(exchange, expected)) {
        answer(exchange, monitoring);
      } else {
        refuse(exchange);
      }
    });
    server.setExecutor(Executors.newSingleThreadExecutor(r -> {
      Thread thread = new Thread(r, "tierbench-metrics");
      thread.setDaemon(true);
      return thread;
    }));
    server.start();
    return new MetricsServer(server);
  }

  /** Whether {@code host} names this machine's loopback only (blank: every interface, so no). */
  static boolean loopback(String host) {
    if (host.isBlank()) {
      return false;
    }
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      // The bind that follows fails, naming the host.
      return false;
    }
  }

  private static boolean presents(HttpExchange exchange, byte[] expected) {
    String header = exchange.getRequestHeaders().getFirst("Authorization");
    // In constant time: the header's length is all a wrong guess learns.
    return header != null && MessageDigest.isEqual(header.strip().getBytes(StandardCharsets.UTF_8), expected);
  }

  private static void refuse(HttpExchange exchange) throws IOException {
    try (exchange) {
      exchange.getRequestBody().readAllBytes();
      byte[] body = "these metrics need the scrape token: send 'Authorization: Bearer <token>'\n"
          .getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/plain");
      exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"tierbench\"");
      exchange.sendResponseHeaders(401, body.length);
      exchange.getResponseBody().write(body);
    }
  }

  private static void answer(HttpExchange exchange, Monitoring monitoring) throws IOException {
    try (exchange) {
      int status = 200;
      String type = Monitoring.CONTENT_TYPE;
      String body;
      if (!exchange.getRequestURI().getPath().equals("/metrics")) {
        status = 404;
        type = "text/plain";
        body = "metrics are at /metrics\n";
      } else {
        try {
          body = monitoring.scrape();
        } catch (RuntimeException e) {
          // A scrape while the process stops must not take it down.
          status = 503;
          type = "text/plain";
          body = "metrics unavailable: " + e + "\n";
        }
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", type);
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
