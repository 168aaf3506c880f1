package dev.tierbench.common.trust;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an agent needs to join a coordinator for the first time, as kubeadm and k3s do it: the sha256 of the
 * coordinator's certificate authority (its public key), so that the agent verifies the server on first contact
 * with no trust-on-first-use, and a secret that the coordinator exchanges for a credential of the agent's own.
 * Written {@code tb1.<64 hex digits>.<secret>}.
 *
 * @param caKeySha256 the sha256 of the CA certificate's SubjectPublicKeyInfo, lower-case hex
 * @param secret base64url, at least {@link #MIN_SECRET} characters
 */
public record JoinToken(String caKeySha256, String secret) {

  private static final String PREFIX = "tb1";
  static final int MIN_SECRET = 22;
  private static final Pattern FORM = Pattern.compile(PREFIX + "\\.([0-9a-f]{64})\\.([A-Za-z0-9_-]{" + MIN_SECRET
      + ",128})");

  public JoinToken {
    if (caKeySha256 == null || !caKeySha256.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("a join token's CA hash is 64 lower-case hex digits");
    }
    if (secret == null || !secret.matches("[A-Za-z0-9_-]{" + MIN_SECRET + ",128}")) {
      throw new IllegalArgumentException("a join token's secret is " + MIN_SECRET + " to 128 base64url characters");
    }
  }

  /** A new token for the CA whose public key hashes to {@code caKeySha256}, with a fresh 256-bit secret. */
  public static JoinToken create(String caKeySha256) {
    return new JoinToken(caKeySha256, randomSecret());
  }

  /**
   * Reads a token as {@link #toString} writes it.
   *
   * @throws IllegalArgumentException in one line that never repeats the text (it may be a mistyped secret)
   */
  public static JoinToken parse(String text) {
    return parse(text, "join token");
  }

  /**
   * Reads a token of this form that is not a join token: a person's, which pins the coordinator's authority the
   * same way.
   *
   * @param what what the text should be, as the refusal names it ("user token")
   */
  public static JoinToken parse(String text, String what) {
    return tryParse(text).orElseThrow(() -> new IllegalArgumentException("not a " + what + ": expected " + PREFIX
        + ".<64 hex digits>.<secret> as the coordinator printed it (" + (text == null ? 0 : text.strip().length())
        + " characters given)"));
  }

  /** The token {@code text} holds, or empty if it holds none (a bare secret, say). */
  public static Optional<JoinToken> tryParse(String text) {
    Matcher m = FORM.matcher(text == null ? "" : text.strip());
    return m.matches() ? Optional.of(new JoinToken(m.group(1), m.group(2))) : Optional.empty();
  }

  /** 256 random bits, base64url without padding: a join secret, a credential or a browser token. */
  public static String randomSecret() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  @Override
  public String toString() {
    return PREFIX + "." + caKeySha256 + "." + secret;
  }
}
