package dev.tierbench.common.protocol;

/**
 * What the codec yields instead of a message when the sender speaks another protocol version: the bytes
 * after the header cannot be trusted, so nothing is decoded. Handlers answer it with a clear refusal.
 */
public record ProtocolMismatch(int remoteVersion, int localVersion) {

  public String describe() {
    return "protocol mismatch: the sender speaks tierbench protocol v" + remoteVersion
        + " but this side speaks v" + localVersion + "; run the same tierbench release on coordinator and agents";
  }
}
