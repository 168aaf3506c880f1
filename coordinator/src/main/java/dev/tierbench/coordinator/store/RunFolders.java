package dev.tierbench.coordinator.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import dev.tierbench.common.sweep.AnalysisSpec;
import dev.tierbench.common.sweep.SweepParser;

/**
 * The runs folder's layout: a folder per run, named by its id, holding the run's database, the files made from it and
 * the sweep it was started with. Every file name of a run folder is here.
 */
public final class RunFolders {

  public static final String DATABASE = "results.db";
  /** The sweep file as the run was started with it. */
  public static final String SWEEP_COPY = "sweep.yaml";
  /** A row per task. */
  public static final String RESULTS_CSV = "results.csv";
  /** The run, a summary per trial and tier, every result, the failures. */
  public static final String RESULTS_JSON = "results.json";
  public static final String REPORT_HTML = "report.html";
  public static final String REPORT_JSON = "report.json";
  public static final String FRONTIER_CSV = "frontier.csv";
  /** Everything a run leaves in its folder, SQLite's write-ahead log and shared memory included. */
  public static final List<String> FILES = List.of(DATABASE, DATABASE + "-wal", DATABASE + "-shm", RESULTS_CSV,
      RESULTS_JSON, REPORT_HTML, REPORT_JSON, FRONTIER_CSV, SWEEP_COPY);

  private RunFolders() {}

  /** The ids of the runs in {@code runsDir} (folders with a database), sorted; none when it does not exist. */
  public static List<String> ids(Path runsDir) {
    try (Stream<Path> folders = Files.list(runsDir)) {
      return folders.filter(RunFolders::holdsRun).map(f -> f.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  /** The analysis the run's sweep asked for, from the copy kept with it (the defaults without one). */
  public static AnalysisSpec analysis(Path folder) {
    Path sweep = folder.resolve(SWEEP_COPY);
    return Files.isRegularFile(sweep) ? SweepParser.readAnalysis(sweep) : AnalysisSpec.DEFAULT;
  }

  public static boolean holdsRun(Path folder) {
    return Files.isRegularFile(folder.resolve(DATABASE));
  }
}
