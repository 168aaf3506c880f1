package dev.tierbench.coordinator.roofline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import dev.tierbench.common.protocol.Calibration;

/** A device of 100 GFLOP/s and 10 GB/s: its ridge is at 10 FLOPs per byte. */
class RooflineTest {

  private final Roofline device = Roofline.of(new Calibration(100, 30, 12, 10, 4));

  @Test
  void theRidgeIsPeakOverBandwidthAndTheRoofBendsThere() {
    assertEquals(10, device.ridge());
    assertEquals(20, device.roof(2), "bandwidth × intensity left of the ridge");
    assertEquals(100, device.roof(10));
    assertEquals(100, device.roof(1000), "the peak right of it");
  }

  @Test
  void aPointExactlyAtTheRidgeIsUnderThePeak() {
    // 1 GFLOP over 100 MB in 20 ms: 10 FLOPs/byte, 50 GFLOP/s.
    RooflinePoint p = device.place("v@edge", "v", 1e9, 1e8, 0.02);
    assertEquals(10, p.intensity(), 1e-12);
    assertEquals(50, p.achievedGflops(), 1e-9);
    assertEquals(100, p.roofGflops(), 1e-9);
    assertEquals(Roofline.COMPUTE_BOUND, p.bound());
    assertEquals(0.5, p.fraction(), 1e-12);
  }

  @Test
  void aPointLeftOfTheRidgeIsMemoryBound() {
    // 2 GFLOP over 1 GB in 100 ms: 2 FLOPs/byte, 20 GFLOP/s, on its roof.
    RooflinePoint p = device.place("m@edge", "m", 2e9, 1e9, 0.1);
    assertEquals(Roofline.MEMORY_BOUND, p.bound());
    assertEquals(20, p.roofGflops(), 1e-9);
    assertEquals(1.0, p.fraction(), 1e-12);
  }

  @Test
  void aPointRightOfTheRidgeIsComputeBound() {
    // 10 GFLOP over 100 MB in 250 ms: 100 FLOPs/byte, 40 GFLOP/s of 100.
    RooflinePoint p = device.place("c@edge", "c", 1e10, 1e8, 0.25);
    assertEquals(100, p.intensity(), 1e-9);
    assertEquals(Roofline.COMPUTE_BOUND, p.bound());
    assertEquals(40, p.achievedGflops(), 1e-9);
    assertEquals(0.4, p.fraction(), 1e-12);
  }

  @Test
  void aRooflineNeedsPositiveFiniteRoofs() {
    assertThrows(IllegalArgumentException.class, () -> new Roofline(0, 10));
    assertThrows(IllegalArgumentException.class, () -> new Roofline(100, Double.NaN));
  }
}
