package dev.tierbench.common.protocol;

/** Failure codes the coordinator uses in {@code Message.fail(code, text)}; the text is for people. */
public final class FailureCodes {

  /** The sender speaks another protocol version. */
  public static final int PROTOCOL_MISMATCH = 409;
  /** The sender is not registered (e.g. the coordinator restarted): register again. */
  public static final int UNKNOWN_AGENT = 404;
  /** The body is not the message this address takes. */
  public static final int BAD_REQUEST = 400;
  /** The coordinator could not store what it was sent; send it again later. */
  public static final int UNAVAILABLE = 503;
  /** A dial-out link's credential was refused (missing, unknown or revoked). */
  public static final int UNAUTHORIZED = 401;
  /** A dial-out link reached a server whose certificate is not from the authority the agent trusts. */
  public static final int UNTRUSTED = 495;

  private FailureCodes() {}
}
