package dev.tierbench.common.protocol;

/** Nothing to do for this agent now; it may ask again at once (the coordinator held the request a while). */
public record NoWork(String reason) implements WireMessage {}
