package io.mediaflow.api.store;

import io.mediaflow.api.job.WaitReason;
import java.time.Instant;
import java.util.Objects;

/**
 * What a yielding job waits for ({@link JobStore#yieldUntil(String, String, Wait, Instant)}): a
 * time, and for a signal or children also the event that wakes it sooner.
 *
 * @param reason why it waits, as {@link io.mediaflow.api.job.Job#waitReason()} shows it
 * @param until when it is due at the latest: the end of a sleep, a signal's timeout, or {@link
 *     #FOREVER} for children
 * @param signal for {@link WaitReason#SIGNAL}, the name of the signal that wakes it; else empty
 * @param children for {@link WaitReason#CHILDREN}, how many of its children must have finished
 *     (completed, dead or cancelled) to wake it; else 0
 */
public record Wait(WaitReason reason, Instant until, String signal, int children) {

  /** The latest instant a store keeps (as epoch milliseconds): a wait with no timeout. */
  public static final Instant FOREVER = Instant.parse("9999-12-31T23:59:59Z");

  public Wait {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(until, "until");
    signal = signal == null ? "" : signal;
    if (until.isAfter(FOREVER)) {
      until = FOREVER;
    }
    if (reason == WaitReason.SIGNAL && signal.isEmpty()) {
      throw new IllegalArgumentException("a wait for a signal needs the signal's name");
    }
    if (reason == WaitReason.CHILDREN && children < 1) {
      throw new IllegalArgumentException(
          "a wait for children needs a count of 1 or more but was " + children);
    }
    if (reason == WaitReason.RETRY) {
      throw new IllegalArgumentException("a retry waits through JobStore.retry, not a yield");
    }
  }

  /** A durable sleep until {@code until}. */
  public static Wait sleep(Instant until) {
    return new Wait(WaitReason.SLEEP, until, "", 0);
  }

  /** A wait for the signal {@code name}, at most until {@code timeout}. */
  public static Wait signal(String name, Instant timeout) {
    return new Wait(WaitReason.SIGNAL, timeout, name, 0);
  }

  /** A wait until {@code count} of the job's children have finished, with no timeout. */
  public static Wait children(int count) {
    return new Wait(WaitReason.CHILDREN, FOREVER, "", count);
  }
}
