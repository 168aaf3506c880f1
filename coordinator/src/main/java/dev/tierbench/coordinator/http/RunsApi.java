package dev.tierbench.coordinator.http;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;

import dev.tierbench.common.config.Defaults;
import dev.tierbench.coordinator.analysis.Bounded;
import dev.tierbench.coordinator.analysis.Limits;
import dev.tierbench.coordinator.analysis.Metric;
import dev.tierbench.coordinator.analysis.MetricCatalog;
import dev.tierbench.coordinator.analysis.UnknownMetricException;
import dev.tierbench.coordinator.analysis.Variant;
import dev.tierbench.coordinator.analysis.Variants;
import dev.tierbench.coordinator.recommend.Recommender;
import dev.tierbench.coordinator.report.AnalysisSettings;
import dev.tierbench.coordinator.report.FrontierView;
import dev.tierbench.coordinator.report.HtmlReport;
import dev.tierbench.coordinator.report.Json;
import dev.tierbench.coordinator.report.ReportDocument;
import dev.tierbench.coordinator.report.ReportFiles;
import dev.tierbench.coordinator.report.RunDescription;
import dev.tierbench.coordinator.report.TrialRows;
import dev.tierbench.coordinator.store.RunReader;
import dev.tierbench.coordinator.store.RunFolders;
import dev.tierbench.coordinator.store.StoreException;
import dev.tierbench.coordinator.store.StoredRun;
import dev.tierbench.common.sweep.AnalysisSpec;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The REST API over stored runs (the runs folder, the run in progress included: SQLite's WAL lets it be read
 * while the coordinator writes). Every call reads the database afresh on a worker thread, so the live page
 * sees results as they are committed. Errors are JSON: {@code {"error": ...}}, with the run's metrics for a
 * bad objective or constraint (400) and the runs that exist for an unknown run (404).
 */
final class RunsApi {

  private final Answers answers;
  private final Path runsDir;
  /** The folder of the run in progress when its id is asked for (it may live outside the runs folder). */
  private final Function<String, Path> activeFolder;

  RunsApi(Answers answers, Path runsDir, Function<String, Path> activeFolder) {
    this.answers = answers;
    this.runsDir = runsDir;
    this.activeFolder = activeFolder;
  }

  void mount(Router router) {
    router.route("/api/runs*").handler(RunsApi::checkQuery);
    router.get("/api/runs").handler(ctx -> answer(ctx, this::runs));
    router.get("/api/runs/:id").handler(ctx -> answer(ctx, () -> RunDescription.of(load(ctx))));
    router.get("/api/runs/:id/trials").handler(ctx -> answer(ctx, () -> TrialRows.of(load(ctx))));
    router.get("/api/runs/:id/results").handler(ctx -> answer(ctx, () -> ReportFiles.resultRows(load(ctx))));
    router.get("/api/runs/:id/frontier").handler(ctx -> answer(ctx, () -> {
      StoredRun run = load(ctx);
      return analysed(run, () -> FrontierView.of(run, settings(ctx, run), ctx.queryParams().get("tier")));
    }));
    router.get("/api/runs/:id/recommend").handler(ctx -> answer(ctx, () -> recommend(ctx, load(ctx))));
    router.get("/api/runs/:id/report").handler(ctx -> answer(ctx, () -> {
      StoredRun run = load(ctx);
      return analysed(run, () -> ReportDocument.build(run, settings(ctx, run)));
    }));
    router.get("/api/runs/:id/report.html").handler(ctx -> answers.answer(ctx, "text/html; charset=utf-8", () -> {
      StoredRun run = load(ctx);
      return analysed(run, () -> HtmlReport.render(ReportDocument.build(run, settings(ctx, run))));
    }));
  }

  /**
   * Refuses a query with a value longer than {@link Limits#TEXT}, before any work: no metric, constraint or tier is
   * that long, and errors repeat what was asked. (A query that does not decode never gets here: see
   * {@link RequestTarget}.)
   */
  private static void checkQuery(RoutingContext ctx) {
    for (Map.Entry<String, String> p : ctx.queryParams()) {
      if (p.getValue().length() > Limits.TEXT) {
        ApiError.parameter(p.getKey() + " has " + p.getValue().length() + " characters, at most " + Limits.TEXT,
            p.getKey(), 0, Limits.TEXT).send(ctx);
        return;
      }
    }
    ctx.next();
  }

