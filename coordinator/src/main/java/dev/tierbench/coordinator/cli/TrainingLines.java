package dev.tierbench.coordinator.cli;

import java.io.PrintStream;
import java.util.Locale;

import dev.tierbench.coordinator.training.TrainedModels;
import dev.tierbench.coordinator.training.TrainingProgress;

/**
 * Training as the terminal shows it while a sweep is planned: the epoch in progress redrawn in place on a
 * terminal, then a line per variant (trained, with its time and last loss, or taken from the cache).
 */
final class TrainingLines implements TrainingProgress {

  private final PrintStream out;
  private final boolean terminal;

  TrainingLines(PrintStream out, boolean terminal) {
    this.out = out;
    this.terminal = terminal;
  }

  @Override
  public void epoch(String variant, int epoch, int epochs, double loss) {
    if (terminal) {
      out.printf(Locale.ROOT, "\rtierbench: training %s: epoch %d/%d, loss %.4g   ", variant, epoch, epochs, loss);
      out.flush();
    }
  }

  @Override
  public void done(String variant, TrainedModels.TrainingRecord record, boolean cached) {
    out.printf(Locale.ROOT, "%stierbench: %s %s on %s (%d samples): %d epochs, final loss %.4g, %.2f s%s%n",
        terminal && !cached ? "\r" : "", cached ? "cached" : "trained", variant, record.dataset(),
        record.trainSamples(), record.epochs(), record.losses().get(record.losses().size() - 1), record.seconds(),
        cached ? " (when first trained)" : "");
  }
}
