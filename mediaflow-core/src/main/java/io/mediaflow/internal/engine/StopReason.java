package io.mediaflow.internal.engine;

/** Why an attempt must stop; the first reason asked for wins. */
enum StopReason {
  /** Not asked to stop. */
  RUNNING("running"),
  /** The job was cancelled: its outcome is dropped. */
  CANCELLED("cancelled"),
  /** It ran past its timeout: recorded as a {@code TIMEOUT} failure under its lease. */
  TIMED_OUT("timed out"),
  /** Its lease was taken over or cancelled elsewhere: its outcome is dropped. */
  LEASE_LOST("lease lost"),
  /** Given back to the queue on drain or with a stuck worker's batch: its outcome is dropped. */
  RELEASED("released on shutdown");

  private final String description;

  StopReason(String description) {
    this.description = description;
  }

  /** Whether the attempt's outcome is no longer this node's to record. */
  boolean dropsOutcome() {
    return this == CANCELLED || this == LEASE_LOST || this == RELEASED;
  }

  @Override
  public String toString() {
    return description;
  }
}
