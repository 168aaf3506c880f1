package dev.tierbench.agent.host;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What board the agent runs on, where the machine says so: the device tree's model (a Jetson's "NVIDIA Jetson
 * Nano Developer Kit", a Pi's "Raspberry Pi 4 Model B Rev 1.4"; absent on PCs and cloud VMs) and a Jetson's L4T
 * release from {@code /etc/nv_tegra_release} (JetPack is the L4T release's bundle, named in NVIDIA's table).
 * Read under a root folder, as the system metrics are, so that a containerised agent can read its host's.
 */
public record Board(Optional<String> model, Optional<String> l4t) {

  /** "# R32 (release), REVISION: 5.1, GCID: ..." is L4T R32.5.1. */
  private static final Pattern RELEASE = Pattern.compile("^#\\s*R(\\d+)\\s*\\(release\\),\\s*REVISION:\\s*([0-9.]+)");

  public static Board read(Path root) {
    Optional<String> model = text(root.resolve("sys/firmware/devicetree/base/model"))
        .or(() -> text(root.resolve("proc/device-tree/model")));
    Optional<String> l4t = text(root.resolve("etc/nv_tegra_release")).flatMap(Board::l4t);
    return new Board(model, l4t);
  }

  static Optional<String> l4t(String release) {
    Matcher m = RELEASE.matcher(release);
    return m.find() ? Optional.of("R" + m.group(1) + "." + m.group(2)) : Optional.empty();
  }

  /** As agent labels ({@code board}, {@code l4t}), for registration and every result's agent. */
  public Map<String, String> labels() {
    Map<String, String> labels = new LinkedHashMap<>();
    model.ifPresent(m -> labels.put("board", m));
    l4t.ifPresent(r -> labels.put("l4t", r));
    return labels;
  }

  /** A device-tree string ends in NUL; an unreadable or empty file says nothing. */
  private static Optional<String> text(Path file) {
    try {
      String s = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).replace("\0", "").strip();
      return s.isEmpty() ? Optional.empty() : Optional.of(s.lines().findFirst().orElse(s));
    } catch (IOException | SecurityException e) {
      return Optional.empty();
    }
  }
}
