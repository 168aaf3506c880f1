package dev.tierbench.coordinator.http;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

/**
 * A request's body as a blocking stream for a worker thread, with back-pressure: the request is paused while a few
 * chunks wait unread, so a large body never sits in memory. A client that goes away, or sends nothing for
 * {@code idle}, ends the stream in an {@link IOException} (what was read stays read).
 */
final class StreamedBody extends InputStream {

  private static final int WAITING = 8;
  private static final Object END = new Object();

  private final BlockingQueue<Object> chunks = new LinkedBlockingQueue<>();
  private final HttpServerRequest request;
  private final Context context;
  private final Duration idle;
  private Buffer current = Buffer.buffer();
  private int position;
  private boolean ended;

  /** Starts reading {@code request}; to be called on its event loop. */
  StreamedBody(HttpServerRequest request, Context context, Duration idle) {
    this.request = request;
    this.context = context;
    this.idle = idle;
    request.handler(chunk -> {
      chunks.add(chunk);
      if (chunks.size() >= WAITING) {
        request.pause();
      }
    });
    request.endHandler(v -> chunks.add(END));
    request.exceptionHandler(e -> chunks.add(new IOException("the upload broke off: " + e.getMessage(), e)));
    request.response().closeHandler(v -> chunks.add(new IOException("the client went away")));
    resume();
  }

  /** Asks for more of the body; one read to its end takes no more asking (Vert.x refuses it). */
  private void resume() {
    if (!request.isEnded()) {
      request.resume();
    }
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] into, int offset, int length) throws IOException {
    while (position == current.length()) {
      if (ended) {
        return -1;
      }
      next();
    }
    int n = Math.min(length, current.length() - position);
    current.getBytes(position, position + n, into, offset);
    position += n;
    return n;
  }

  private void next() throws IOException {
    Object chunk;
    try {
      chunk = chunks.poll(idle.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for the upload's bytes", e);
    }
    if (chunk == null) {
      throw new IOException("no bytes came for " + idle.toSeconds() + " s");
    } else if (chunk == END) {
      ended = true;
    } else if (chunk instanceof IOException e) {
      throw e;
    } else {
      current = (Buffer) chunk;
      position = 0;
      if (chunks.size() < WAITING / 2) {
        context.runOnContext(v -> resume());
      }
    }
  }
}
