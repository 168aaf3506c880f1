package dev.tierbench.common.io;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Whether an address, as an operator writes it, is this machine's loopback, the only place plain HTTP is allowed:
 * there no one else can read the tokens on the wire. Decided from the text alone, never by asking DNS (a name that resolves to loopback
 * today may not tomorrow), so only "localhost" and loopback literals count.
 */
public final class Loopback {

  private Loopback() {}

  public static boolean is(String host) {
    String h = host == null ? "" : host.strip().toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    if (h.equals("localhost")) {
      return true;
    }
    // Only literals: InetAddress reads these without a lookup. Blank means every interface.
    if (!h.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}") && !h.matches("[0-9a-f:.]*:[0-9a-f:.]*")) {
      return false;
    }
    try {
      return InetAddress.getByName(h).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
