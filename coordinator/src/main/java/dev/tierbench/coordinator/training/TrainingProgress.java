package dev.tierbench.coordinator.training;

/** Told how training goes, variant by variant and epoch by epoch; called on the planning thread. */
public interface TrainingProgress {

  TrainingProgress NONE = new TrainingProgress() {};

  /** After each epoch of the variant being trained. */
  default void epoch(String variant, int epoch, int epochs, double loss) {}

  /** When a variant is ready: trained now, or {@code cached} from an earlier sweep. */
  default void done(String variant, TrainedModels.TrainingRecord record, boolean cached) {}
}
