package dev.tierbench.common.io;

/** Whether an address, as an operator writes it, names this machine only. */
public final class Loopback {

  private Loopback() {}

  /** {@code localhost}, 127.0.0.0/8 or ::1, without asking DNS (a name that resolves to loopback today may not later). */
  public static boolean is(String host) {
    if (host == null) {
      return false;
    }
    String h = host.strip();
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    return h.equalsIgnoreCase("localhost") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1")
        || h.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
  }
}
