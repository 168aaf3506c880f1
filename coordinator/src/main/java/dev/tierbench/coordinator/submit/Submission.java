package dev.tierbench.coordinator.submit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

import dev.tierbench.common.io.InputFiles;
import dev.tierbench.common.sweep.InputPaths;
import dev.tierbench.common.sweep.Sweep;
import dev.tierbench.common.sweep.SweepParser;
import dev.tierbench.coordinator.queue.QueuedRun;
import dev.tierbench.coordinator.store.RunFolders;
import dev.tierbench.coordinator.upload.BlobStore;
import io.vertx.core.json.JsonObject;

/**
 * A sweep sent to a coordinator to run: its text as written (errors then name the submitter's file, line and
 * column), the manifest of the files it reads, uploaded before as blobs, and its priority. In its run folder it is
 * the sweep file and {@value #MANIFEST}, from which its inputs are laid out again after a restart.
 *
 * @param file the sweep file's name on the submitter's machine, for messages
 */
public record Submission(String sweep, String file, int priority, SweepInputs inputs) {

  /** The manifest in a submitted run's folder. */
  public static final String MANIFEST = "inputs.json";
  /** Where a submitted run's inputs are laid out, in its folder. */
  public static final String INPUTS = "inputs";
  private static final Pattern FILE_NAME = Pattern.compile("[^/\\\\\\x00-\\x1f]{1,255}");

  public Submission {
    if (sweep == null || sweep.getBytes(StandardCharsets.UTF_8).length > InputFiles.MAX_SWEEP_BYTES) {
      throw new IllegalArgumentException("a sweep of at most " + InputFiles.MAX_SWEEP_BYTES + " bytes is needed");
    }
    if (file == null || !FILE_NAME.matcher(file).matches() || file.equals(".") || file.equals("..")) {
      throw new IllegalArgumentException("'file' must be the sweep file's name, without folders");
    }
    if (priority < 1 || priority > QueuedRun.MAX_PRIORITY) {
      throw new IllegalArgumentException("priority must be 1 to " + QueuedRun.MAX_PRIORITY + ", got " + priority);
    }
  }

  /**
   * A submission as {@code POST /api/runs} carries it: {@code {"sweep": text, "file": name, "priority": n,
   * "inputs": manifest JSON}}.
   *
   * @param maxFile the largest file a manifest may name: the coordinator's max-upload
   * @throws IllegalArgumentException saying in one line what is missing or wrong
   */
  public static Submission fromJson(JsonObject body, long maxFile) {
    try {
      Object priority = body.getValue("priority", 1);
      if (!(priority instanceof Integer p)) {
        throw new IllegalArgumentException("'priority' must be a whole number from 1 to " + QueuedRun.MAX_PRIORITY);
      }
      String manifest = body.getString("inputs", "{\"files\":[]}");
      return new Submission(body.getString("sweep"), body.getString("file", RunFolders.SWEEP_COPY), p,
          SweepInputs.parse(manifest, maxFile));
    } catch (ClassCastException e) {
      throw new IllegalArgumentException("'sweep', 'file' and 'inputs' must be text", e);
    }
  }

  public JsonObject toJson() {
    return new JsonObject().put("sweep", sweep).put("file", file).put("priority", priority)
        .put("inputs", inputs.json());
  }

  /**
   * The sweep, checked as {@code tierbench run} checks it.
   *
   * @throws dev.tierbench.common.yaml.YamlException for each problem, at the submitter's file:line:col
   */
  public Sweep parse() {
    return SweepParser.parse(sweep, Path.of(file));
  }

  /** The files its manifest names that the coordinator has not been sent yet, as "path (sha256)". */
  public List<String> missing(BlobStore blobs) {
    return inputs.files().stream().filter(f -> !blobs.has(f.sha256())).map(f -> f.label() + " (" + f.sha256() + ")")
        .distinct().toList();
  }

  /** Writes the sweep and its manifest into a run's folder. */
  public void writeInto(Path folder) throws IOException {
    Files.createDirectories(folder);
    Files.writeString(folder.resolve(RunFolders.SWEEP_COPY), sweep);
    Files.writeString(folder.resolve(MANIFEST), inputs.json());
  }

  /**
   * A submitted run's inputs, laid out (again) under its folder from {@code blobs}.
   *
   * @throws IllegalArgumentException for a blob no longer there
   */
  public static InputPaths inputs(Path folder, BlobStore blobs, long maxFile) throws IOException {
    SweepInputs manifest = SweepInputs.parse(Files.readString(folder.resolve(MANIFEST)), maxFile);
    return SubmittedInputs.materialize(manifest, blobs, folder.resolve(INPUTS));
  }
}
