package io.mediaflow.internal.durable;

import io.mediaflow.api.store.Wait;

/**
 * How a durable primitive ends an attempt that must wait: an {@link Error}, so that a handler's
 * {@code catch (Exception e)} cannot swallow it, without a stack trace (it is control flow, not a
 * failure). The engine records it as a yield ({@code JobStore.yieldUntil(…, Wait, …)}), not as a
 * failure, and logs no JVM error for it.
 */
public final class Suspension extends Error {

  private static final long serialVersionUID = 1L;

  private final transient Wait wait;

  Suspension(String jobId, Wait wait) {
    super(
        "job " + jobId + " waits (" + wait.reason() + "); the engine records it as a yield",
        null,
        false,
        false);
    this.wait = wait;
  }

  /** What the job waits for. */
  public Wait waitFor() {
    return wait;
  }
}
