package dev.tierbench.agent.host;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;

import dev.tierbench.common.protocol.AgentInfo;
import dev.tierbench.common.protocol.Calibration;
import dev.tierbench.common.protocol.EngineInfo;

/** Facts about the machine the agent runs on, for registration and for every result. */
public final class HostInfo {

  private HostInfo() {}

  public static String hostname() {
    String env = System.getenv("HOSTNAME");
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return env != null && !env.isBlank() ? env : "unknown-host";
    }
  }

  public static long memoryBytes() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getTotalMemorySize();
    }
    return 0;
  }

  /**
   * @param metricsAddress host:port of the agent's own metrics, or empty
   * @param calibration the device's measured peaks, or null
   */
  public static AgentInfo describe(String agentId, String tier, List<EngineInfo> engines, Map<String, String> labels,
      String metricsAddress, Calibration calibration) {
    return new AgentInfo(agentId, tier, hostname(),
        System.getProperty("os.name") + " " + System.getProperty("os.version"),
        System.getProperty("os.arch"),
        Runtime.getRuntime().availableProcessors(),
        memoryBytes(),
        System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
        engines, labels, metricsAddress, calibration);
  }
}
