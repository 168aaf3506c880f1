package dev.tierbench.coordinator.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tierbench.coordinator.MeasuredRun;

/**
 * A thousand generated careless and hostile requests against a coordinator serving a real measured run: odd
 * methods and headers, path traversal and junk in run ids, unknown endpoints, and query values that are huge,
 * negative, not numbers, unknown metrics or malformed constraints. Every one is answered below 500 and in bounded
 * time; under /api an error is JSON with a one-line "error"; nothing is written outside the runs folder. A
 * thousand tries take about 25 s here (2,000 found nothing more). Seeded: a failure names the request it failed on,
 and the same seed makes it again.
 */
class RunsApiFuzzTest {

  /** Per request: the bounds keep any valid analysis generated here well under a second. */
  private static final Duration ANSWER_WITHIN = Duration.ofSeconds(5);
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(ANSWER_WITHIN).build();
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Map<String, Long> outside;

  private static final int TRIES = 1_000;
  private static final long SEED = 15;

  private record Request(String method, String path, Map<String, String> headers) {}

  @BeforeAll
  static void snapshotOutsideTheRunsFolder() {
    outside = outsideRunsFolder();
  }

  @AfterAll
  static void nothingWasWrittenOutsideTheRunsFolder() {
    assertEquals(outside, outsideRunsFolder());
  }

