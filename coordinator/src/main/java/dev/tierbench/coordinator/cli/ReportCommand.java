package dev.tierbench.coordinator.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import dev.tierbench.common.cli.ConfigFileOption;
import dev.tierbench.coordinator.report.AnalysisSettings;
import dev.tierbench.coordinator.report.ReportDocument;
import dev.tierbench.coordinator.report.ReportWriter;
import dev.tierbench.coordinator.store.RunFolders;
import dev.tierbench.coordinator.store.StoredRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tierbench report RUN}: frontiers, recommendations and fits of a stored run, as HTML, JSON and CSV. */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Write a run's report into its folder: report.html (self-contained), report.json, frontier.csv."
        + " With --coordinator, fetch a submitted run's report.html and report.json into --runs-dir/RUN instead.")
public final class ReportCommand implements Callable<Integer> {

  @Mixin
  ConfigFileOption configFile;

  @Option(names = "--objectives", paramLabel = "METRIC[:max|min]", split = ",",
      description = "Objectives of the Pareto frontiers, replacing the sweep's (e.g. accuracy,p99_ms,peak_rss_mb).")
  List<String> objectives;

  @Option(names = "--plateau-gain", paramLabel = "SHARE",
      description = "Accuracy gain per doubling of FLOPs below which a family has plateaued (default: ${DEFAULT-VALUE}).")
  double plateauGain;

  @Mixin
  AnalysisOptions analysis;

  @Mixin
  CoordinatorAccess coordinator;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    if (spec.commandLine().getParseResult().hasMatchedOption("--coordinator")) {
      return fetch();
    }
    RunFolder folder = analysis.folder();
    StoredRun stored = folder.load();
    AnalysisSettings settings = analysis.settings(folder.analysis(), plateauGain)
        .withObjectives(AnalysisOptions.given(objectives));
    long started = System.nanoTime();
    ReportDocument document = ReportDocument.build(stored, settings);
    var html = ReportWriter.write(folder.path(), document);
    document.notes().forEach(n -> System.err.println("tierbench: note: " + n));
    System.out.printf(Locale.ROOT, "report of run %s (%d of %d tasks measured) in %.1f s: %s (%,d bytes), %s, %s%n",
        stored.runId(), stored.results().size(), stored.tasks().size(), (System.nanoTime() - started) / 1e9, html,
        Files.size(html), folder.path().resolve(RunFolders.REPORT_JSON), folder.path().resolve(RunFolders.FRONTIER_CSV));
    return 0;
  }

  /** A submitted run's report, as its coordinator makes it, into the folder a local run would have. */
  private int fetch() throws IOException {
    String run = new RunIdConverter().convert(analysis.run);
    Path folder = analysis.runsDir.resolve(run);
    Files.createDirectories(folder);
    CoordinatorClient client = coordinator.client();
    client.download("/api/runs/" + run + "/report.html", folder.resolve(RunFolders.REPORT_HTML));
    client.download("/api/runs/" + run + "/report", folder.resolve(RunFolders.REPORT_JSON));
    System.out.println("report of run " + run + " from " + client.base() + ": "
        + folder.resolve(RunFolders.REPORT_HTML) + ", " + folder.resolve(RunFolders.REPORT_JSON));
    return 0;
  }
}
