package dev.tierbench.common.dataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.DeflaterOutputStream;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tierbench.common.io.InputFiles;

/** An image set's files are decoded only when they are regular files of bounded bytes and pixels. */
class ImageFolderTest {

  @TempDir
  Path dir;

  /**
   * A PNG written byte by byte, so its header can claim any size: 8-bit RGB, rows of {@code rows} (a white picture
   * when they match the size, too little data for a claimed giant).
   */
  static byte[] png(int width, int height, int rows) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    chunk(out, "IHDR", ByteBuffer.allocate(13).putInt(width).putInt(height).put(new byte[] {8, 2, 0, 0, 0}).array());
    ByteArrayOutputStream pixels = new ByteArrayOutputStream();
    try (DeflaterOutputStream deflate = new DeflaterOutputStream(pixels)) {
      byte[] row = new byte[1 + 3 * Math.min(width, 64)];
      Arrays.fill(row, 1, row.length, (byte) 0xff);
      for (int y = 0; y < rows; y++) {
        deflate.write(row);
      }
    }
    chunk(out, "IDAT", pixels.toByteArray());
    chunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
    byte[] name = type.getBytes(StandardCharsets.US_ASCII);
    CRC32 crc = new CRC32();
    crc.update(name);
    crc.update(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
    out.writeBytes(name);
    out.writeBytes(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }

  private DatasetException refused(Path image) {
    return assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertThrows(DatasetException.class,
        () -> ImageFolder.read(image.getParent(), null, 2, 2)));
  }

  @Test
  void theHandWrittenPngIsARealImage() throws Exception {
    Files.write(dir.resolve("white.png"), png(3, 2, 2));
    Dataset set = ImageFolder.read(dir, null, 2, 2);
    float[] white = new float[2 * 2 * 3];
    Arrays.fill(white, 1f);
    assertArrayEquals(white, set.features()[0]);
  }

  @Test
  void anImageClaimingGigapixelsIsRefusedFromItsHeaderAlone() throws Exception {
    Path image = Files.write(dir.resolve("bomb.png"), png(60_000, 60_000, 1));
    assertTrue(Files.size(image) < 200, "a few bytes: " + Files.size(image));
    assertEquals(image + ": is 60000 x 60000 pixels, above the 16384 pixels a side and 64 megapixels an image may"
        + " have", refused(image).getMessage());
  }

  @Test
  void theBoundsAreASideAndAnArea() throws Exception {
    Path image = dir.resolve("edge.png");
    Files.write(image, png(ImageDecoder.MAX_SIDE + 1, 1, 1));
    assertTrue(refused(image).getMessage().startsWith(image + ": is 16385 x 1 pixels, above"));
    Files.write(image, png(8192, 8193, 1));
    assertTrue(refused(image).getMessage().startsWith(image + ": is 8192 x 8193 pixels, above"));
  }

  @Test
  void aTruncatedOrGarbageImageIsRefusedNamingIt() throws Exception {
    byte[] whole = png(3, 2, 2);
    // Cut inside the pixel data: what a download stopped half way leaves.
    Path image = Files.write(dir.resolve("cut.png"), Arrays.copyOf(whole, 45));
    assertTrue(refused(image).getMessage().startsWith(image + ": cannot decode it as an image: "));
    Files.delete(image);

    Path garbage = Files.write(dir.resolve("noise.jpg"), "not a picture at all".getBytes(StandardCharsets.UTF_8));
    assertEquals(garbage + ": not an image this reader can decode (.bmp, .png, .jpg, .gif)",
        refused(garbage).getMessage());
  }

  @Test
  void aDecoderFailingWithAnUncheckedExceptionStillGivesOneLine() throws Exception {
    ByteArrayOutputStream bmp = new ByteArrayOutputStream();
    ImageIO.write(new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB), "bmp", bmp);
    byte[] bytes = bmp.toByteArray();
    // The offset of the pixel data, past any file: the JDK's BMP reader fails with NegativeArraySizeException.
    ByteBuffer.wrap(bytes).putInt(10, Integer.MAX_VALUE);
    Path image = Files.write(dir.resolve("far.bmp"), bytes);
    assertEquals(image + ": cannot decode it as an image: its data is damaged (NegativeArraySizeException in the"
        + " decoder)", refused(image).getMessage());
  }

  @Test
  void aFileAboveTheByteCapIsRefusedUnread() throws Exception {
    Path image = dir.resolve("huge.bmp");
    try (RandomAccessFile sparse = new RandomAccessFile(image.toFile(), "rw")) {
      sparse.setLength(InputFiles.MAX_IMAGE_BYTES + 1);
    }
    assertEquals(image + ": is larger than the 64 MiB a dataset image may be", refused(image).getMessage());
  }

  @Test
  void aFifoNamedAsAnImageIsRefusedNotSkippedOrOpened() throws Exception {
    Path fifo = dir.resolve("pipe.png");
    assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
    assertEquals(fifo + ": is a FIFO, not a regular file, so it cannot be a dataset image",
        refused(fifo).getMessage());
  }
}
