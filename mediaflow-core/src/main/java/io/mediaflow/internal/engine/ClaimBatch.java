package io.mediaflow.internal.engine;

import java.util.concurrent.TimeUnit;

/**
 * How many jobs a worker claims at once. A claim is a store round trip (a transaction on a
 * database) whatever its size, so quick jobs are claimed many at a time; but the jobs of a batch
 * run one after another on one thread, so a batch must not keep its last job waiting long, nor hold
 * jobs that idle workers could run. The batch starts at one job and, while claims come back full:
 *
 * <ul>
 *   <li>doubles when its jobs ran in under {@value #FAST_JOB_MICROS} µs each (no-op and bookkeeping
 *       jobs: hundreds per claim);
 *   <li>otherwise grows only as far as the handlers of a whole batch stay within {@value
 *       #BUDGET_MILLIS} ms (a workflow run that writes a checkpoint takes a few milliseconds: a
 *       handful per claim, so its claim costs a fraction of what it did alone; a media job takes
 *       seconds: one per claim, as before).
 * </ul>
 *
 * A claim that comes back short or empty starts again at one job.
 */
final class ClaimBatch {

  static final long FAST_JOB_MICROS = 200;
  static final long BUDGET_MILLIS = 25;

  private static final long FAST_JOB_NANOS = TimeUnit.MICROSECONDS.toNanos(FAST_JOB_MICROS);
  private static final long BUDGET_NANOS = TimeUnit.MILLISECONDS.toNanos(BUDGET_MILLIS);

  private ClaimBatch() {}

  /**
   * The next claim's size.
   *
   * @param batch the size of the claim just run
   * @param full whether that claim came back with {@code batch} jobs
   * @param perJobNanos the handlers' mean time per job of that claim
   * @param max the engine's largest claim
   */
  static int next(int batch, boolean full, long perJobNanos, int max) {
    if (!full) {
      return 1;
    }
    int doubled = (int) Math.min((long) batch * 2, max);
    if (perJobNanos < FAST_JOB_NANOS) {
      return doubled;
    }
    long fits = BUDGET_NANOS / perJobNanos; // how many such jobs one batch may hold
    return (int) Math.max(1, Math.min(doubled, fits));
  }
}
