package dev.tierbench.common.protocol;

/** The coordinator's reply to a result, failure, release or leave; {@code note} says why when not accepted. */
public record Ack(boolean accepted, String note) implements WireMessage {}
