package dev.tierbench.coordinator.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;

import dev.tierbench.common.cli.ConfigFileOption;
import dev.tierbench.common.cli.UserException;
import dev.tierbench.common.sweep.Sweep;
import dev.tierbench.common.sweep.SweepParser;
import dev.tierbench.coordinator.submit.SweepInputs;
import dev.tierbench.coordinator.submit.Uploader;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tierbench submit SWEEP}: sends a sweep to a long-running coordinator, with only the files it lacks, and
 * prints the run's id. The sweep is checked here first: a bad line is refused before anything is uploaded.
 */
@Command(name = "submit", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Submit a sweep to a coordinator's queue: its files go up only where the coordinator lacks them"
        + " (by sha256; a cut upload resumes). Prints the run's id; follow it with tierbench wait RUN.")
public final class SubmitCommand implements Callable<Integer> {

  /** A pause before asking again where a cut upload stands. */
  private static final Duration RESUME_PAUSE = Duration.ofSeconds(1);

  @Mixin
  ConfigFileOption configFile;

  @Parameters(index = "0", paramLabel = "SWEEP", description = "The sweep file (YAML).")
  Path sweepFile;

  @Mixin
  CoordinatorAccess coordinator;

  @Option(names = "--priority", paramLabel = "N",
      description = "Its share of the agents against the other runs running: 2 gets twice the agent time of 1, up to"
          + " 10 (default: ${DEFAULT-VALUE}).")
  int priority;

  @Override
  public Integer call() throws InterruptedException {
    Sweep sweep = SweepParser.parse(sweepFile);
    SweepInputs inputs = SweepInputs.of(sweep, sweep.inputs());
    CoordinatorClient client = coordinator.client();
    Uploader.Outcome sent = new Uploader(client.base(), client.http(), client.trust().authorization(), RESUME_PAUSE,
        line -> System.err.println("tierbench: " + line)).upload(inputs, sweep.inputs());
    System.err.printf(Locale.ROOT, "tierbench: %d file(s) the sweep reads: %d uploaded (%,d bytes), %d there"
        + " already%n", inputs.files().size(), sent.uploaded().size(), sent.bytesSent(), sent.skipped().size());
    JsonObject run = client.post("/api/runs", new JsonObject().put("sweep", text(sweepFile))
        .put("file", sweepFile.getFileName().toString()).put("priority", priority).put("inputs", inputs.json()));
    String id = run.getString("id");
    System.err.printf("tierbench: run %s queued (priority %d, by %s); its page: %s/?run=%s; follow it with:"
        + " tierbench wait %s --coordinator %s%n", id, run.getInteger("priority"), run.getString("submitter"),
        client.base(), id, id, client.base());
    System.out.println(id);
    return 0;
  }

  private static String text(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UserException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
