package dev.tierbench.coordinator.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import dev.tierbench.common.sweep.AnalysisSpec;
import dev.tierbench.common.sweep.SweepParser;

/** The runs folder's layout: a folder per run, named by its id, holding the run's database. */
public final class RunFolders {

  public static final String DATABASE = "results.db";
  /** The sweep file as the run was started with it. */
  public static final String SWEEP_COPY = "sweep.yaml";

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
