package dev.tierbench.common.dataset;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged images of every format an image set takes, and headers claiming other sizes: each is read, or refused in
 * one line naming the file, in bounded time; nothing else escapes the decoders. Seeded, so a failure names its input.
 */
class ImageFolderFuzzTest {

  private static final int INPUTS = 5_000;
  private static final long BUDGET_NANOS = 60_000_000_000L;
  private static final long ONE_INPUT_NANOS = 2_000_000_000L;
  /** Sizes a header may claim: none, negative, just past the bound, gigapixels, overflowing a pixel count. */
  private static final List<Integer> CLAIMED_SIZES = List.of(0, -1, 16_385, 20_000, 60_000, Integer.MAX_VALUE);

  @TempDir
  Path dir;

  private static List<byte[]> validImages() throws Exception {
    BufferedImage picture = new BufferedImage(16, 12, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 12; y++) {
      for (int x = 0; x < 16; x++) {
        picture.setRGB(x, y, x * 16 << 16 | y * 20 << 8 | (x + y) * 8);
      }
    }
    List<byte[]> images = new ArrayList<>();
    for (String format : List.of("png", "jpg", "bmp", "gif")) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      assertTrue(ImageIO.write(picture, format, out), format);
      images.add(out.toByteArray());
    }
    images.add(ImageFolderTest.png(5, 4, 4));
    return images;
  }

  @Test
  void everyDamagedImageIsReadOrRefusedInOneLineNamingIt() throws Exception {
    List<byte[]> seeds = validImages();
    Random random = new Random(15);
    Path file = dir.resolve("fuzz.png");
    Pattern refusal = Pattern.compile(Pattern.quote(file.toString()) + ": \\S[^\\n]*");
    long start = System.nanoTime();
    int refused = 0;
    for (int i = 0; i < INPUTS; i++) {
      byte[] input = mutate(seeds.get(i % seeds.size()), random);
      Files.write(file, input);
      long before = System.nanoTime();
      try {
        ImageFolder.read(dir, null, 4, 4);
      } catch (DatasetException e) {
        refused++;
        if (!refusal.matcher(e.getMessage()).matches()) {
          fail("input " + i + ": not one line naming the file: '" + e.getMessage() + "'\n" + shown(input));
        }
      } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
        fail("input " + i + " escaped the decoder as " + e + "\n" + shown(input), e);
      }
      long took = System.nanoTime() - before;
      assertTrue(took < ONE_INPUT_NANOS, () -> "input took " + took / 1_000_000 + " ms:\n" + shown(input));
    }
    long total = System.nanoTime() - start;
    assertTrue(total < BUDGET_NANOS, "the fuzz set took " + total / 1_000_000 + " ms");
    assertTrue(refused > INPUTS / 4 && refused < INPUTS, "damage that bites and some that decodes: " + refused);
  }

  /** One to three of: a byte changed, a cut, random bytes inserted, a header's sizes changed. */
  private static byte[] mutate(byte[] valid, Random random) {
    byte[] bytes = valid.clone();
    for (int round = 1 + random.nextInt(3); round > 0 && bytes.length > 40; round--) {
      int at = random.nextInt(bytes.length - 4);
      switch (random.nextInt(4)) {
        case 0 -> bytes[at] = (byte) random.nextInt(256);
        case 1 -> bytes = java.util.Arrays.copyOf(bytes, at);
        case 2 -> {
          byte[] extra = new byte[1 + random.nextInt(16)];
          random.nextBytes(extra);
          ByteBuffer grown = ByteBuffer.allocate(bytes.length + extra.length);
          bytes = grown.put(bytes, 0, at).put(extra).put(bytes, at, bytes.length - at).array();
        }
        default -> {
          // Two neighbouring fields in the first 32 bytes, where PNG and BMP write width and height.
          int size = CLAIMED_SIZES.get(random.nextInt(CLAIMED_SIZES.size()));
          ByteBuffer.wrap(bytes).putInt(at % 32, size).putInt(at % 32 + 4, size);
        }
      }
    }
    return bytes;
  }

  private static String shown(byte[] input) {
    return HexFormat.of().formatHex(input, 0, Math.min(input.length, 300));
  }
}
