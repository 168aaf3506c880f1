package dev.tierbench.common.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

class JoinTokenTest {

  private static final String HASH = "ab".repeat(32);

  @Test
  void aTokenReadsBackAsWritten() {
    JoinToken token = JoinToken.create(HASH);
    assertTrue(token.toString().startsWith("tb1." + HASH + "."));
    assertEquals(token, JoinToken.parse("  " + token + "\n"));
    assertNotEquals(token.secret(), JoinToken.create(HASH).secret(), "each token has a fresh secret");
    assertEquals(43, token.secret().length(), "256 bits, base64url");
  }

  @Test
  void aRefusalNeverRepeatsTheText() {
    String typo = "tb1." + HASH + ".secretsecretsecretsecret!";
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JoinToken.parse(typo));
    assertFalse(e.getMessage().contains("secretsecret"), e.getMessage());
    assertTrue(e.getMessage().startsWith("not a join token"), e.getMessage());
  }

  /** Mutations of a real token: each parses to a valid token or is refused in one line, never anything else. */
  @Test
  void garbageIsATokenOrOneLineOfRefusal() {
    Random random = new Random(5);
    String real = JoinToken.create(HASH).toString();
    String alphabet = "tb1.0123456789abcdefABCDEF-_!\n \u00e9";
    for (int i = 0; i < 10_000; i++) {
      StringBuilder text = new StringBuilder(real);
      for (int m = 0; m < 1 + random.nextInt(3); m++) {
        int at = random.nextInt(text.length() + 1);
        switch (random.nextInt(3)) {
          case 0 -> text.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
          case 1 -> text.setLength(Math.min(text.length(), at));
          default -> {
            if (at < text.length()) {
              text.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
            }
          }
        }
      }
      try {
        JoinToken parsed = JoinToken.parse(text.toString());
        assertEquals(parsed, JoinToken.parse(parsed.toString()));
      } catch (IllegalArgumentException e) {
        assertFalse(e.getMessage().contains("\n"));
      }
    }
  }
}
