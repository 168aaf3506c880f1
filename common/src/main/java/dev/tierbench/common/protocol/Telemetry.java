package dev.tierbench.common.protocol;

import java.util.Map;

/**
 * An agent's latest system figures while it measures a task, sent about once a second (fire and forget) so
 * that live views can show them; the summaries that count travel with the result.
 */
public record Telemetry(String agentId, String taskId, long atMillis, Map<String, Double> values)
    implements WireMessage, FromAgent {
  public Telemetry {
    Checks.text(agentId, "agentId");
    Checks.text(taskId, "taskId");
    values = Map.copyOf(values);
  }
}
