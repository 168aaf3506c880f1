package dev.tierbench.coordinator.plan;

import static dev.tierbench.common.sweep.Counts.plus;
import static dev.tierbench.common.sweep.Counts.times;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import dev.tierbench.common.model.ModelFormat;
import dev.tierbench.common.protocol.MeasureSettings;
import dev.tierbench.common.sweep.FileModelSource;
import dev.tierbench.common.sweep.GeneratedModelSource;
import dev.tierbench.common.sweep.ModelSource;
import dev.tierbench.common.sweep.PointCount;
import dev.tierbench.common.sweep.Sweep;

/**
 * What a sweep will make and measure, counted from the file alone before anything is generated, trained or measured
 * (as {@code terraform plan} shows before it applies), so that a plan of millions of tasks is refused before it is
 * built. The counts are upper bounds: the plan proper also leaves out what a model's batch dimension refuses and
 * measures a file listed twice once.
 *
 * @param files model files: one per model file, one per format its engines need for each generated variant
 * @param generated generated variants written without training (each in every format its engines need)
 * @param trained generated variants trained before the sweep runs
 * @param least device time if every task stops at its minimum duration
 * @param most device time if every task warms up and times for as long as it may
 */
public record PlanPreview(long files, long generated, long trained, long trials, int tiers, int repetitions,
    long tasks, Duration least, Duration most) {

  public PlanPreview {
    if (files < 0 || generated < 0 || trained < 0 || trials < 0 || tiers < 1 || repetitions < 1 || tasks < 0) {
      throw new IllegalArgumentException("a plan preview counts from zero, and at least one tier and repetition");
    }
  }

  public static PlanPreview of(Sweep sweep) {
    // A generated variant is written in each format the sweep's engines take, and measured in each.
    long formats = 0;
    long pointsPerVariant = 0;
    for (ModelFormat format : ModelFormat.values()) {
      long points = PointCount.of(sweep.axes(), format);
      formats += points > 0 ? 1 : 0;
      pointsPerVariant = plus(pointsPerVariant, points);
    }
    long files = 0;
    long generated = 0;
    long trained = 0;
    long trials = 0;
    for (ModelSource source : sweep.models()) {
      if (source instanceof GeneratedModelSource variant) {
        files += formats;
        trials = plus(trials, pointsPerVariant);
        if (variant.train() != null) {
          trained++;
        } else {
          generated++;
        }
      } else if (source instanceof FileModelSource file) {
        files++;
        trials = plus(trials, PointCount.of(sweep.axes(), formatOf(file)));
      }
    }
    long tasks = times(times(trials, sweep.tiers().size()), sweep.repetitions());
    MeasureSettings m = sweep.measure();
    return new PlanPreview(files, generated, trained, trials, sweep.tiers().size(), sweep.repetitions(), tasks,
        each(m.minDuration(), tasks), each(m.maxWarmup().plus(m.maxDuration()), tasks));
  }

  /** The format a model file will be read as, from its name: the file itself is not opened before the plan. */
  private static ModelFormat formatOf(FileModelSource file) {
    return file.path().endsWith(ModelFormat.ONNX.extension()) ? ModelFormat.ONNX : ModelFormat.TFLITE;
  }

  private static Duration each(Duration perTask, long tasks) {
    return Duration.ofMillis(times(perTask.toMillis(), tasks));
  }

  /** One line for {@code run} to print before it starts. */
  public String summary() {
    return String.format(Locale.ROOT, "plan: at most %,d task(s) (%,d trial(s) x %d tier(s) x %d repetition(s)),"
        + " %,d model(s) to generate, %,d to train, %s of measuring (estimate)", tasks, trials, tiers, repetitions,
        generated, trained, span());
  }

  /** What {@code tierbench plan} prints. */
  public List<String> lines() {
    return List.of(
        String.format(Locale.ROOT, "models:    %,d file(s): %,d variant(s) to generate, %,d to train", files,
            generated, trained),
        String.format(Locale.ROOT, "trials:    at most %,d (each model x each point of the axes its engines take)",
            trials),
        String.format(Locale.ROOT, "tasks:     at most %,d = %,d trial(s) x %d tier(s) x %d repetition(s)", tasks,
            trials, tiers, repetitions),
        "measuring: " + span() + " of device time, an estimate: each task times at least its min-duration and at"
            + " most max-warmup + max-duration, plus loading; the agents of each tier share it");
  }

  /**
   * Why a run of this plan is refused, if it is: more tasks than {@code maxTasks}, or more variants to train than
   * {@code maxTrained}; the reason says how to raise the limit.
   */
  public Optional<String> refusal(long maxTasks, long maxTrained) {
    if (tasks > maxTasks) {
      return Optional.of(String.format(Locale.ROOT, "the plan has up to %,d tasks, above the limit of %,d: list fewer"
          + " axis values, models, tiers or repetitions, or raise the limit with --max-tasks %d", tasks, maxTasks,
          tasks));
    }
    if (trained > maxTrained) {
      return Optional.of(String.format(Locale.ROOT, "the plan trains %,d variants, above the limit of %,d: list fewer"
          + " parameter values, epochs or learning rates, or raise the limit with --max-trained %d", trained,
          maxTrained, trained));
    }
    return Optional.empty();
  }

  private String span() {
    return about(least) + " to " + about(most);
  }

  /** A duration as a person reads an estimate: 40s, 12 min, 3.5 h, 41 days. */
  private static String about(Duration d) {
    long s = d.toSeconds();
    if (s < 120) {
      return s + "s";
    }
    if (s < 2 * 3600) {
      return Math.round(s / 60.0) + " min";
    }
    if (s < 2 * 86_400) {
      return String.format(Locale.ROOT, "%.1f h", s / 3600.0);
    }
    return String.format(Locale.ROOT, "%,d days", s / 86_400);
  }
}
