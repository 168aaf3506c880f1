package dev.tierbench.coordinator.queue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tierbench.common.cli.Causes;
import dev.tierbench.coordinator.Coordinator;
import dev.tierbench.coordinator.plan.Plan;
import dev.tierbench.coordinator.run.RunOutcome;
import dev.tierbench.coordinator.training.TrainedModels;
import dev.tierbench.coordinator.training.TrainingProgress;

/**
 * The coordinator as a service: submitted runs wait in the {@link QueueStore}, are prepared one at a time (models
 * generated or trained) on a thread of their own, then run side by side on the coordinator, which shares the agents
 * between them, up to max-runs at once; each ends done, failed or cancelled, with its report written. A restarted service resumes the runs
 * that were running or being prepared, then goes on with the queue.
 */
public final class RunService implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RunService.class);

  /** Plans a submitted run from its folder (the sweep and its inputs there); may train models first, telling how. */
  @FunctionalInterface
  public interface Preparer {
    Plan prepare(Path folder, TrainingProgress training) throws Exception;
  }

  /** What happens once a run has ended, beside the queue's record: its report is written, say. */
  @FunctionalInterface
  public interface Finisher {
    void finished(QueuedRun run, Plan plan, RunOutcome outcome) throws Exception;
  }

  private final Coordinator coordinator;
  private final QueueStore queue;
  private final Path runsDir;
  private final Preparer preparer;
  private final Finisher finisher;
  private final Clock clock;
  private final int maxRuns;
  private final ExecutorService prepareThread = Executors.newSingleThreadExecutor(r -> {
    Thread thread = new Thread(r, "tierbench-prepare");
    thread.setDaemon(true);
    return thread;
  });
  /** How the preparation of each run being prepared goes, in a line: its training's epoch, say. */
  private final Map<String, String> preparing = new ConcurrentHashMap<>();
  /** Why each run being prepared or running was cancelled: it ends as cancelled once its preparation or run does. */
  private final Map<String, String> cancelling = new ConcurrentHashMap<>();

  /** @param maxRuns how many runs may be prepared or running at once; the others wait in the queue */
  public RunService(Coordinator coordinator, QueueStore queue, Path runsDir, Preparer preparer, Finisher finisher,
      Clock clock, int maxRuns) {
    if (maxRuns < 1) {
      throw new IllegalArgumentException("max-runs must be >= 1, got " + maxRuns);
    }
    this.maxRuns = maxRuns;
    this.coordinator = coordinator;
    this.queue = queue;
    this.runsDir = runsDir;
    this.preparer = preparer;
    this.finisher = finisher;
    this.clock = clock;
  }

  /**
   * Resumes what an earlier coordinator left: runs that were running or being prepared are prepared again and
   * resumed together (agents' claims wait for all of them), then the queued ones follow in order.
   */
  public void start() {
    List<QueuedRun> unfinished = queue.all().stream().filter(r -> !r.status().ended()).toList();
    coordinator.holdUntilOpen();
    prepareThread.execute(() -> {
      for (QueuedRun run : unfinished) {
        if (run.status() != RunStatus.QUEUED) {
          LOG.info("run {} ({}) was {} when the coordinator stopped: resuming it", run.id(), run.submitter(),
              run.status().name().toLowerCase(Locale.ROOT));
          prepareAndRun(run);
        }
      }
      coordinator.open();
    });
    prepareThread.execute(this::next);
  }

  /**
   * Queues a run of {@code sweep} for {@code submitter}; {@code folder} writes its files (the sweep and its inputs)
   * into its run folder before it is queued.
   *
   * @throws Exception what writing the folder threw: the run is then recorded as failed
   */
  public QueuedRun submit(String sweep, String submitter, int priority, FolderWriter folder) throws Exception {
    QueuedRun run = queue.add(sweep, submitter, priority, clock.instant(),
        id -> Files.exists(runsDir.resolve(id)));
    try {
      folder.write(runsDir.resolve(run.id()));
    } catch (Exception e) {
      queue.move(run.id(), RunStatus.PREPARING, clock.instant(), "");
      queue.move(run.id(), RunStatus.FAILED, clock.instant(), "its files could not be written: "
          + Causes.rootMessage(e));
      throw e;
    }
    LOG.info("run {} of sweep {} queued by {} (priority {})", run.id(), sweep, submitter, priority);
    prepareThread.execute(this::next);
    return run;
  }

  /** Writes a submitted run's files into its folder. */
  @FunctionalInterface
  public interface FolderWriter {
    void write(Path folder) throws Exception;
  }

  /**
   * Cancels a run for {@code who}: a queued one at once, one being prepared when its preparation ends, a running
   * one by revoking its leases (what it measured is kept).
   *
   * @return the run as it stands; empty if there is no such run
   */
  public Optional<QueuedRun> cancel(String id, String who) {
    Optional<QueuedRun> run = queue.get(id);
    if (run.isEmpty() || run.get().status().ended()) {
      return run;
    }
    String reason = "cancelled by " + who;
    if (run.get().status() == RunStatus.QUEUED) {
      queue.move(id, RunStatus.CANCELLED, clock.instant(), reason);
    } else {
      cancelling.putIfAbsent(id, reason);
      if (run.get().status() == RunStatus.RUNNING) {
        coordinator.cancel(id, reason);
      }
    }
    LOG.info("run {}: {}", id, reason);
    return queue.get(id);
  }

  public List<QueuedRun> runs() {
    return queue.all();
  }

  public Optional<QueuedRun> run(String id) {
    return queue.get(id);
  }

  /** How the preparation of run {@code id} goes, while it is being prepared. */
  public Optional<String> preparation(String id) {
    return Optional.ofNullable(preparing.get(id));
  }

  /**
   * On the preparing thread: prepares and starts the oldest queued run while fewer than max-runs are being prepared
   * or running; called whenever a run is queued or ends.
   */
  private void next() {
    List<QueuedRun> all = queue.all();
    long active = all.stream().filter(r -> r.status() == RunStatus.PREPARING || r.status() == RunStatus.RUNNING)
        .count();
    if (active >= maxRuns) {
      return;
    }
    all.stream().filter(r -> r.status() == RunStatus.QUEUED).findFirst().ifPresent(run -> {
      queue.move(run.id(), RunStatus.PREPARING, clock.instant(), "");
      prepareAndRun(run);
      next();
    });
  }

  /** On the preparing thread: plans the run, then hands it to the coordinator, which runs it beside the others. */
  private void prepareAndRun(QueuedRun run) {
    Path folder = runsDir.resolve(run.id());
    Plan plan;
    try {
      preparing.put(run.id(), "preparing its models");
      plan = preparer.prepare(folder, training(run.id()));
    } catch (Exception e) {
      preparing.remove(run.id());
      LOG.warn("run {} cannot be prepared: {}", run.id(), Causes.rootMessage(e));
      queue.move(run.id(), RunStatus.FAILED, clock.instant(), "preparing it failed: " + Causes.rootMessage(e));
      return;
    }
    preparing.remove(run.id());
    String cancelledEarly = cancelling.remove(run.id());
    if (cancelledEarly != null) {
      queue.move(run.id(), RunStatus.CANCELLED, clock.instant(), cancelledEarly + " while it was prepared");
      return;
    }
    queue.move(run.id(), RunStatus.RUNNING, clock.instant(), "");
    coordinator.submit(run.id(), plan, folder, run.priority()).onComplete(ended -> prepareThread.execute(() -> {
      String cancelled = cancelling.remove(run.id());
      if (ended.failed()) {
        queue.move(run.id(), RunStatus.FAILED, clock.instant(), Causes.rootMessage(ended.cause()));
        next();
        return;
      }
      RunOutcome outcome = ended.result();
      try {
        finisher.finished(run, plan, outcome);
      } catch (Exception e) {
        LOG.warn("run {} ended, but its report cannot be written: {}", run.id(), Causes.rootMessage(e));
      }
      int failed = outcome.failures().size();
      String reason = cancelled != null ? cancelled
          : failed == 0 ? "" : failed + " of " + outcome.tasks() + " task(s) failed";
      queue.move(run.id(), cancelled != null ? RunStatus.CANCELLED : RunStatus.DONE, clock.instant(), reason);
      LOG.info("run {} {}", run.id(), cancelled != null ? reason : "done" + (failed == 0 ? "" : ": " + reason));
      next();
    }));
  }

  /** Notes how the training of run {@code id}'s models goes, and logs each variant trained. */
  private TrainingProgress training(String id) {
    return new TrainingProgress() {
      @Override
      public void epoch(String variant, int epoch, int epochs, double loss) {
        preparing.put(id, String.format(Locale.ROOT, "training %s: epoch %d/%d, loss %.4g", variant, epoch, epochs,
            loss));
      }

      @Override
      public void done(String variant, TrainedModels.TrainingRecord record, boolean cached) {
        LOG.info("run {}: {} {} ({} epochs, {} s)", id, cached ? "took from the cache" : "trained", variant,
            record.epochs(), String.format(Locale.ROOT, "%.1f", record.seconds()));
        preparing.put(id, (cached ? "took " : "trained ") + variant + (cached ? " from the cache" : ""));
      }
    };
  }

  @Override
  public void close() throws InterruptedException {
    prepareThread.shutdownNow();
    prepareThread.awaitTermination(10, TimeUnit.SECONDS);
  }
}
