package dev.tierbench.common.protocol;

import java.util.List;

/** Every event-bus address tierbench uses. Agents send to the coordinator; the coordinator only replies. */
public final class Addresses {

  private static final String COORDINATOR = "tierbench.coordinator.";

  public static final String REGISTER = COORDINATOR + "register";
  public static final String HEARTBEAT = COORDINATOR + "heartbeat";
  public static final String LEASE = COORDINATOR + "lease";
  public static final String PROGRESS = COORDINATOR + "progress";
  public static final String RESULT = COORDINATOR + "result";
  public static final String FAILURE = COORDINATOR + "failure";
  public static final String RELEASE = COORDINATOR + "release";
  public static final String LEAVE = COORDINATOR + "leave";
  public static final String TELEMETRY = COORDINATOR + "telemetry";

  /** Every address, in a fixed order: a dial-out link's frames name an address by its place here. */
  public static final List<String> ALL = List.of(REGISTER, HEARTBEAT, LEASE, PROGRESS, RESULT, FAILURE, RELEASE, LEAVE,
      TELEMETRY);

  private Addresses() {}
}
