package dev.tierbench.common.protocol;

/**
 * {@code agentKnown} false: the coordinator does not know this agent (it restarted): register again.
 * {@code leaseValid} false: the lease named in the heartbeat is no longer the agent's: abandon that task.
 */
public record HeartbeatAck(boolean agentKnown, boolean leaseValid) implements WireMessage {}
