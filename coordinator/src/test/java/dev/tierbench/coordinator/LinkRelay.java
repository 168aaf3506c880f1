package dev.tierbench.coordinator;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;

/**
 * A TCP relay that gives the connections through it a network link's delay, jitter and loss, where the kernel
 * has no netem: each chunk read is written on after the link's delay plus a uniform jitter (never before the
 * chunk ahead of it, so the stream stays in order), and a chunk "lost" with the link's probability arrives a
 * retransmission timeout later, which is how loss shows on a TCP connection. Bandwidth is not its business (tbf
 * shapes the veths). Test harness code: listens only on the addresses it is given.
 */
final class LinkRelay implements AutoCloseable {

  /** One direction's figures: one-way {@code delay} ± {@code jitter}, {@code loss} the share of chunks lost. */
  record Profile(String name, Duration delay, Duration jitter, double loss) {}

  /** TCP's minimum retransmission timeout (RFC 6298 suggests 1 s; Linux uses 200 ms). */
  private static final Duration RETRANSMISSION = Duration.ofMillis(200);

  private final Random random;
  private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();
  private final List<Thread> threads = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  LinkRelay(long seed) {
    random = new Random(seed);
  }

  /** Accepts on {@code bind}, connects each to {@code target}, and delays both directions by the source's profile. */
  void listen(InetSocketAddress bind, InetSocketAddress target, Function<InetAddress, Profile> profileOf)
      throws IOException {
    ServerSocket server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(bind);
    open.add(server);
    start("relay " + bind, () -> {
      while (!closed) {
        Socket client;
        try {
          client = server.accept();
        } catch (IOException e) {
          return;
        }
        Profile profile = profileOf.apply(client.getInetAddress());
        try {
          Socket upstream = new Socket();
          upstream.connect(target, 5_000);
          client.setTcpNoDelay(true);
          upstream.setTcpNoDelay(true);
          open.add(client);
          open.add(upstream);
          pipe(profile, client, upstream, bind + " -> " + target);
          pipe(profile, upstream, client, target + " -> " + bind);
        } catch (IOException e) {
          closeQuietly(client);
        }
      }
    });
  }

  private record Chunk(byte[] bytes, long releaseNanos) {}

  /** Reads {@code from}, holds each chunk until its time, writes it to {@code to}; either end closing ends both. */
  private void pipe(Profile profile, Socket from, Socket to, String name) {
    BlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
    Chunk end = new Chunk(new byte[0], 0);
    start("read " + name, () -> {
      long last = 0;
      byte[] buffer = new byte[64 * 1024];
      try (InputStream in = from.getInputStream()) {
        for (int n; (n = in.read(buffer)) > 0; ) {
          long release = Math.max(last, System.nanoTime() + delayNanos(profile));
          last = release;
          queue.add(new Chunk(Arrays.copyOf(buffer, n), release));
        }
      } catch (IOException e) {
        // the connection ended
      }
      queue.add(end);
    });
    start("write " + name, () -> {
      try (OutputStream out = to.getOutputStream()) {
        for (Chunk chunk = queue.take(); chunk != end; chunk = queue.take()) {
          long wait = chunk.releaseNanos() - System.nanoTime();
          if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
          }
          out.write(chunk.bytes());
          out.flush();
        }
      } catch (IOException | InterruptedException e) {
        // the connection ended
      } finally {
        closeQuietly(from);
        closeQuietly(to);
      }
    });
  }

  private long delayNanos(Profile profile) {
    double jitter;
    boolean lost;
    synchronized (random) {
      jitter = (random.nextDouble() * 2 - 1) * profile.jitter().toNanos();
      lost = random.nextDouble() < profile.loss();
    }
    return Math.max(0, profile.delay().toNanos() + (long) jitter) + (lost ? RETRANSMISSION.toNanos() : 0);
  }

  private void start(String name, Runnable body) {
    Thread thread = new Thread(body, name);
    thread.setDaemon(true);
    threads.add(thread);
    thread.start();
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // already closed
    }
  }

  @Override
  public void close() {
    closed = true;
    new ArrayList<>(open).forEach(LinkRelay::closeQuietly);
    threads.forEach(Thread::interrupt);
  }
}