  /** Every file beside the runs folder (the sweep, models, the coordinator's own files) with its size. */
  private static Map<String, Long> outsideRunsFolder() {
    Path runs = MeasuredRun.get().runsDir();
    try (Stream<Path> files = Files.walk(runs.getParent())) {
      return files.filter(f -> !f.startsWith(runs) && Files.isRegularFile(f)).collect(Collectors.toMap(Path::toString,
          f -> f.toFile().length(), (a, b) -> a, TreeMap::new));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void everyRequestIsAnsweredBelow500InBoundedTimeWithAOneLineJsonError() throws Exception {
    SplittableRandom random = new SplittableRandom(SEED);
    for (int i = 0; i < TRIES; i++) {
      Request request = request(random);
      try {
        check(request);
      } catch (AssertionError | Exception e) {
        throw new AssertionError("request " + i + " of seed " + SEED + ": " + request + ": " + e.getMessage(), e);
      }
    }
  }

  private static void check(Request request) throws Exception {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(MeasuredRun.get().url() + request.path()))
        .timeout(ANSWER_WITHIN).method(request.method(), request.method().equals("GET") ? HttpRequest.BodyPublishers
            .noBody() : HttpRequest.BodyPublishers.ofString("{\"draws\": 1e9}"));
    builder.header("Authorization", MeasuredRun.get().operator());
    request.headers().forEach(builder::header);
    HttpResponse<String> r = CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    assertTrue(r.statusCode() < 500, r.statusCode() + " " + r.body());
    boolean api = request.path().startsWith("/api/");
    if (api && r.statusCode() >= 400 && !request.method().equals("HEAD")) {
      assertEquals("application/json", r.headers().firstValue("content-type").orElse(""), r.body());
      JsonNode error = JSON.readTree(r.body()).get("error");
      assertTrue(error != null && error.isTextual(), r.body());
      assertFalse(error.asText().isBlank() || error.asText().chars().anyMatch(c -> Character.isISOControl(c)
          || c == '\u2028' || c == '\u2029'), r.body());
    }
    if (api && r.statusCode() == 200 && request.path().contains("report.html")) {
      assertTrue(r.body().contains("id=\"report-data\""));
    } else if (api && r.statusCode() == 200 && !request.method().equals("HEAD")) {
      JSON.readTree(r.body());
    }
  }

  private static Request request(SplittableRandom random) {
    String method = random.nextInt(13) < 12 ? "GET"
        : pick(random, "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE", "FROB");
    Map<String, String> headers = new TreeMap<>();
    for (int n = random.nextInt(4); n > 0; n--) {
      headers.put(pick(random, "Accept", "Accept-Encoding", "Cookie", "Range", "If-None-Match", "X-Forwarded-For",
          "Content-Type", "Origin"), printable(random, 0, 300));
    }
    return new Request(method, path(random), headers);
  }

  private static String path(SplittableRandom random) {
    if (random.nextInt(10) == 0) {
      return pick(random, "/api/runs", "/api/status", "/api/agents", "/api", "/api/", "/api/x", "/health", "/metrics",
          "/", "/models/..%2F..%2Fetc%2Fpasswd", "/datasets/x", "/assets/..%2Fweb%2Flive.js") + query(random);
    }
    int kind = random.nextInt(9);
    String id = kind < 6 ? "measured" : kind < 8 ? pick(random, "nope", "..", "%2e%2e", "..%2F..%2Fetc%2Fpasswd",
        "measured%2F..%2F..", "%00", "measured%00", ".hidden", "-x", "measured.", "a".repeat(64), "a".repeat(65),
        "%E2%80%AE", "%ff", "%25") : encode(printable(random, 1, 80));
    String endpoint = random.nextInt(10) < 8 ? pick(random, "/frontier", "/recommend", "/report", "/report.html")
        : pick(random, "", "/trials", "/results", "/", "/frontier/", "/x", "/frontier/x", "//report");
    return "/api/runs/" + id + endpoint + query(random);
  }

  private static String query(SplittableRandom random) {
    List<String> pairs = new ArrayList<>();
    // Mostly a few draws first (the first of a repeated parameter counts): the default 1,000 would make each
    // valid analysis ten times slower and the run ten times shorter in tries.
    if (random.nextInt(3) < 2) {
      pairs.add("draws=" + (1 + random.nextInt(50)));
    }
    for (int n = random.nextInt(7); n > 0; n--) {
      String name = random.nextInt(11) < 10 ? pick(random, "draws", "seed", "tier", "objectives", "maximize",
          "minimize", "where") : printable(random, 0, 20);
      pairs.add(encode(name) + "=" + encode(value(random)));
    }
    return "?" + String.join("&", pairs);
  }

  /** Values of every kind a parameter may be sent; valid draws stay small, so valid analyses stay quick. */
  private static String value(SplittableRandom random) {
    int kind = random.nextInt(12);
    if (kind < 4) {
      int numbers = random.nextInt(3);
      return numbers == 0 ? String.valueOf(1 + random.nextInt(300)) : numbers == 1 ? String.valueOf(random.nextLong())
          : pick(random, "0", "-1", "100001", "2147483648", "-9223372036854775809", "99999999999999999999999", "NaN",
              "Infinity", "-Infinity", "1e9", "1.5", "0x10", " 7", "", "1,2", "+5", "٣");
    }
    if (kind < 7) {
      return pick(random, "p50_ms", "p99_ms", "throughput", "model_mb", "accuracy", "r2", "peak_rss_mb", "flops",
          "nope", "p50_ms:max", "p50_ms:sideways", "p50_ms,throughput", "p50_ms,p50_ms", "p50_ms,,throughput:max",
          ":", ",,,", "edge", "iot", "all", "cloud", "p50_ms,".repeat(9));
    }
    if (kind < 9) {
      return pick(random, "p99_ms <= 1000", "p99_ms<=", "<= 5", "p99_ms <= NaN", "p99_ms <= 1e999",
          "p99_ms <= -1e999", "p99_ms == 0", "throughput >= 1e3", "p99_ms !! 3", "p99_ms <= 1 <= 2",
          "model_mb < 0.001", "nope > 1", "p99_ms >= 0x10");
    }
    return kind < 11 ? anyText(random, random.nextInt(251)) : anyText(random, 201);
  }

  @SafeVarargs
  private static <T> T pick(SplittableRandom random, T... choices) {
    return choices[random.nextInt(choices.length)];
  }

  private static String printable(SplittableRandom random, int min, int max) {
    StringBuilder text = new StringBuilder();
    for (int n = min + random.nextInt(max - min + 1); n > 0; n--) {
      text.append((char) (' ' + random.nextInt('~' - ' ' + 1)));
    }
    return text.toString();
  }

  /** Any characters at all: controls, surrogates' neighbours, line separators, right-to-left marks. */
  private static String anyText(SplittableRandom random, int length) {
    StringBuilder text = new StringBuilder();
    for (int n = length; n > 0; n--) {
      int c = random.nextInt(4) == 0 ? random.nextInt(0x20) : random.nextInt(0xD7FF);
      text.append((char) c);
    }
    return text.toString();
  }

  /** Percent-encodes every byte but letters and digits, so any text makes a valid URI. */
  private static String encode(String text) {
    StringBuilder out = new StringBuilder();
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      if (Character.isLetterOrDigit(b) && b > 0) {
        out.append((char) b);
      } else {
        out.append('%').append(String.format("%02X", b & 0xff));
      }
    }
    return out.toString();
  }
}
