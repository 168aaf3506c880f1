package dev.tierbench.coordinator;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The emulated network of {@code deploy/netns/tierbench-netns}, for the tests that run hosts in namespaces. */
final class Netns {

  static final Path SCRIPT = Fixtures.ROOT.resolve("deploy/netns/tierbench-netns");

  private Netns() {}

  /** A JVM running {@code jar} inside host {@code name}'s namespace, with the host's name as its hostname. */
  static List<String> inNamespace(String name, Path jar, String... args) {
    List<String> command = new ArrayList<>(List.of(SCRIPT.toString(), "exec", name,
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-jar", jar.toString()));
    command.addAll(List.of(args));
    return command;
  }

  /** Namespaces, veths and tc need root. */
  static boolean isRoot() throws Exception {
    Process id = new ProcessBuilder("id", "-u").start();
    return new String(id.getInputStream().readAllBytes()).strip().equals("0");
  }
}
