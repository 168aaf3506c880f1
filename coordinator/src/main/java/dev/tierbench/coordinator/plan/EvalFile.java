package dev.tierbench.coordinator.plan;

import java.nio.file.Path;

import dev.tierbench.common.protocol.EvalRef;

/** A held-out set on the coordinator's disk, and how tasks refer to it. */
public record EvalFile(EvalRef ref, Path path) {}
