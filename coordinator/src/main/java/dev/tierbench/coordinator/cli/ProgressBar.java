package dev.tierbench.coordinator.cli;

import java.io.PrintStream;
import java.util.Locale;

import dev.tierbench.coordinator.run.RunListener;
import dev.tierbench.coordinator.run.RunProgress;

/**
 * A one-line progress bar on a terminal (redrawn in place), or a plain line every few seconds when the
 * output is not a terminal (CI logs).
 */
final class ProgressBar implements RunListener {

  private static final int WIDTH = 30;
  private static final long TERMINAL_EVERY_NANOS = 100_000_000L;
  private static final long LOG_EVERY_NANOS = 5_000_000_000L;

  private final PrintStream out;
  private final boolean terminal;
  private final long startNanos = System.nanoTime();
  private long lastDraw;
  private int lastWidth;

  private ProgressBar(PrintStream out, boolean terminal) {
    this.out = out;
    this.terminal = terminal;
  }

  /** @return null when {@code mode} says no progress should be shown */
  static ProgressBar create(ProgressMode mode, PrintStream out) {
    return switch (mode) {
      case NEVER -> null;
      case ALWAYS -> new ProgressBar(out, true);
      case AUTO -> new ProgressBar(out, System.console() != null);
    };
  }

  @Override
  public synchronized void changed(RunProgress p) {
    long now = System.nanoTime();
    boolean last = p.finished() == p.total();
    if (!last && now - lastDraw < (terminal ? TERMINAL_EVERY_NANOS : LOG_EVERY_NANOS)) {
      return;
    }
    lastDraw = now;
    int filled = p.total() == 0 ? WIDTH : (int) ((long) WIDTH * p.finished() / p.total());
    String line = String.format(Locale.ROOT, "[%s%s] %d/%d tasks%s, %d running, %d agent(s), %ds  %s",
        "#".repeat(filled), ".".repeat(WIDTH - filled), p.finished(), p.total(),
        (p.failed() > 0 ? " (" + p.failed() + " failed)" : "")
            + (p.skipped() > 0 ? " (" + p.skipped() + " predicted, not measured)" : ""), p.leased(), p.agents(),
        (now - startNanos) / 1_000_000_000L, p.lastEvent());
    if (terminal) {
      String padded = line.length() < lastWidth ? line + " ".repeat(lastWidth - line.length()) : line;
      lastWidth = line.length();
      out.print("\r" + padded);
      if (last) {
        out.println();
      }
    } else {
      out.println(line);
    }
    out.flush();
  }
}
