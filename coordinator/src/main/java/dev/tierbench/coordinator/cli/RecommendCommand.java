package dev.tierbench.coordinator.cli;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.tierbench.common.cli.ConfigFileOption;
import dev.tierbench.common.cli.UserException;
import dev.tierbench.coordinator.analysis.Interval;
import dev.tierbench.coordinator.analysis.MetricCatalog;
import dev.tierbench.coordinator.analysis.Variant;
import dev.tierbench.coordinator.analysis.Variants;
import dev.tierbench.coordinator.recommend.Candidate;
import dev.tierbench.coordinator.recommend.Query;
import dev.tierbench.coordinator.recommend.Recommendation;
import dev.tierbench.coordinator.recommend.Recommender;
import dev.tierbench.coordinator.report.AnalysisSettings;
import dev.tierbench.coordinator.report.Json;
import dev.tierbench.coordinator.store.StoredRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tierbench recommend RUN --maximize X --where "..."}: the variant to deploy, and how sure that is. */
@Command(name = "recommend", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Recommend the variant of a stored run that maximises (or minimises) a metric subject to constraints.")
public final class RecommendCommand implements Callable<Integer> {

  /** Exit status when no variant meets the constraints (the answer names the closest one). */
  static final int NONE_MEETS = 5;

  @Spec
  CommandSpec spec;

  @Mixin
  ConfigFileOption configFile;

  @Option(names = "--maximize", paramLabel = "METRIC", description = "The metric to maximise, e.g. accuracy.")
  String maximize;

  @Option(names = "--minimize", paramLabel = "METRIC", description = "The metric to minimise, e.g. p99_ms.")
  String minimize;

  @Option(names = "--where", paramLabel = "CONSTRAINTS",
      description = "Constraints such as \"p99_ms <= 50 and peak_rss_mb <= 300\" (repeatable; all must hold).")
  List<String> where;

  @Option(names = "--tier", paramLabel = "TIER|all", description = "Only variants on this tier (default: every tier"
      + " of the run; a tier from a config file does not apply here).")
  String tier;

  @Option(names = "--json", arity = "0..1", description = "Print the recommendation as JSON.")
  boolean json;

  @Mixin
  AnalysisOptions analysis;

  @Override
  public Integer call() {
    if (maximize.isBlank() == minimize.isBlank()) {
      throw new UserException("give either --maximize METRIC or --minimize METRIC" + (maximize.isBlank() ? ""
          : ", not both") + "; metrics: " + String.join(", ", MetricCatalog.all().stream().map(m -> m.name()).toList()));
    }
    RunFolder folder = analysis.folder();
    StoredRun stored = folder.load();
    List<Variant> variants = Variants.of(stored);
    if (variants.isEmpty()) {
      throw new UserException("run " + stored.runId() + " has nothing measured yet (" + stored.tasks().size()
          + " task(s) planned)");
    }
    // The agent's default tier would wrongly narrow a run's answer to tier "local": only an explicit flag does.
    String onTier = spec.commandLine().getParseResult().hasMatchedOption("--tier") ? tier : "all";
    Query query = AnalysisSettings.query(maximize.isBlank() ? minimize : maximize, !maximize.isBlank(),
        AnalysisOptions.given(where), onTier, MetricCatalog.available(variants), stored.tiers());
    Recommendation answer = Recommender.recommend(variants, query, analysis.draws, analysis.drawSeed);
    if (stored.unfinishedTasks() > 0) {
      System.err.printf("tierbench: note: run %s is incomplete (%d of %d tasks measured); answering from what"
          + " exists%n", stored.runId(), stored.results().size(), stored.tasks().size());
    }
    if (json) {
      System.out.println(Json.text(answer));
    } else {
      print(answer);
    }
    return answer.found() ? 0 : NONE_MEETS;
  }

  private static void print(Recommendation r) {
    System.out.println(r.query());
    System.out.println("answer: " + r.answer());
    System.out.printf(Locale.ROOT, "%d of %d variant(s) meet the constraints%n", r.feasible(), r.considered());
    if (r.best() != null) {
      System.out.printf(Locale.ROOT, "%s meets every constraint in %.0f %% of the bootstrap draws%n",
          r.best().label(), 100 * r.best().constraintsMetShare());
      print(r.best());
    }
    if (r.runnerUp() != null) {
      System.out.println("runner-up: " + r.runnerUp().label() + "; " + r.why());
      print(r.runnerUp());
    }
    if (r.closest() != null) {
      System.out.println("closest: " + r.closest().label() + ", misses "
          + String.join("; ", r.closest().misses()));
      print(r.closest());
    }
    for (Candidate c : r.betterButExcluded()) {
      System.out.println("better but excluded: " + c.label() + " (" + String.join("; ", c.misses()) + ")");
    }
    if (!r.notConsidered().isEmpty()) {
      System.out.println("not considered: " + String.join(", ", r.notConsidered()));
    }
  }

  private static void print(Candidate c) {
    for (Map.Entry<String, Interval> f : c.figures().entrySet()) {
      Interval i = f.getValue();
      System.out.printf(Locale.ROOT, "    %-24s %12.4g   95 %% interval %.4g .. %.4g%n", f.getKey(), i.estimate(),
          i.low(), i.high());
    }
  }
}
