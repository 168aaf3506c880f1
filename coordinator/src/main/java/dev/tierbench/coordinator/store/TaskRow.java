package dev.tierbench.coordinator.store;

/** A planned task as stored: where it stands and, if it failed, why. */
public record TaskRow(String taskId, String trialId, String tier, int repetition, String state, int attempts,
    String reason) {}
