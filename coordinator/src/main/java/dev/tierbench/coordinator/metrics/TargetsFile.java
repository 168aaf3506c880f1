package dev.tierbench.coordinator.metrics;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.tierbench.common.io.AtomicFiles;
import dev.tierbench.common.protocol.AgentInfo;

/**
 * The agents Prometheus should scrape, as a file for its {@code file_sd_configs}: one target per registered
 * agent that serves metrics, labelled with its tier and id. An agent that stops answering stays listed until
 * it leaves, so that {@code up == 0} shows it.
 */
public final class TargetsFile {

  private static final ObjectMapper JSON = new ObjectMapper();

  private TargetsFile() {}

  /** Replaces {@code file} in one step: Prometheus never reads half of it. */
  public static void write(Path file, List<AgentInfo> agents) throws IOException {
    List<Map<String, Object>> groups = new ArrayList<>();
    for (AgentInfo agent : agents) {
      if (!agent.metricsAddress().isBlank()) {
        Map<String, Object> group = new LinkedHashMap<>();
        group.put("targets", List.of(agent.metricsAddress()));
        group.put("labels", Map.of("tier", agent.tier(), "agent", agent.agentId()));
        groups.add(group);
      }
    }
    AtomicFiles.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(groups));
  }
}
