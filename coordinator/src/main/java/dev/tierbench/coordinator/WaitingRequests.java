package dev.tierbench.coordinator;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import dev.tierbench.common.protocol.LeaseRequest;
import io.vertx.core.eventbus.Message;

/**
 * Agents' requests for work that found none, held per tier (oldest first) until a task turns up or the
 * lease poll runs out: agents pull without spinning, and get new work the moment it exists.
 */
final class WaitingRequests {

  private final Map<String, Deque<Message<LeaseRequest>>> byTier = new LinkedHashMap<>();

  void add(String tier, Message<LeaseRequest> request) {
    byTier.computeIfAbsent(tier, t -> new ArrayDeque<>()).addLast(request);
  }

  /** Removes {@code request} if it still waits; false if it was answered already. */
  boolean remove(String tier, Message<LeaseRequest> request) {
    Deque<Message<LeaseRequest>> queue = byTier.get(tier);
    return queue != null && queue.remove(request);
  }

  void removeAgent(String agentId) {
    byTier.values().forEach(queue -> queue.removeIf(m -> m.body().agentId().equals(agentId)));
  }

  Set<String> tiers() {
    return byTier.keySet();
  }

  /** The oldest request waiting for {@code tier}, removed; null if none. */
  Message<LeaseRequest> poll(String tier) {
    Deque<Message<LeaseRequest>> queue = byTier.get(tier);
    return queue == null ? null : queue.pollFirst();
  }

  /** Every waiting request, removed. */
  java.util.List<Message<LeaseRequest>> drain() {
    java.util.List<Message<LeaseRequest>> all = new java.util.ArrayList<>();
    byTier.values().forEach(all::addAll);
    byTier.clear();
    return all;
  }
}
