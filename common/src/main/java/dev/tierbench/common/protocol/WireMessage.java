package dev.tierbench.common.protocol;

/**
 * A message that travels on the event bus. Every implementation is a record registered in {@link Protocol};
 * the list below is the whole wire vocabulary.
 */
public sealed interface WireMessage
    permits Register, Registered, Heartbeat, HeartbeatAck, LeaseRequest, TaskAssignment, NoWork, Progress,
        TaskResult, TaskFailure, TaskRelease, Leave, Ack, Telemetry {}
