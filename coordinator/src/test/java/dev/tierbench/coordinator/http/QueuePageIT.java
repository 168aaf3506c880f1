package dev.tierbench.coordinator.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tierbench.common.model.ModelFile;
import dev.tierbench.coordinator.Browser;
import dev.tierbench.coordinator.Fixtures;
import dev.tierbench.coordinator.LocalFleet;
import dev.tierbench.coordinator.cli.QueueWiring;
import dev.tierbench.coordinator.queue.RunService;
import dev.tierbench.coordinator.queue.RunStatus;
import dev.tierbench.coordinator.trust.Access.Role;
import dev.tierbench.coordinator.trust.StateFolder;

/**
 * The live page's queue and submit form in headless Chromium, against a coordinator serving the queue as
 * {@code tierbench coordinator} does: a person with a submit token picks a sweep and the model it names, the page
 * uploads and submits it, and the run shows in the queue until it is done; a read-only person's cancel is answered
 * with the server's refusal beside the row.
 */
class QueuePageIT {

  private static final String SWEEP = """
      name: %s
      models: [models/kws.tflite]
      tiers: [edge]
      repetitions: %d
      measurement: {warmup: 2, min-duration: %s, min-queries: 5, max-duration: 30s}
      """;
  private static final Duration RUN = Duration.ofSeconds(120);

  @TempDir
  Path dir;

  @Test
  void aSubmitterSubmitsThroughTheFormAndAReaderMayNotCancel() throws Exception {
    Path picked = Files.createDirectories(dir.resolve("picked"));
    Path model = Files.copy(Fixtures.KWS, picked.resolve("kws.tflite"));
    Path quick = Files.writeString(picked.resolve("quick.yaml"), SWEEP.formatted("quick", 1, "0s"));
    Path slow = Files.writeString(picked.resolve("slow.yaml"), SWEEP.formatted("slow", 50, "1s"));
    Path bad = Files.writeString(picked.resolve("bad.yaml"), "name: bad\nmodels: [kws.tflite]\nbogus: 1\n");
    try (LocalFleet fleet = LocalFleet.start(dir, "edge");
        RunService service = QueueWiring.start(fleet.coordinator(), dir.resolve("runs"), dir.resolve("cache"),
            preview -> Optional.empty(), 2);
        Browser browser = new Browser()) {
      String base = "http://127.0.0.1:" + fleet.coordinator().httpPort();
      String alice = StateFolder.userCredentials(fleet.state().dir()).add("alice", Role.SUBMIT);
      String bob = StateFolder.userCredentials(fleet.state().dir()).add("bob", Role.READ);
      browser.open(base + "/?token=" + alice);

      browser.pick("#sweep-file", bad);
      assertTrue(submit(browser).startsWith("error: bad.yaml:3:1: "), "the sweep's own line, as the server says it");
      browser.pick("#sweep-file", quick);
      assertEquals("error: pick the files the sweep reads (matched by name): models/kws.tflite", submit(browser));
      browser.pick("#sweep-inputs", model);
      assertEquals("answer: submitted: run quick-1 is QUEUED", submit(browser));
      assertTrue(fleet.coordinator().blobs().has(ModelFile.sha256(Fixtures.KWS)), "the model was uploaded");
      browser.pick("#sweep-file", slow);
      assertEquals("answer: submitted: run slow-2 is QUEUED", submit(browser), "the model is there: nothing to send");

      browser.await(() -> "DONE".equals(cell(browser, "quick-1", 1)), RUN, "quick-1 to show DONE in the queue");
      assertEquals("alice", cell(browser, "quick-1", 2));
      assertEquals("/api/runs/quick-1/report.html", browser.script("return document.querySelector("
          + "'#queue a[href$=\"report.html\"]').getAttribute('href');"), "a done run links to its report");

      browser.open(base + "/?token=" + bob);
      browser.await(() -> cancel(browser, "slow-2"), Duration.ofSeconds(20), "slow-2's cancel button");
      browser.await(() -> cell(browser, "slow-2", 6).contains("read credential (bob) may not POST"
          + " /api/runs/slow-2/cancel"), Duration.ofSeconds(10), "the 403's line beside the row");
      assertTrue(service.run("slow-2").orElseThrow().status() != RunStatus.CANCELLED, "a reader cancels nothing");

      browser.open(base + "/?token=" + alice);
      browser.await(() -> cancel(browser, "slow-2"), Duration.ofSeconds(20), "slow-2's cancel button");
      browser.await(() -> "CANCELLED".equals(cell(browser, "slow-2", 1)), RUN, "slow-2 to show CANCELLED");
      assertEquals("cancelled by alice", cell(browser, "slow-2", 5));
      browser.screenshot("queue-page");
      // Chromium logs every 4xx; a HEAD's 404 is how the coordinator says it lacks a blob.
      assertEquals(List.of(), browser.consoleErrors().stream().filter(e -> !e.contains("status of 400")
          && !e.contains("status of 403") && !(e.contains("/api/blobs/") && e.contains("status of 404"))).toList(),
          "nothing failed but the refused sweep, the refused cancel and the HEAD of the missing model");

      browser.open(base + "/api/runs/quick-1/report.html");
      browser.await(browser::rendered, Duration.ofSeconds(20), "quick-1's report");
    }
  }

  /** Submits the form and waits for its final answer, as "class: text". */
  private static String submit(Browser browser) {
    browser.script("document.querySelector('#submit button[type=submit]').click();");
    String[] answer = new String[1];
    browser.await(() -> {
      answer[0] = (String) browser.script("const a = document.getElementById('submit-answer');"
          + " return a.className === 'muted' ? null : a.className + ': ' + a.textContent;");
      return answer[0] != null;
    }, RUN, "the form's answer");
    return answer[0];
  }

  /** The text of the queue row of {@code run}'s cell {@code column}, "" while it has no row. */
  private static String cell(Browser browser, String run, int column) {
    return (String) browser.script("const row = [...document.querySelectorAll('#queue tbody tr')]"
        + ".find(r => r.cells[0].textContent === arguments[0]);"
        + " return row ? row.cells[arguments[1]].textContent : '';", run, column);
  }

  /** Clicks {@code run}'s cancel button, if the row has one yet. */
  private static boolean cancel(Browser browser, String run) {
    return (Boolean) browser.script("const b = document.querySelector('button[data-cancel=\"' + arguments[0]"
        + " + '\"]'); if (b) b.click(); return !!b;", run);
  }
}