  private List<Map<String, Object>> runs() {
    List<Map<String, Object>> runs = new ArrayList<>();
    for (String id : RunFolders.ids(runsDir)) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("id", id);
      try {
        StoredRun run = RunReader.read(runsDir.resolve(id).resolve(RunFolders.DATABASE));
        row.put("sweep", run.sweepName());
        row.put("createdAt", run.createdAt().toString());
        row.put("tasks", run.tasks().size());
        row.put("measured", run.results().size());
        row.put("failed", run.failedTasks());
        row.put("unfinished", run.unfinishedTasks());
        row.put("active", activeFolder.apply(id) != null);
      } catch (StoreException e) {
        row.put("error", e.getMessage());
      }
      runs.add(row);
    }
    // Newest first: the live page shows the first when no run is in progress.
    runs.sort((a, b) -> String.valueOf(b.get("createdAt")).compareTo(String.valueOf(a.get("createdAt"))));
    return runs;
  }

  private Object recommend(RoutingContext ctx, StoredRun run) {
    String maximize = ctx.queryParams().get("maximize");
    String minimize = ctx.queryParams().get("minimize");
    List<Variant> variants = Variants.of(run);
    List<Metric> available = MetricCatalog.available(variants);
    if ((maximize == null) == (minimize == null)) {
      throw new ApiError(400, error("give either maximize=METRIC or minimize=METRIC", available));
    }
    atMost("where", ctx.queryParams().getAll("where").size(), Limits.CONSTRAINTS);
    AnalysisSettings settings = settings(ctx, run);
    return analysed(run, () -> Recommender.recommend(variants, AnalysisSettings.query(maximize != null ? maximize
        : minimize, maximize != null, ctx.queryParams().getAll("where"), ctx.queryParams().get("tier"), available,
        run.tiers()), settings.draws(), settings.seed()));
  }

  /** The sweep's analysis, with objectives, draws and seed from the query when given. */
  private AnalysisSettings settings(RoutingContext ctx, StoredRun run) {
    AnalysisSpec spec = RunFolders.analysis(folder(ctx));
    List<String> objectives = ctx.queryParams().getAll("objectives").stream()
        .flatMap(o -> Arrays.stream(o.split(","))).filter(o -> !o.isBlank()).toList();
    atMost("objectives", objectives.size(), Limits.OBJECTIVES);
    return AnalysisSettings.of(spec, (int) bounded(ctx, Limits.DRAWS, Defaults.get("draws")),
        bounded(ctx, Limits.SEED, Defaults.get("draw-seed")), Double.parseDouble(Defaults.get("plateau-gain")))
        .withObjectives(objectives);
  }

  /** A whole-number parameter in its range; else a 400 naming the parameter and the range. */
  private static long bounded(RoutingContext ctx, Bounded bound, String fallback) {
    String value = ctx.queryParams().get(bound.name());
    try {
      return bound.parse(value == null ? fallback : value);
    } catch (IllegalArgumentException e) {
      throw ApiError.parameter(e.getMessage(), bound.name(), bound.min(), bound.max());
    }
  }

  private static void atMost(String parameter, int count, int limit) {
    if (count > limit) {
      throw ApiError.parameter("at most " + limit + " " + parameter + ", got " + count, parameter, 0, limit);
    }
  }

  /** Runs an analysis; a bad objective, constraint or tier becomes a 400 that lists the run's metrics. */
  private static <T> T analysed(StoredRun run, Supplier<T> analysis) {
    try {
      return analysis.get();
    } catch (UnknownMetricException e) {
      throw new ApiError(400, error(e.getMessage(), e.available()));
    } catch (IllegalArgumentException e) {
      throw new ApiError(400, error(e.getMessage(), MetricCatalog.available(Variants.of(run))));
    }
  }

  private static Map<String, Object> error(String message, List<Metric> metrics) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", message);
    body.put("metrics", metrics.stream().map(Metric::name).toList());
    return body;
  }

  private Path folder(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    Path active = activeFolder.apply(id);
    if (active != null) {
      return active;
    }
    if (!id.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}") || !RunFolders.holdsRun(runsDir.resolve(id))) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("error", "no run '" + id + "' in " + runsDir);
      body.put("runs", RunFolders.ids(runsDir));
      throw new ApiError(404, body);
    }
    return runsDir.resolve(id);
  }

  private StoredRun load(RoutingContext ctx) {
    return RunReader.read(folder(ctx).resolve(RunFolders.DATABASE));
  }

  private void answer(RoutingContext ctx, Callable<Object> call) {
    answers.answer(ctx, "application/json", () -> Json.text(call.call()));
  }
}
