package dev.tierbench.coordinator.store;

/** An agent that took part in a run, with the hardware and software it reported when it registered. */
public record StoredAgent(String agentId, String tier, String hostname, String os, String arch, int cores,
    long memoryBytes, String jvm, String engines, String labels) {}
