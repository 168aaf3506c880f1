package dev.tierbench.coordinator.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** Refusals are logged one line per peer per window, the next line counting those left out. */
class RefusalsTest {

  private final List<String> lines = new ArrayList<>();
  private final AtomicLong now = new AtomicLong(1_000);
  private final Refusals refusals = new Refusals(lines::add, now::get);

  @Test
  void aFloodFromOnePeerIsOneLineAWindowAndOtherPeersStillShow() {
    String model = "/models/" + "ab12".repeat(16);
    for (int i = 0; i < 1_000; i++) {
      refusals.refused("10.0.0.5", 51_234 + i, "GET", model, "", "no credential");
    }
    refusals.refused("10.0.0.6", 40_000, "GET", "/agent", "agent link", "an unknown bearer credential");
    assertEquals(List.of("refused GET /models/ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12 from"
        + " 10.0.0.5:51234: no credential", "refused GET /agent (agent link) from 10.0.0.6:40000: an unknown bearer"
        + " credential"), lines);

    now.addAndGet(Refusals.WINDOW.toNanos() - 1);
    refusals.refused("10.0.0.5", 1, "GET", "/", "", "no credential");
    assertEquals(2, lines.size(), "still within the window");
    now.addAndGet(1);
    refusals.refused("10.0.0.5", 2, "POST", "/api/agents/credential", "", "no credential");
    assertEquals("refused POST /api/agents/credential from 10.0.0.5:2: no credential (and 1000 more refusals from"
        + " 10.0.0.5 not logged)", lines.get(2));
    now.addAndGet(Refusals.WINDOW.toNanos());
    refusals.refused("10.0.0.5", 3, "GET", "/", "", "no credential");
    assertEquals("refused GET / from 10.0.0.5:3: no credential", lines.get(3), "the count starts again");
  }

  @Test
  void aPathIsLoggedOnOneShortLine() {
    refusals.refused("::1", 9, "GET", "/x\n\u2028" + "y".repeat(500), "", "no credential");
    assertEquals("refused GET /x  " + "y".repeat(73) + "... from ::1:9: no credential", lines.get(0));
  }

  @Test
  void manyPeersAreForgottenOnceQuiet() {
    for (int i = 0; i < 5_000; i++) {
      refusals.refused("10.1." + i / 256 + "." + i % 256, 1, "GET", "/", "", "no credential");
      now.addAndGet(Refusals.WINDOW.toNanos() / 100);
    }
    assertEquals(5_000, lines.size(), "each new peer gets its line");
    refusals.refused("10.1.0.0", 2, "GET", "/", "", "no credential");
    assertEquals(5_001, lines.size(), "a peer quiet for longer than the window is logged again");
  }
}
