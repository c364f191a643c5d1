package io.mediaflow.internal.engine;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * Admits media runs by estimated CPU weight (in cores) so that the runs at once never need more
 * than the budget. A run heavier than the whole budget is capped at it: it runs alone.
 */
public final class CpuAdmission {

  /** The least weight a run counts for: even a stream copy uses some CPU. */
  public static final double MIN_WEIGHT = 0.1;

  private static final long RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  private final double budget;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition freed = lock.newCondition();
  private double inUse;
  private int running;
  private int peak;

  public CpuAdmission(double budget) {
    this.budget = budget;
  }

  public double budget() {
    return budget;
  }

  /** The weight a run asks for: {@code weight} clamped to [{@link #MIN_WEIGHT}, budget]. */
  public double clamp(double weight) {
    if (!(weight > MIN_WEIGHT)) {
      return Math.min(MIN_WEIGHT, budget);
    }
    return Math.min(weight, budget);
  }

  /**
   * Waits until {@code weight} cores are free (re-checking {@code cancelled} now and then).
   *
   * @return the weight admitted, to pass to {@link #release}; negative when cancelled first
   */
  public double acquire(double weight, BooleanSupplier cancelled) throws InterruptedException {
    double w = clamp(weight);
    lock.lockInterruptibly();
    try {
      // tiny epsilon: 1.5 + 0.5 must fit a budget of 2.0 despite rounding
      while (running > 0 && inUse + w > budget + 1e-9) {
        if (cancelled.getAsBoolean()) {
          return -1;
        }
        freed.awaitNanos(RECHECK_NANOS);
      }
      inUse += w;
      running++;
      peak = Math.max(peak, running);
      return w;
    } finally {
      lock.unlock();
    }
  }

  public void release(double weight) {
    if (weight < 0) {
      return;
    }
    lock.lock();
    try {
      inUse = Math.max(0, inUse - weight);
      running--;
      freed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Cores in use now. */
  public double inUse() {
    lock.lock();
    try {
      return inUse;
    } finally {
      lock.unlock();
    }
  }

  /** The most runs admitted at once so far. */
  public int peakRunning() {
    lock.lock();
    try {
      return peak;
    } finally {
      lock.unlock();
    }
  }
}
