package dev.tierbench.agent.link;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

import dev.tierbench.common.protocol.WireMessage;

/**
 * How an agent's messages reach its coordinator: a dial-out link, the clustered event bus on a trusted network, an
 * in-memory coordinator in tests. Addresses are {@code common.protocol.Addresses}.
 */
public interface CoordinatorChannel {

  /**
   * Asks and waits up to {@code timeout} for the answer, which completes on the link's thread. Fails with a
   * {@link CoordinatorException}: refused by the coordinator, or unreachable.
   */
  CompletionStage<Object> request(String address, WireMessage message, Duration timeout);

  /** Tells, fire and forget; safe from any thread (progress and telemetry come from the measuring threads). */
  void send(String address, WireMessage message);

  /** Lets go of the connection, if the channel holds one of its own; requests in flight fail. */
  default void close() {}
}
