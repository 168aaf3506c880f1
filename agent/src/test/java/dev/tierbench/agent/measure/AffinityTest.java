package dev.tierbench.agent.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;

import org.junit.jupiter.api.Test;

class AffinityTest {

  private static BitSet of(int... cpus) {
    BitSet set = new BitSet();
    for (int cpu : cpus) {
      set.set(cpu);
    }
    return set;
  }

  @Test
  void parsesTasksetLists() {
    assertEquals(of(0), Affinity.parse("0"));
    assertEquals(of(0, 2), Affinity.parse("0,2"));
    assertEquals(of(0, 1, 2, 3, 8), Affinity.parse("0-3,8"));
    assertThrows(IllegalArgumentException.class, () -> Affinity.parse("a-b"));
    assertThrows(IllegalArgumentException.class, () -> Affinity.parse("3-1"));
  }

  @Test
  void pinsTheCallingThreadAndRestoresItsSet() {
    BitSet before = Affinity.current();
    try (Affinity.Pinned pinned = Affinity.pin("0")) {
      assertEquals(of(0), Affinity.current());
    }
    assertEquals(before, Affinity.current());
  }

  @Test
  void aCpuThisProcessMayNotUseIsRefusedByName() {
    int beyond = Affinity.current().length() + 5;
    UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
        () -> Affinity.pin(Integer.toString(beyond)));
    assertTrue(e.getMessage().contains("CPU(s) {" + beyond + "} are not available to this process"), e.getMessage());
  }
}
