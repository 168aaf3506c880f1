package dev.tierbench.common.protocol;

/** Nothing to do for this agent now; it may ask again at once (the coordinator held the request a while). */
public record NoWork(String reason) implements WireMessage {

  /** The reason when the coordinator has no run at all: its sweep is over, or has not begun. */
  public static final String NO_RUN = "no run in progress";

  public static NoWork noRun() {
    return new NoWork(NO_RUN);
  }

  /** Whether the coordinator had no run: an agent that then loses it need not worry anyone. */
  public boolean runOver() {
    return NO_RUN.equals(reason);
  }
}
