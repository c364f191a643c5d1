package io.mediaflow.internal.durable;

/**
 * An engine-internal durable wait for the workflow runner's parallel loops: until the job has at
 * least a number of finished children, reading none of them and recording nothing. {@code
 * awaitChildren(n)} returns (and checkpoints) every finished child, which a loop of thousands of
 * items calling it once per item would pay for in the square of its items; a loop that keeps the
 * ids of the few children it has in flight waits with this instead and reads just those.
 *
 * <p>Recording nothing is safe because the count only grows: a replay that passes this wait again
 * finds it reached at once.
 */
public interface ChildWait {

  /**
   * Returns when at least {@code count} children of the job have finished ({@code COMPLETED},
   * {@code DEAD} or {@code CANCELLED}); else ends the attempt and waits, holding no thread, until
   * the store wakes the job at that count.
   */
  void awaitFinishedChildren(long count);
}
