package dev.tierbench.coordinator.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tierbench.common.cli.Await;
import dev.tierbench.common.sweep.InputPaths;
import dev.tierbench.common.sweep.Sweep;
import dev.tierbench.common.sweep.SweepParser;
import dev.tierbench.coordinator.Coordinator;
import dev.tierbench.coordinator.Fixtures;
import dev.tierbench.coordinator.LocalFleet;
import dev.tierbench.coordinator.plan.Plan;
import dev.tierbench.coordinator.preparation.Preparation;
import dev.tierbench.coordinator.queue.QueueStore;
import dev.tierbench.coordinator.queue.RunService;
import dev.tierbench.coordinator.store.RunFolders;
import dev.tierbench.coordinator.submit.Submission;
import dev.tierbench.coordinator.submit.SweepInputs;
import dev.tierbench.coordinator.trust.Access.Role;
import dev.tierbench.coordinator.trust.StateFolder;
import io.vertx.core.json.JsonObject;

/**
 * {@code POST /api/runs} and its neighbours on a real coordinator: what is refused before anything is queued, who may
 * cancel, and that no body, however mangled, gets more than one line of 4xx.
 */
class QueueApiTest {

  @TempDir
  Path dir;

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void aSweepIsRefusedWithItsLinePlanSizeOrMissingFilesBeforeItIsQueuedAndOnlyItsSubmitterCancelsIt()
      throws Exception {
    try (LocalFleet fleet = LocalFleet.start(dir, "edge"); QueueStore queue = QueueStore.open(dir.resolve("runs"));
        RunService service = queue(fleet, queue)) {
      String base = "http://127.0.0.1:" + fleet.coordinator().httpPort();
      String alice = bearer(fleet, "alice", Role.SUBMIT);
      String bob = bearer(fleet, "bob", Role.SUBMIT);

      HttpResponse<String> badLine = post(base + "/api/runs", alice, new JsonObject().put("file", "mine.yaml")
          .put("sweep", "name: s\nmodels: [m.tflite]\nrepetitons: 2\n"));
      assertEquals(400, badLine.statusCode());
      assertTrue(error(badLine).startsWith("mine.yaml:3:1: unknown key 'repetitons'"), badLine.body());

      HttpResponse<String> huge = post(base + "/api/runs", alice, new JsonObject().put("sweep",
          "name: s\nmodels: [m.tflite]\naxes: {batch: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]}\nrepetitions: 1000\n"));
      assertEquals(400, huge.statusCode());
      assertTrue(error(huge).contains("max-tasks"), huge.body());

      Submission kws = submission();
      HttpResponse<String> missing = post(base + "/api/runs", alice, kws.toJson());
      assertEquals(409, missing.statusCode());
      assertTrue(error(missing).startsWith("1 file(s) the sweep reads were not uploaded: "), missing.body());
      assertEquals(0, queue.all().size(), "nothing refused was queued");

      // Uploaded as BlobsApiTest uploads: here the blob is simply put where the store keeps it.
      Path blobs = Files.createDirectories(dir.resolve("runs").resolve(Coordinator.BLOBS));
      Files.copy(Fixtures.KWS, blobs.resolve(kws.inputs().files().get(0).sha256()));
      HttpResponse<String> queued = post(base + "/api/runs", alice, kws.toJson());
      assertEquals(200, queued.statusCode(), queued.body());
      JsonObject run = new JsonObject(queued.body());
      assertEquals("alice", run.getString("submitter"));
      String id = run.getString("id");

      HttpResponse<String> notHers = post(base + "/api/runs/" + id + "/cancel", bob, new JsonObject());
      assertEquals(403, notHers.statusCode());
      assertEquals("run " + id + " was submitted by alice: only they or the operator may cancel it", error(notHers));
      assertEquals(200, post(base + "/api/runs/" + id + "/cancel", alice, new JsonObject()).statusCode());
      assertEquals(404, post(base + "/api/runs/nope-1/cancel", alice, new JsonObject()).statusCode());
    }
  }

  /** Seeded mutations of a good submission: each answered 2xx or one line of 4xx JSON, never a 500. */
  @Test
  void mangledSubmissionsGetOneLineOf4xx() throws Exception {
    try (LocalFleet fleet = LocalFleet.start(dir, "edge"); QueueStore queue = QueueStore.open(dir.resolve("runs"));
        RunService service = queue(fleet, queue)) {
      String base = "http://127.0.0.1:" + fleet.coordinator().httpPort();
      String alice = bearer(fleet, "alice", Role.SUBMIT);
      String good = submission().toJson().encode();
      Random random = new Random(20261206);
      for (int i = 0; i < 300; i++) {
        char[] body = good.toCharArray();
        for (int m = 1 + random.nextInt(4); m > 0; m--) {
          body[random.nextInt(body.length)] = (char) (random.nextBoolean() ? random.nextInt(128)
              : "{}[]\":,0-9\\ n".charAt(random.nextInt(13)));
        }
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(base + "/api/runs"))
            .header("authorization", alice).POST(HttpRequest.BodyPublishers.ofString(new String(body))).build(),
            HttpResponse.BodyHandlers.ofString());
        assertTrue(answer.statusCode() < 500, new String(body) + " -> " + answer.body());
        if (answer.statusCode() >= 400) {
          assertFalse(error(answer).isBlank() || error(answer).contains("\n"), answer.body());
        }
      }
    }
  }

  private Submission submission() throws Exception {
    Path sweep = dir.resolve("kws.yaml");
    Files.writeString(sweep, "name: kws\nmodels: [" + Fixtures.KWS + "]\ntiers: [edge]\n");
    Sweep parsed = SweepParser.parse(sweep);
    return new Submission(Files.readString(sweep), "kws.yaml", 1, SweepInputs.of(parsed, parsed.inputs()));
  }

  private RunService queue(LocalFleet fleet, QueueStore queue) {
    Path runs = dir.resolve("runs");
    RunService service = new RunService(fleet.coordinator(), queue, runs, (folder, training) -> {
      Sweep sweep = SweepParser.parse(folder.resolve(RunFolders.SWEEP_COPY));
      InputPaths inputs = Submission.inputs(folder, fleet.coordinator().blobs(), 1 << 30);
      return Plan.of(sweep, Preparation.prepare(sweep, inputs, dir.resolve("cache"),
          training));
    }, (run, plan, outcome) -> { }, Clock.systemUTC(), 2);
    Await.await(fleet.coordinator().serveQueue(service, preview -> preview.refusal(100, 10)), Duration.ofSeconds(10),
        "queue");
    service.start();
    return service;
  }

  private static String bearer(LocalFleet fleet, String name, Role role) throws Exception {
    return "Bearer " + StateFolder.userCredentials(fleet.state().dir()).add(name, role);
  }

  private HttpResponse<String> post(String url, String authorization, JsonObject body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).header("authorization", authorization)
        .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String error(HttpResponse<String> answer) {
    return Optional.ofNullable(new JsonObject(answer.body()).getString("error")).orElse("");
  }
}
