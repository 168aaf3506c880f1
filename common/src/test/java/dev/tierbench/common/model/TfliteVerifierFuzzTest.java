package dev.tierbench.common.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import dev.tierbench.common.model.Mutations.Fraction;
import dev.tierbench.common.model.Mutations.Positions;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Real models, mutated the ways a careless copy or a hostile file mutates them: every result is a summary or one
 * line naming the file, never another exception, in bounded time.
 */
class TfliteVerifierFuzzTest {

  private static final List<byte[]> MODELS = List.of(
      read(ModelInspectorTest.TEST_MODELS.resolve("hello_world_float.tflite")),
      read(ModelInspectorTest.SHIPPED_MODELS.resolve("kws_ref_model.tflite")));
  /** The values a crafted offset or length takes: zero, the sign bit, the extremes, near the file's end. */
  private static final int[] EXTREMES = {0, 1, -1, 4, 0x7FFFFFFF, 0x7FFFFFF0, 0x80000000, 0x10000000, 0xFFFF,
      0x8000, 65_536, 3_000, 53_936};
  static void inspectsOrRefusesInOneLine(byte[] bytes) {
    Mutations.readsOrRefusesInOneLine("bad.tflite", () -> ModelInspector.inspect("bad.tflite", bytes));
  }

  @Property(tries = 300)
  void truncated(@ForAll("models") byte[] model, @ForAll(supplier = Fraction.class) double kept) {
    inspectsOrRefusesInOneLine(Arrays.copyOf(model, (int) (model.length * kept)));
  }

  @Property(tries = 300)
  void bytesFlipped(@ForAll("models") byte[] model, @ForAll(supplier = Positions.class) List<Double> where,
      @ForAll("masks") List<Byte> masks) {
    byte[] bytes = model.clone();
    for (int i = 0; i < Math.min(where.size(), masks.size()); i++) {
      bytes[(int) (where.get(i) * bytes.length)] ^= masks.get(i);
    }
    inspectsOrRefusesInOneLine(bytes);
  }

  @Property(tries = 600)
  void aWordOverwrittenWithAnExtremeValue(@ForAll("models") byte[] model,
      @ForAll(supplier = Fraction.class) double where, @ForAll("extremes") int value) {
    ByteBuffer bytes = ByteBuffer.wrap(model.clone()).order(ByteOrder.LITTLE_ENDIAN);
    // Offsets, lengths and dimensions are aligned 32-bit words: hit them, not their middles.
    bytes.putInt((int) (where * (model.length / 4)) * 4, value);
    inspectsOrRefusesInOneLine(bytes.array());
  }

  @Property(tries = 300)
  void aSpanCopiedElsewhere(@ForAll("models") byte[] model, @ForAll(supplier = Fraction.class) double from,
      @ForAll(supplier = Fraction.class) double to, @ForAll(supplier = Fraction.class) double span) {
    byte[] bytes = model.clone();
    int source = (int) (from * bytes.length);
    int target = (int) (to * bytes.length);
    int length = (int) (span * Math.min(256, bytes.length - Math.max(source, target)));
    System.arraycopy(model, source, bytes, target, length);
    inspectsOrRefusesInOneLine(bytes);
  }

  @Provide
  Arbitrary<byte[]> models() {
    return Arbitraries.of(MODELS);
  }


  @Provide
  Arbitrary<List<Byte>> masks() {
    return Arbitraries.bytes().filter(b -> b != 0).list().ofMinSize(1).ofMaxSize(8);
  }

  @Provide
  Arbitrary<Integer> extremes() {
    return Combinators.combine(Arbitraries.of(Arrays.stream(EXTREMES).boxed().toList()),
        Arbitraries.integers().between(-4, 4)).as(Integer::sum);
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
