package dev.tierbench.coordinator.run;

/** Told whenever a run's progress changes; called on the coordinator's event loop, so it must not block. */
@FunctionalInterface
public interface RunListener {
  void changed(RunProgress progress);
}
