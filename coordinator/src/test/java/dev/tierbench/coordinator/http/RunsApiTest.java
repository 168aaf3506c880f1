package dev.tierbench.coordinator.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.tierbench.coordinator.MeasuredRun;

/** The runs API over HTTP, against a coordinator holding a real measured run. */
class RunsApiTest {

  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  private record Answer(int status, String type, String body) {
    JsonNode json() throws Exception {
      return new ObjectMapper().readTree(body);
    }
  }

  private static Answer get(String path) throws Exception {
    HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(URI.create(MeasuredRun.get().url() + path))
        .header("Authorization", MeasuredRun.get().operator()).build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(r.statusCode(), r.headers().firstValue("content-type").orElse(""), r.body());
  }

  private static String q(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  @Test
  void runsAndTheirContents() throws Exception {
    JsonNode runs = get("/api/runs").json();
    assertEquals(1, runs.size());
    assertEquals(MeasuredRun.ID, runs.get(0).get("id").asText());
    assertEquals(24, runs.get(0).get("tasks").asInt());
    assertEquals(16, runs.get(0).get("measured").asInt());
    assertEquals(8, runs.get(0).get("failed").asInt());
    assertFalse(runs.get(0).get("active").asBoolean(), "the run has finished");

    JsonNode run = get("/api/runs/measured").json();
    assertEquals("measured", run.get("sweep").asText());
    assertTrue(run.get("complete").asBoolean());
    assertEquals(2, run.get("agents").size());

    JsonNode trials = get("/api/runs/measured/trials").json();
    assertEquals(12, trials.size(), "three models x two batch sizes x two tiers");
    JsonNode results = get("/api/runs/measured/results").json();
    assertEquals(16, results.size());
    assertTrue(results.get(0).get("latencyNanos").get("p50").asLong() > 0);

    JsonNode agents = get("/api/agents").json();
    assertEquals(2, agents.size());
    assertEquals(java.util.Set.of("edge", "iot"), java.util.Set.of(agents.get(0).get("tier").asText(),
        agents.get(1).get("tier").asText()));
  }

  @Test
  void frontierPerTierAndAcrossTiersWithTheSweepsObjectivesOrOthers() throws Exception {
    JsonNode all = get("/api/runs/measured/frontier?draws=100&seed=3").json();
    assertEquals("all tiers", all.get("frontier").get("scope").asText());
    assertEquals("[\"p50_ms:min\",\"throughput:max\",\"model_mb:min\"]", all.get("frontier").get("objectives")
        .toString());
    assertEquals(8, all.get("frontier").get("points").size());
    assertEquals(100, all.get("frontier").get("draws").asInt());
    int markers = 0;
    for (JsonNode series : all.get("plot").get("series")) {
      markers += series.get("style").asText().equals("line") ? 0 : series.get("points").size();
    }
    assertEquals(8, markers, "every variant is a point of the plot");
    assertEquals(all, get("/api/runs/measured/frontier?draws=100&seed=3").json(), "the same seed, the same answer");

    JsonNode edge = get("/api/runs/measured/frontier?tier=edge&objectives=p99_ms,peak_rss_mb&draws=20").json();
    assertEquals("edge", edge.get("frontier").get("scope").asText());
    assertEquals(4, edge.get("frontier").get("points").size());
    assertEquals("[\"p99_ms:min\",\"peak_rss_mb:min\"]", edge.get("frontier").get("objectives").toString());
  }

  @Test
  void recommendAnswersWithIntervalsAndTheRunnerUp() throws Exception {
    JsonNode r = get("/api/runs/measured/recommend?maximize=throughput&where=" + q("p99_ms <= 1000") + "&tier=iot"
        + "&draws=100").json();
    assertEquals("iot", r.get("best").get("tier").asText());
    JsonNode throughput = r.get("best").get("figures").get("throughput");
    assertTrue(throughput.get("low").asDouble() <= throughput.get("estimate").asDouble()
        && throughput.get("estimate").asDouble() <= throughput.get("high").asDouble(), throughput.toString());
    assertFalse(r.get("runnerUp").isNull());
    assertFalse(r.get("why").asText().isBlank());

    JsonNode none = get("/api/runs/measured/recommend?minimize=p50_ms&where=" + q("model_mb <= 0.001")).json();
    assertTrue(none.get("best").isNull());
    assertEquals("kws", none.get("closest").get("model").asText());
  }

  @Test
  void badQueriesAreErrorsThatListTheMetrics() throws Exception {
    Answer unknown = get("/api/runs/measured/frontier?objectives=accuracy,p50_ms");
    assertEquals(400, unknown.status());
    assertTrue(unknown.json().get("error").asText().contains("no variant of this run has accuracy"));
    assertTrue(unknown.json().get("metrics").toString().contains("\"p99_ms\""), unknown.body());

    Answer badConstraint = get("/api/runs/measured/recommend?maximize=throughput&where=" + q("p99_ms is small"));
    assertEquals(400, badConstraint.status());
    assertTrue(badConstraint.json().get("error").asText().contains("does not parse"));
    assertTrue(badConstraint.json().get("metrics").toString().contains("\"throughput\""));

    Answer noGoal = get("/api/runs/measured/recommend");
    assertEquals(400, noGoal.status());

    Answer badTier = get("/api/runs/measured/frontier?tier=cloud");
    assertEquals(400, badTier.status());
    assertTrue(badTier.json().get("error").asText().contains("its tiers: edge, iot"));

    Answer badDraws = get("/api/runs/measured/frontier?draws=many");
    assertEquals(400, badDraws.status());

    Answer missing = get("/api/runs/nope/trials");
    assertEquals(404, missing.status());
    assertEquals("[\"measured\"]", missing.json().get("runs").toString());
  }

  @Test
  void expensiveParametersAreBoundedAndRefusedWithTheirRange() throws Exception {
    MeasuredRun.get();
    for (String path : new String[] {"frontier", "report", "report.html", "recommend?maximize=throughput&"}) {
      String call = "/api/runs/measured/" + path + (path.endsWith("&") ? "" : "?");
      long start = System.nanoTime();
      Answer huge = get(call + "draws=100000000");
      assertTrue(System.nanoTime() - start < 2_000_000_000L, "refused before any work: " + call);
      assertEquals(400, huge.status(), call);
      assertEquals("application/json", huge.type(), call);
      assertEquals("draws must be a whole number from 1 to 100000, got '100000000'", huge.json().get("error").asText());
      assertEquals("draws", huge.json().get("parameter").asText());
      assertEquals(1, huge.json().get("min").asInt());
      assertEquals(100_000, huge.json().get("max").asInt());
    }
    for (String draws : new String[] {"0", "-1", "NaN", "1e3", "%20", "99999999999999999999"}) {
      assertEquals(400, get("/api/runs/measured/frontier?draws=" + draws).status(), draws);
    }
    Answer seed = get("/api/runs/measured/frontier?draws=10&seed=x");
    assertEquals("seed", seed.json().get("parameter").asText());
    assertEquals(200, get("/api/runs/measured/frontier?draws=10&seed=-99999999999").status(), "any long is a seed");

    Answer objectives = get("/api/runs/measured/frontier?objectives=" + "p50_ms,".repeat(9));
    assertEquals(400, objectives.status());
    assertEquals("at most 8 objectives, got 9", objectives.json().get("error").asText());
    Answer where = get("/api/runs/measured/recommend?maximize=throughput" + ("&where=" + q("p99_ms<=1")).repeat(17));
    assertEquals(400, where.status());
    assertEquals("where", where.json().get("parameter").asText());
    Answer longTier = get("/api/runs/measured/frontier?tier=" + "e".repeat(201));
    assertEquals(400, longTier.status());
    assertEquals("tier has 201 characters, at most 200", longTier.json().get("error").asText());

    Answer newline = get("/api/runs/measured/frontier?tier=" + q("edge\nHTTP/1.1 200 OK"));
    assertEquals(400, newline.status());
    assertFalse(newline.json().get("error").asText().contains("\n"), "one line: " + newline.body());
    assertTrue(newline.json().get("error").asText().contains("edge HTTP/1.1"), newline.body());
  }

  @Test
  void whatTheRouterRefusesIsJsonToo() throws Exception {
    Answer path = get("/api/runs/measured/nothing-here");
    assertEquals(404, path.status());
    assertEquals("application/json", path.type());
    assertTrue(path.json().get("error").asText().startsWith("no such path: /api/runs/measured/nothing-here"));
    HttpResponse<String> post = CLIENT.send(HttpRequest.newBuilder(URI.create(MeasuredRun.get().url() + "/api/runs"))
        .header("Authorization", MeasuredRun.get().operator()).POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(405, post.statusCode());
    assertEquals("POST is not served on /api/runs: use GET", new ObjectMapper().readTree(post.body()).get("error")
        .asText());
  }

  @Test
  void theReportAsJsonAndAsAPage() throws Exception {
    JsonNode report = get("/api/runs/measured/report?draws=50").json();
    assertEquals(2, report.get("recommendations").size());
    assertEquals(3, report.get("frontiers").size());
    Answer html = get("/api/runs/measured/report.html?draws=50");
    assertEquals(200, html.status());
    assertTrue(html.type().startsWith("text/html"));
    assertTrue(html.body().contains("id=\"report-data\""));

    Answer page = get("/");
    assertTrue(page.type().startsWith("text/html") && page.body().contains("/assets/live.js"));
    for (String asset : new String[] {"chart.umd.min.js", "report.js", "api.js", "live.js", "submit.js",
        "report.css"}) {
      Answer a = get("/assets/" + asset);
      assertEquals(200, a.status(), asset);
      assertTrue(a.body().length() > 500, asset);
    }
  }
}
