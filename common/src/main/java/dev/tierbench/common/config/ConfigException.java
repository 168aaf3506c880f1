package dev.tierbench.common.config;

/** A configuration problem whose message is meant for the user as it is: what is wrong and where. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }
}
