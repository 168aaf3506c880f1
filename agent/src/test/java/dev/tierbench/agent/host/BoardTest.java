package dev.tierbench.agent.host;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The board model and L4T release as recorded on real Jetsons, laid out under a root as on the device. */
class BoardTest {

  private static final Path SAMPLES = Path.of("src/test/resources/samples");

  @TempDir
  Path root;

  private void place(String sample, String path) throws Exception {
    Path target = root.resolve(path);
    Files.createDirectories(target.getParent());
    Files.copy(SAMPLES.resolve(sample), target);
  }

  @Test
  void aJetsonSaysItsModelAndL4tRelease() throws Exception {
    place("device-tree-model-nano-jp4.3.txt", "sys/firmware/devicetree/base/model");
    place("nv_tegra_release-tx2-l4t32.5.1.txt", "etc/nv_tegra_release");
    Board board = Board.read(root);
    assertEquals(Optional.of("NVIDIA Jetson Nano Developer Kit"), board.model());
    assertEquals(Optional.of("R32.5.1"), board.l4t());
    assertEquals(Map.of("board", "NVIDIA Jetson Nano Developer Kit", "l4t", "R32.5.1"), board.labels());
  }

  @Test
  void anOlderJetsonThroughProcAndAPiWithItsNulTerminatedModel() throws Exception {
    place("device-tree-model-tx1-jp3.2.txt", "proc/device-tree/model");
    assertEquals(Optional.of("jetson_tx1"), Board.read(root).model());
    Path pi = Files.createDirectories(root.resolve("pi/sys/firmware/devicetree/base")).resolve("model");
    Files.write(pi, "Raspberry Pi 4 Model B Rev 1.4\0".getBytes());
    Board board = Board.read(root.resolve("pi"));
    assertEquals(Map.of("board", "Raspberry Pi 4 Model B Rev 1.4"), board.labels(), "no L4T on a Pi");
  }

  @Test
  void aPcOrCloudVmHasNeither() {
    assertEquals(Map.of(), Board.read(root).labels());
    assertEquals(Optional.empty(), Board.l4t("not a release line"));
  }
}
