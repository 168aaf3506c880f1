package dev.tierbench.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;

import dev.tierbench.common.protocol.WireMessage;

/**
 * Task outcomes (results, failures, hand-backs) not yet acknowledged by a coordinator. It outlives one
 * cluster connection: an agent that joins again delivers what it holds before it takes new work.
 */
public final class Outbox {

  private final ConcurrentLinkedDeque<WireMessage> held = new ConcurrentLinkedDeque<>();

  public void hold(WireMessage outcome) {
    held.addLast(outcome);
  }

  /** Everything held, oldest first, still held. */
  public List<WireMessage> peek() {
    return List.copyOf(held);
  }

  /** Everything held, oldest first; the outbox is empty afterwards. */
  public List<WireMessage> drain() {
    List<WireMessage> all = new ArrayList<>();
    WireMessage next;
    while ((next = held.pollFirst()) != null) {
      all.add(next);
    }
    return all;
  }

  public int size() {
    return held.size();
  }
}
