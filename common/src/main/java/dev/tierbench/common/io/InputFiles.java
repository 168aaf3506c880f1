package dev.tierbench.common.io;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Opens what a user names as an input file only if it is a regular file, and never reads more than a stated
 * number of bytes from it: {@code /dev/zero}, a FIFO or a folder given as a sweep or a dataset must end in one
 * line saying what it is, not in a read that never ends or an {@link OutOfMemoryError}.
 */
public final class InputFiles {

  /**
   * The largest sweep file read: thousands of models or axis values, far above any sweep written by hand, and small
   * enough that the YAML parser's worst case (a long flow list) stays near a second.
   */
  public static final long MAX_SWEEP_BYTES = 256L << 10;
  /** The largest dataset read, after decompression: its rows are held in memory while they are parsed. */
  public static final long MAX_DATASET_BYTES = 64L << 20;
  /** The largest label file (one class name a line). */
  public static final long MAX_LABELS_BYTES = 1L << 20;
  /**
   * The largest image file of an image set: far above a photo scored at a model's input size, and small enough that
   * its bytes and its decoded pixels are held together without straining a heap.
   */
  public static final long MAX_IMAGE_BYTES = 64L << 20;

  private InputFiles() {}

  /**
   * The whole of {@code file}.
   *
   * @param what the file's role, for messages ("sweep file")
   * @throws RefusedFileException for a missing or non-regular file, or one above {@code maxBytes}
   */
  public static byte[] read(Path file, String what, long maxBytes) throws IOException {
    try (InputStream in = open(file, what, maxBytes)) {
      return in.readAllBytes();
    }
  }

  /**
   * A stream over {@code file} that fails once more than {@code maxBytes} come out of it: the check holds for a
   * file that grows while it is read, and for a decompressing stream stacked on top through {@link #capped}.
   */
  public static InputStream open(Path file, String what, long maxBytes) throws IOException {
    if (requireRegular(file, what).size() > maxBytes) {
      throw tooLarge(file, what, maxBytes);
    }
    return capped(Files.newInputStream(file), file, what, maxBytes);
  }

  /**
   * The attributes of {@code file} if it is a regular file, without opening it (opening a FIFO blocks).
   *
   * @throws RefusedFileException for a missing file, a folder, a device, a FIFO or a socket
   */
  public static BasicFileAttributes requireRegular(Path file, String what) throws IOException {
    BasicFileAttributes attributes;
    try {
      // Following links is what the user means; the target is what must be a plain file.
      attributes = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      throw new RefusedFileException(file, what + " not found");
    }
    if (attributes.isDirectory()) {
      throw new RefusedFileException(file, "is a folder, not a " + what);
    }
    if (!attributes.isRegularFile()) {
      throw new RefusedFileException(file, "is " + kind(file) + ", so it cannot be a " + what);
    }
    return attributes;
  }

  /** What a file that is neither a folder nor a regular file is, from its mode where the platform has one. */
  private static String kind(Path file) {
    String unnamed = "not a regular file (a device, FIFO or socket)";
    int mode;
    try {
      mode = (Integer) Files.getAttribute(file, "unix:mode");
    } catch (UnsupportedOperationException | IllegalArgumentException | IOException noUnixView) {
      return unnamed;
    }
    // The file-type bits of st_mode (S_IFMT), as stat(2) names them.
    return switch (mode & 0170000) {
      case 0010000 -> "a FIFO, not a regular file";
      case 0020000 -> "a character device, not a regular file";
      case 0060000 -> "a block device, not a regular file";
      case 0140000 -> "a socket, not a regular file";
      default -> unnamed;
    };
  }

  /** {@code in}, failing once it has given more than {@code maxBytes}. */
  public static InputStream capped(InputStream in, Path file, String what, long maxBytes) {
    return new FilterInputStream(in) {
      private long count;

      @Override
      public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
          count(1);
        }
        return b;
      }

      @Override
      public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
          count(n);
        }
        return n;
      }

      private void count(long n) {
        count += n;
        if (count > maxBytes) {
          throw tooLarge(file, what, maxBytes);
        }
      }
    };
  }

  private static RefusedFileException tooLarge(Path file, String what, long maxBytes) {
    return new RefusedFileException(file, "is larger than the " + bytes(maxBytes) + " a " + what + " may be");
  }

  private static String bytes(long n) {
    return n % (1L << 20) == 0 ? (n >> 20) + " MiB" : n % (1L << 10) == 0 ? (n >> 10) + " KiB" : n + " bytes";
  }
}
