package dev.tierbench.agent.system;

import dev.tierbench.common.metrics.SystemMetrics;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;

import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.GlobalMemory;
import oshi.software.os.OSProcess;
import oshi.software.os.OperatingSystem;

/**
 * This process and the machine through OSHI: process and system CPU use between two samples, resident set,
 * JVM heap in use, memory available. CPU shares need a previous sample, so the first call reports none.
 */
public final class ProcessSampler implements Sampler {

  private final OperatingSystem os;
  private final CentralProcessor processor;
  private final GlobalMemory memory;
  private final int pid;
  private final int cpus;
  private OSProcess previousProcess;
  private long[] previousTicks;

  public ProcessSampler() {
    SystemInfo system = new SystemInfo();
    this.os = system.getOperatingSystem();
    this.processor = system.getHardware().getProcessor();
    this.memory = system.getHardware().getMemory();
    this.pid = os.getProcessId();
    this.cpus = Math.max(1, processor.getLogicalProcessorCount());
  }

  @Override
  public String name() {
    return "process";
  }

  @Override
  public Map<String, Double> sample() {
    Map<String, Double> values = new HashMap<>();
    OSProcess process = os.getProcess(pid);
    long[] ticks = processor.getSystemCpuLoadTicks();
    if (process != null) {
      values.put(SystemMetrics.RSS, (double) process.getResidentMemory());
      if (previousProcess == null) {
        previousProcess = process;
      } else if (process.getUpTime() > previousProcess.getUpTime()) {
        // OSHI's share is of one CPU (up to the CPU count): divide to get a share of the machine. CPU time comes
        // in 10 ms ticks, so over ~100 ms a share can read past 1: clamp what cannot be.
        values.put(SystemMetrics.CPU_PROCESS, Math.min(1, process.getProcessCpuLoadBetweenTicks(previousProcess) / cpus));
        previousProcess = process;
      }
    }
    // OSHI refreshes the system's tick counters less often than a sampler may ask: a share is computed only when
    // they have moved, over the real interval since they last did, not as zero over a stale pair.
    if (previousTicks == null) {
      previousTicks = ticks;
    } else if (!java.util.Arrays.equals(ticks, previousTicks)) {
      values.put(SystemMetrics.CPU_SYSTEM, processor.getSystemCpuLoadBetweenTicks(previousTicks));
      previousTicks = ticks;
    }
    values.put(SystemMetrics.HEAP, (double) ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    values.put(SystemMetrics.MEMORY_AVAILABLE, (double) memory.getAvailable());
    return values;
  }
}
