package dev.tierbench.common.protocol;

import io.vertx.core.eventbus.EventBus;

/** Gives tests outside this package an event bus that speaks another protocol version, as an old agent would. */
public final class OtherVersions {

  private OtherVersions() {}

  public static void install(EventBus bus, int version) {
    KryoMessageCodec.install(bus, new KryoMessageCodec(version));
  }
}
