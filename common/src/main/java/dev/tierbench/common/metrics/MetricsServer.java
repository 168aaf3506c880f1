package dev.tierbench.common.metrics;

import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.tierbench.common.cli.UserException;

/**
 * {@code /metrics} on a port of its own, for processes without an HTTP server of their own (agents). The JDK's
 * server, on one thread: it outlives the agent's cluster connections, which come and go.
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
   */
  public static MetricsServer start(Monitoring monitoring, String host, int port, String flag) {
    HttpServer server;
    try {
      server = HttpServer.create(host.isBlank() ? new InetSocketAddress(port) : new InetSocketAddress(host, port), 16);
    } catch (BindException e) {
      throw new UserException("cannot serve metrics on port " + port + ": it is in use (choose another with " + flag
          + " PORT, or " + flag + " off)", e);
    } catch (IOException e) {
      throw new UserException("cannot serve metrics on port " + port + ": " + e.getMessage(), e);
    }
    server.createContext("/", exchange -> answer(exchange, monitoring));
    server.setExecutor(Executors.newSingleThreadExecutor(r -> {
      Thread thread = new Thread(r, "tierbench-metrics");
      thread.setDaemon(true);
      return thread;
    }));
    server.start();
    return new MetricsServer(server);
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
