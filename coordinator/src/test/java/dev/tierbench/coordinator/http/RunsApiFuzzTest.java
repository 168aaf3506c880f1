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
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.tierbench.coordinator.MeasuredRun;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * A thousand generated careless and hostile requests against a coordinator serving a real measured run: odd
 * methods and headers, path traversal and junk in run ids, unknown endpoints, and query values that are huge,
 * negative, not numbers, unknown metrics or malformed constraints. Every one is answered below 500 and in bounded
 * time; under /api an error is JSON with a one-line "error"; nothing is written outside the runs folder. A
 * thousand tries take about 25 s here (2,000 found nothing more); a failure's seed is in jqwik's report.
 */
class RunsApiFuzzTest {

  /** Per request: the bounds keep any valid analysis generated here well under a second. */
  private static final Duration ANSWER_WITHIN = Duration.ofSeconds(5);
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(ANSWER_WITHIN).build();
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Map<String, Long> outside;

  private record Request(String method, String path, Map<String, String> headers) {}

  @BeforeContainer
  static void snapshotOutsideTheRunsFolder() {
    outside = outsideRunsFolder();
  }

  @AfterContainer
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

  @Property(tries = 1000)
  void everyRequestIsAnsweredBelow500InBoundedTimeWithAOneLineJsonError(@ForAll("requests") Request request)
      throws Exception {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(MeasuredRun.get().url() + request.path()))
        .timeout(ANSWER_WITHIN).method(request.method(), request.method().equals("GET") ? HttpRequest.BodyPublishers
            .noBody() : HttpRequest.BodyPublishers.ofString("{\"draws\": 1e9}"));
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

  @Provide
  Arbitrary<Request> requests() {
    Arbitrary<String> method = Arbitraries.frequencyOf(Tuple.of(12, Arbitraries.just("GET")),
        Tuple.of(1, Arbitraries.of("POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE", "FROB")));
    Arbitrary<Map<String, String>> headers = Arbitraries.maps(Arbitraries.of("Accept", "Accept-Encoding", "Cookie",
        "Range", "If-None-Match", "X-Forwarded-For", "Content-Type", "Origin"), printable(0, 300)).ofMaxSize(3);
    return Combinators.combine(method, path(), headers).as(Request::new);
  }

  private static Arbitrary<String> path() {
    Arbitrary<String> id = Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.just("measured")),
        Tuple.of(2, Arbitraries.of("nope", "..", "%2e%2e", "..%2F..%2Fetc%2Fpasswd", "measured%2F..%2F..", "%00",
            "measured%00", ".hidden", "-x", "measured.", "a".repeat(64), "a".repeat(65), "%E2%80%AE", "%ff", "%25")),
        Tuple.of(1, printable(1, 80).map(RunsApiFuzzTest::encode)));
    Arbitrary<String> endpoint = Arbitraries.frequencyOf(
        Tuple.of(8, Arbitraries.of("/frontier", "/recommend", "/report", "/report.html")),
        Tuple.of(2, Arbitraries.of("", "/trials", "/results", "/", "/frontier/", "/x", "/frontier/x", "//report")));
    Arbitrary<String> api = Combinators.combine(id, endpoint, query()).as((i, e, q) -> "/api/runs/" + i + e + q);
    Arbitrary<String> other = Arbitraries.of("/api/runs", "/api/status", "/api/agents", "/api", "/api/", "/api/x",
        "/health", "/metrics", "/", "/models/..%2F..%2Fetc%2Fpasswd", "/datasets/x", "/assets/..%2Fweb%2Flive.js");
    return Arbitraries.frequencyOf(Tuple.of(9, api), Tuple.of(1, Combinators.combine(other, query())
        .as((p, q) -> p + q)));
  }

  private static Arbitrary<String> query() {
    Arbitrary<String> name = Arbitraries.frequencyOf(Tuple.of(10, Arbitraries.of("draws", "seed", "tier",
        "objectives", "maximize", "minimize", "where")), Tuple.of(1, printable(0, 20)));
    Arbitrary<String> pair = Combinators.combine(name, value()).as((n, v) -> encode(n) + "=" + encode(v));
    // Mostly a few draws first (the first of a repeated parameter counts): the default 1,000 would make each
    // valid analysis ten times slower and the run ten times shorter in tries.
    Arbitrary<String> few = Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.integers().between(1, 50)
        .map(n -> "draws=" + n)), Tuple.of(1, Arbitraries.just("")));
    return Combinators.combine(few, pair.list().ofMaxSize(6)).as((f, pairs) -> Stream.concat(Stream.of(f), pairs
        .stream()).filter(p -> !p.isEmpty()).collect(Collectors.joining("&", "?", "")));
  }

  /** Values of every kind a parameter may be sent; valid draws stay small, so valid analyses stay quick. */
  private static Arbitrary<String> value() {
    Arbitrary<String> numbers = Arbitraries.oneOf(Arbitraries.integers().between(1, 300).map(String::valueOf),
        Arbitraries.of("0", "-1", "100001", "2147483648", "-9223372036854775809", "99999999999999999999999", "NaN",
            "Infinity", "-Infinity", "1e9", "1.5", "0x10", " 7", "", "1,2", "+5", "٣"),
        Arbitraries.longs().map(String::valueOf));
    Arbitrary<String> metrics = Arbitraries.of("p50_ms", "p99_ms", "throughput", "model_mb", "accuracy", "r2",
        "peak_rss_mb", "flops", "nope", "p50_ms:max", "p50_ms:sideways", "p50_ms,throughput", "p50_ms,p50_ms",
        "p50_ms,,throughput:max", ":", ",,,", "edge", "iot", "all", "cloud", "p50_ms," .repeat(9));
    Arbitrary<String> constraints = Arbitraries.of("p99_ms <= 1000", "p99_ms<=", "<= 5", "p99_ms <= NaN",
        "p99_ms <= 1e999", "p99_ms <= -1e999", "p99_ms == 0", "throughput >= 1e3", "p99_ms !! 3", "p99_ms <= 1 <= 2",
        "model_mb < 0.001", "nope > 1", "p99_ms >= 0x10");
    return Arbitraries.frequencyOf(Tuple.of(4, numbers), Tuple.of(3, metrics), Tuple.of(2, constraints),
        Tuple.of(2, Arbitraries.strings().ofMaxLength(250)), Tuple.of(1, Arbitraries.strings().ofLength(201)));
  }

  private static Arbitrary<String> printable(int min, int max) {
    return Arbitraries.strings().withCharRange(' ', '~').ofMinLength(min).ofMaxLength(max);
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
