package dev.tierbench.common.dataset;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

import dev.tierbench.common.io.InputFiles;
import dev.tierbench.common.io.RefusedFileException;

/**
 * Decodes one image of a user's folder only after its header says it fits: a few hundred bytes of PNG or JPEG can
 * claim 60000 x 60000 pixels, which the decoder would allocate gigabytes for before finding the data missing.
 */
final class ImageDecoder {

  /**
   * The widest or tallest image decoded: above any camera's photo, and a side of 16384 with the area bound below
   * still allows a 16384 x 4096 panorama.
   */
  static final int MAX_SIDE = 16_384;
  /**
   * The most pixels decoded (8192 x 8192, a 64-megapixel photo): at 4 bytes a pixel, 256 MiB for the one image held
   * at a time, which a coordinator's heap holds; every image is shrunk to the model's input right after.
   */
  static final long MAX_PIXELS = 64L << 20;

  private ImageDecoder() {}

  /** @throws DatasetException naming the file: not a regular file, too many bytes or pixels, or not decodable */
  static BufferedImage decode(Path file) {
    byte[] bytes;
    try {
      bytes = InputFiles.read(file, "dataset image", InputFiles.MAX_IMAGE_BYTES);
    } catch (RefusedFileException e) {
      throw new DatasetException(file.toString(), e.reason());
    } catch (IOException e) {
      throw new DatasetException(file.toString(), "cannot read it: " + e.getMessage());
    }
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw new DatasetException(file.toString(), "not an image this reader can decode (.bmp, .png, .jpg, .gif)");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        requireSize(file, reader.getWidth(0), reader.getHeight(0));
        return reader.read(0);
      } finally {
        reader.dispose();
      }
    } catch (EOFException e) {
      throw new DatasetException(file.toString(), "cannot decode it as an image: the file ends before the image"
          + " does");
    } catch (IOException e) {
      throw new DatasetException(file.toString(), "cannot decode it as an image: " + firstLine(e));
    } catch (DatasetException e) {
      throw e;
    } catch (RuntimeException e) {
      // Decoders meet damaged data with whatever exception their code reaches first, unchecked ones included.
      throw new DatasetException(file.toString(), "cannot decode it as an image: its data is damaged ("
          + e.getClass().getSimpleName() + " in the decoder)");
    }
  }

  private static void requireSize(Path file, int width, int height) {
    if (width > MAX_SIDE || height > MAX_SIDE || (long) width * height > MAX_PIXELS) {
      throw new DatasetException(file.toString(), "is " + width + " x " + height + " pixels, above the " + MAX_SIDE
          + " pixels a side and " + (MAX_PIXELS >> 20) + " megapixels an image may have");
    }
  }

  private static String firstLine(Exception e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName()
        : message.lines().findFirst().orElse("");
  }
}
