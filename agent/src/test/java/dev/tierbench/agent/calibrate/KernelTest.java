package dev.tierbench.agent.calibrate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The calibration kernels' FLOPs, from their inspected models, are the layers' textbook counts. */
class KernelTest {

  @Test
  void theDenseKernelIsTwoFlopsPerWeightPerSample() {
    Kernel dense = Kernel.dense();
    assertEquals(2L * 1024 * 1024, dense.flopsPerSample());
    assertEquals(32 * 2.0 * 1024 * 1024, dense.flopsPerQuery());
  }

  @Test
  void theDepthwiseKernelIsNineMultiplyAddsPerOutputElement() {
    assertEquals(2L * 9 * 56 * 56 * 128, Kernel.depthwise().flopsPerSample());
  }

  @Test
  void theMemoryBufferIsFarAboveACacheButAQuarterOfASmallHeapAtMost() {
    assertEquals(MemoryCopy.MAX_BYTES, MemoryCopy.bytes(32L << 30));
    assertEquals(32L << 20, MemoryCopy.bytes(256L << 20));
  }
}
