package dev.tierbench.common.protocol;

/** A message an agent sends about itself: a dial-out link carries one agent's messages only. */
public interface FromAgent {

  String agentId();
}
