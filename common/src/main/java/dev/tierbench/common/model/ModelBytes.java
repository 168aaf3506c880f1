package dev.tierbench.common.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

import dev.tierbench.common.io.InputFiles;
import dev.tierbench.common.io.RefusedFileException;

/**
 * Opens a model file only once it is known to be one: a regular, readable, non-empty file of at most
 * {@link #MAX_BYTES}. A folder, FIFO, socket or device is refused as such and never opened (opening a FIFO waits for
 * a writer; reading /dev/zero never ends), and nothing larger than a model can be is read.
 */
public final class ModelBytes {

  /**
   * The largest model file: flatbuffers address at most 2 GiB (signed 32-bit offsets), protobuf refuses messages
   * above 2 GiB, and a Java array holds no more.
   */
  public static final long MAX_BYTES = Integer.MAX_VALUE - 8;

  private ModelBytes() {}

  /**
   * The size of {@code file} after checking its kind ({@link InputFiles#requireRegular}, which never opens it).
   *
   * @throws ModelFormatException naming the file and what it is instead of a model file
   */
  public static long check(Path file) throws IOException {
    BasicFileAttributes attributes;
    try {
      attributes = InputFiles.requireRegular(file, "model file");
    } catch (RefusedFileException e) {
      throw new ModelFormatException(e.getMessage(), e);
    }
    if (!Files.isReadable(file)) {
      throw new ModelFormatException(file + ": cannot be read (permission denied)");
    }
    if (attributes.size() == 0) {
      throw new ModelFormatException(file + ": is empty, not a model file");
    }
    if (attributes.size() > MAX_BYTES) {
      throw new ModelFormatException(file + ": holds " + attributes.size() + " bytes, more than a model file can ("
          + MAX_BYTES + ")");
    }
    return attributes.size();
  }

  /** The whole of {@code file}, once {@link #check} passed. */
  public static byte[] read(Path file) throws IOException {
    check(file);
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = in.readNBytes((int) MAX_BYTES + 1);
      if (bytes.length > MAX_BYTES) {
        throw new ModelFormatException(file + ": grew past " + MAX_BYTES + " bytes while it was read");
      }
      return bytes;
    } catch (AccessDeniedException e) {
      throw new ModelFormatException(file + ": cannot be read (permission denied)");
    }
  }

  /** {@code file} mapped read-only, outside the Java heap, once {@link #check} passed. */
  public static MappedByteBuffer map(Path file) throws IOException {
    long size = check(file);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      return channel.map(FileChannel.MapMode.READ_ONLY, 0, Math.min(size, channel.size()));
    } catch (AccessDeniedException e) {
      throw new ModelFormatException(file + ": cannot be read (permission denied)");
    }
  }
}
