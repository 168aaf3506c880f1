package dev.tierbench.coordinator.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * One HTTP/1.1 request sent as raw bytes, for requests java.net.http refuses to send (a malformed percent-escape,
 * bytes no URI may hold), and the answer read to the end: the server closes after it ({@code Connection: close}).
 */
final class RawHttp {

  /** What came back: the status line's code, a header's value by lower-case name, and the body. */
  record Answer(String head, String body) {

    int status() {
      String[] statusLine = head.split("\r\n", 2)[0].split(" ");
      return statusLine.length > 1 && statusLine[1].matches("\\d{3}") ? Integer.parseInt(statusLine[1]) : -1;
    }

    String header(String name) {
      return head.lines().skip(1).filter(line -> line.toLowerCase(Locale.ROOT).startsWith(name + ":"))
          .map(line -> line.substring(name.length() + 1).strip()).findFirst().orElse("");
    }
  }

  private RawHttp() {}

  /**
   * Sends {@code requestLine} (e.g. {@code GET /x HTTP/1.1}, as bytes) with a Host header and {@code headerLines}
   * (each {@code Name: value\r\n}, as bytes: any a test needs, malformed ones included) to {@code port}. The read
   * timeout is only a safety net, so that a server that never answers fails the test instead of hanging it.
   */
  static Answer send(int port, byte[] requestLine, byte[] headerLines, Duration safetyNet) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout((int) safetyNet.toMillis());
      // One write: a server that refuses the request line may close before a second one (a broken pipe).
      ByteArrayOutputStream request = new ByteArrayOutputStream();
      request.write(requestLine);
      request.write("\r\nHost: localhost\r\nConnection: close\r\n".getBytes(StandardCharsets.US_ASCII));
      request.write(headerLines);
      request.write("\r\n".getBytes(StandardCharsets.US_ASCII));
      OutputStream out = socket.getOutputStream();
      out.write(request.toByteArray());
      out.flush();
      ByteArrayOutputStream read = new ByteArrayOutputStream();
      InputStream in = socket.getInputStream();
      try {
        in.transferTo(read);
      } catch (SocketTimeoutException e) {
        throw new AssertionError("no end of the answer within " + safetyNet.toMillis() + " ms; had: "
            + read.toString(StandardCharsets.ISO_8859_1), e);
      }
      String all = read.toString(StandardCharsets.UTF_8);
      int end = all.indexOf("\r\n\r\n");
      return end < 0 ? new Answer(all, "") : new Answer(all.substring(0, end), all.substring(end + 4));
    }
  }
}
