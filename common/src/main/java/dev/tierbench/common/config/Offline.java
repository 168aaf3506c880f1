package dev.tierbench.common.config;

/** Keeps DJL from touching the network: no downloads, no start-up metadata call (STACK.md). */
public final class Offline {

  private Offline() {}

  public static void enforce() {
    System.setProperty("offline", "true");
    System.setProperty("ai.djl.offline", "true");
    System.setProperty("OPT_OUT_TRACKING", "true");
  }
}
