package dev.tierbench.common.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Only regular files are read, and never more than the cap, whatever the file claims or turns out to be. */
class InputFilesTest {

  @TempDir
  Path dir;

  @Test
  void aRegularFileIsReadWhole() throws Exception {
    Path file = Files.write(dir.resolve("a.yaml"), new byte[] {1, 2, 3});
    assertArrayEquals(new byte[] {1, 2, 3}, InputFiles.read(file, "sweep file", 3));
  }

  @Test
  void aFolderIsRefusedByWhatItIs() {
    RefusedFileException e = assertThrows(RefusedFileException.class, () -> InputFiles.read(dir, "sweep file", 10));
    assertEquals(dir + ": is a folder, not a sweep file", e.getMessage());
  }

  @Test
  void aDeviceIsRefusedAtOnceInsteadOfReadForever() {
    RefusedFileException e = assertTimeoutPreemptively(Duration.ofSeconds(2), () -> assertThrows(
        RefusedFileException.class, () -> InputFiles.read(Path.of("/dev/zero"), "dataset", 1 << 20)));
    assertEquals("is a character device, not a regular file, so it cannot be a dataset", e.reason());
  }

  @Test
  void aFifoIsRefusedWithoutOpeningIt() throws Exception {
    Path fifo = dir.resolve("pipe");
    // Opening a FIFO with no writer blocks forever: the refusal must come from its attributes alone.
    assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
    RefusedFileException e = assertTimeoutPreemptively(Duration.ofSeconds(2), () -> assertThrows(
        RefusedFileException.class, () -> InputFiles.read(fifo, "sweep file", 10)));
    assertEquals(fifo + ": is a FIFO, not a regular file, so it cannot be a sweep file", e.getMessage());
    Path link = Files.createSymbolicLink(dir.resolve("link.yaml"), fifo);
    assertEquals("is a FIFO, not a regular file, so it cannot be a sweep file", assertThrows(RefusedFileException.class,
        () -> InputFiles.requireRegular(link, "sweep file")).reason(), "what the link leads to is named");
  }

  @Test
  void theNullDeviceIsNamedACharacterDevice() {
    RefusedFileException e = assertThrows(RefusedFileException.class,
        () -> InputFiles.requireRegular(Path.of("/dev/null"), "model file"));
    assertEquals("/dev/null: is a character device, not a regular file, so it cannot be a model file",
        e.getMessage());
  }

  @Test
  void aSocketIsNamedASocket() throws Exception {
    Path socket = dir.resolve("agent.sock");
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(socket));
      RefusedFileException e = assertThrows(RefusedFileException.class,
          () -> InputFiles.requireRegular(socket, "dataset"));
      assertEquals("is a socket, not a regular file, so it cannot be a dataset", e.reason());
    }
  }

  @Test
  void aMissingFileIsNamed() {
    Path missing = dir.resolve("gone.csv");
    RefusedFileException e = assertThrows(RefusedFileException.class, () -> InputFiles.read(missing, "dataset", 9));
    assertEquals("dataset not found", e.reason());
  }

  @Test
  void aFileAboveTheCapIsRefusedBeforeItIsRead() throws Exception {
    Path file = Files.write(dir.resolve("big.yaml"), new byte[(256 << 10) + 1]);
    RefusedFileException e = assertThrows(RefusedFileException.class,
        () -> InputFiles.read(file, "sweep file", InputFiles.MAX_SWEEP_BYTES));
    assertEquals("is larger than the 256 KiB a sweep file may be", e.reason());
    Files.write(file, new byte[256 << 10]);
    assertEquals(256 << 10, InputFiles.read(file, "sweep file", InputFiles.MAX_SWEEP_BYTES).length);
  }

  @Test
  void aStreamThatInflatesPastTheCapStopsThere() throws Exception {
    ByteArrayOutputStream packed = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(packed)) {
      gzip.write(new byte[4 << 20]);
    }
    Path file = dir.resolve("bomb.csv.gz");
    try (InputStream in = InputFiles.capped(new GZIPInputStream(new ByteArrayInputStream(packed.toByteArray())),
        file, "dataset", 1 << 20)) {
      RefusedFileException e = assertThrows(RefusedFileException.class, in::readAllBytes);
      assertEquals(file + ": is larger than the 1 MiB a dataset may be", e.getMessage());
    }
  }
}
