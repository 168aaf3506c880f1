package dev.tierbench.coordinator.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.tierbench.common.cli.UserException;
import dev.tierbench.common.sweep.AnalysisSpec;
import dev.tierbench.coordinator.store.RunReader;
import dev.tierbench.coordinator.store.RunFolders;
import dev.tierbench.coordinator.store.StoreException;
import dev.tierbench.coordinator.store.StoredRun;

/**
 * A run's folder as the {@code report} and {@code recommend} commands name it: a run id under the runs folder,
 * the folder itself, or its {@code results.db}.
 */
record RunFolder(Path path) {

  /** @throws UserException when there is no run there, listing the runs that exist */
  static RunFolder find(String run, Path runsDir) {
    Path given = Path.of(run);
    if (Files.isRegularFile(given)) {
      return new RunFolder(given.toAbsolutePath().getParent());
    }
    for (Path folder : List.of(given, runsDir.resolve(run))) {
      if (RunFolders.holdsRun(folder)) {
        return new RunFolder(folder);
      }
    }
    List<String> runs = RunFolders.ids(runsDir);
    throw new UserException("no run '" + run + "': neither " + runsDir.resolve(run).resolve(RunFolders.DATABASE) + " nor "
        + given.resolve(RunFolders.DATABASE) + " exists; " + (runs.isEmpty() ? "there are no runs in " + runsDir
            : "runs in " + runsDir + ": " + String.join(", ", runs)));
  }

  /** Everything the run's database holds now, finished or not. */
  StoredRun load() {
    try {
      return RunReader.read(path.resolve(RunFolders.DATABASE));
    } catch (StoreException e) {
      throw new UserException(e.getMessage(), e);
    }
  }

  AnalysisSpec analysis() {
    return RunFolders.analysis(path);
  }

}
