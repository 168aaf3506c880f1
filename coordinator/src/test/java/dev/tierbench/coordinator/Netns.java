package dev.tierbench.coordinator;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/** The emulated network of {@code deploy/netns/tierbench-netns}, for the tests that run hosts in namespaces. */
final class Netns {

  static final Path SCRIPT = Fixtures.ROOT.resolve("deploy/netns/tierbench-netns");
  /** Set to 1 where the namespace tests must run (bin/test, as root): they fail rather than skip. */
  static final String REQUIRE = "TIERBENCH_REQUIRE_NETNS";

  private Netns() {}

  /** A JVM running {@code jar} inside host {@code name}'s namespace, with the host's name as its hostname. */
  static List<String> inNamespace(String name, Path jar, String... args) {
    List<String> command = new ArrayList<>(List.of(SCRIPT.toString(), "exec", name,
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-jar", jar.toString()));
    command.addAll(List.of(args));
    return command;
  }

  /**
   * Aborts the calling test where network namespaces cannot be made (a developer's run without root), or fails it
   * in one line where {@value #REQUIRE}=1 says they must be (bin/test as root sets it), so that a suite that could
   * not make them does not pass green.
   */
  static void assumeNamespaces() throws Exception {
    String missing = whyNoNamespaces();
    if (missing == null) {
      return;
    }
    if ("1".equals(System.getenv(REQUIRE))) {
      Assertions.fail(REQUIRE + "=1 but network namespaces cannot be made here: " + missing);
    }
    Assumptions.abort("network namespaces cannot be made here: " + missing);
  }

  /** Null where this process may make network namespaces; else why not, in a few words. */
  private static String whyNoNamespaces() throws Exception {
    Process id = new ProcessBuilder("id", "-u").start();
    if (!new String(id.getInputStream().readAllBytes()).strip().equals("0")) {
      return "not root (namespaces, veths and tc need it)";
    }
    // Root may still lack the capability (a container without CAP_SYS_ADMIN): make one and see.
    try {
      Process probe = new ProcessBuilder("unshare", "--net", "true").redirectErrorStream(true).start();
      String output = new String(probe.getInputStream().readAllBytes()).strip();
      return probe.waitFor() == 0 ? null : "unshare --net: " + output;
    } catch (java.io.IOException e) {
      return "cannot run unshare: " + e.getMessage();
    }
  }
}
