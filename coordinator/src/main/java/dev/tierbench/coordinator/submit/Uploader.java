package dev.tierbench.coordinator.submit;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import dev.tierbench.common.cli.UserException;
import dev.tierbench.common.sweep.InputPaths;

/**
 * Sends a coordinator the files of a sweep it lacks: each distinct blob is asked for (HEAD), and one missing is
 * sent from the offset the coordinator holds, so an upload cut off (a dropped connection, a laptop put to sleep)
 * resumes where it stopped instead of starting over, a bounded number of times.
 */
public final class Uploader {

  /** What was sent: the blobs uploaded and those the coordinator had, by sha256, and the bytes that went. */
  public record Outcome(List<String> uploaded, List<String> skipped, long bytesSent) {}

  private static final int ATTEMPTS = 5;
  private static final String BLOBS = "/api/blobs/";

  private final URI base;
  private final HttpClient client;
  private final String authorization;
  private final Duration pause;
  private final Consumer<String> progress;

  /**
   * @param authorization the Authorization header's value ({@code ClientTrust.authorization()})
   * @param pause how long to wait before resuming a cut upload
   */
  public Uploader(URI base, HttpClient client, String authorization, Duration pause, Consumer<String> progress) {
    this.base = base;
    this.client = client;
    this.authorization = authorization;
    this.pause = pause;
    this.progress = progress;
  }

  /**
   * Uploads what the coordinator lacks of {@code inputs}, read from where {@code local} says.
   *
   * @throws UserException for a refusal, or an upload still cut off after its retries, in one line
   */
  public Outcome upload(SweepInputs inputs, InputPaths local) throws InterruptedException {
    Map<String, InputFile> blobs = new LinkedHashMap<>();
    inputs.files().forEach(f -> blobs.putIfAbsent(f.sha256(), f));
    List<String> uploaded = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    AtomicLong sent = new AtomicLong();
    for (InputFile file : blobs.values()) {
      Path path = local.resolve(file.written()).resolve(file.relative());
      (send(file, path, sent) ? uploaded : skipped).add(file.sha256());
    }
    return new Outcome(uploaded, skipped, sent.get());
  }

  /** Sends the rest of one blob, counting the bytes read for it into {@code sent}; false if it was there. */
  private boolean send(InputFile file, Path path, AtomicLong sent) throws InterruptedException {
    String problem = "";
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try {
        long offset = offset(file);
        if (offset < 0) {
          if (attempt == 1) {
            progress.accept(file.label() + ": the coordinator has it");
          }
          return attempt > 1;
        }
        progress.accept(file.label() + ": sending " + (file.size() - offset) + " of " + file.size() + " bytes"
            + (offset > 0 ? ", from byte " + offset : ""));
        HttpResponse<String> answer = client.send(put(file, path, offset, sent),
            HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() == 201) {
          return true;
        }
        if (answer.statusCode() != 204 && answer.statusCode() != 409) {
          throw new UserException(file.label() + ": the coordinator refused it (" + answer.statusCode() + "): "
              + answer.body());
        }
        problem = "the coordinator kept " + answer.headers().firstValue("Upload-Offset").orElse("?") + " bytes";
      } catch (IOException e) {
        problem = e.toString();
      }
      progress.accept(file.label() + ": cut off (" + problem + "); resuming in " + pause.toMillis() + " ms");
      Thread.sleep(pause.toMillis());
    }
    throw new UserException(file.label() + ": still not uploaded after " + ATTEMPTS + " tries: " + problem);
  }

  /** Where the coordinator's copy of the blob stops; -1 if it has it whole. */
  private long offset(InputFile file) throws IOException, InterruptedException {
    HttpResponse<Void> answer = client.send(request(file).method("HEAD", HttpRequest.BodyPublishers.noBody())
        .build(), HttpResponse.BodyHandlers.discarding());
    if (answer.statusCode() == 200) {
      return -1;
    }
    String offset = answer.headers().firstValue("Upload-Offset").orElse("");
    if (answer.statusCode() != 404 || !offset.matches("[0-9]{1,18}") || Long.parseLong(offset) > file.size()) {
      throw new UserException(file.label() + ": the coordinator answered HEAD with " + answer.statusCode()
          + (offset.isEmpty() ? "" : " and offset " + offset));
    }
    return Long.parseLong(offset);
  }

  private HttpRequest put(InputFile file, Path path, long offset, AtomicLong sent) {
    HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.fromPublisher(
        HttpRequest.BodyPublishers.ofInputStream(() -> from(path, offset, sent)), file.size() - offset);
    return request(file).expectContinue(true).header("Upload-Offset", String.valueOf(offset))
        .header("Upload-Length", String.valueOf(file.size())).PUT(body).build();
  }

  private HttpRequest.Builder request(InputFile file) {
    return HttpRequest.newBuilder(base.resolve(BLOBS + file.sha256())).header("Authorization", authorization)
        .timeout(Duration.ofMinutes(10));
  }

  /** The file from {@code offset}, counting what is read of it. */
  private static InputStream from(Path path, long offset, AtomicLong sent) {
    try {
      return new FilterInputStream(Channels.newInputStream(FileChannel.open(path).position(offset))) {
        @Override
        public int read(byte[] buffer, int at, int length) throws IOException {
          int n = super.read(buffer, at, length);
          sent.addAndGet(Math.max(n, 0));
          return n;
        }
      };
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
