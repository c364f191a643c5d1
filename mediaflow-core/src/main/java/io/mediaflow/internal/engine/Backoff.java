package io.mediaflow.internal.engine;

import io.github.resilience4j.core.IntervalFunction;
import io.mediaflow.api.job.RetryPolicy;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Turns a {@link RetryPolicy} into resilience4j's {@link IntervalFunction}: the delay before the
 * next attempt after the {@code n}-th failed one. Only the delay comes from resilience4j; the wait
 * itself is the job's durable SCHEDULED state.
 */
public final class Backoff {

  private final IntervalFunction interval;

  public Backoff(RetryPolicy policy) {
    this.interval = intervalFunction(policy);
  }

  /** The delay after the {@code failedAttempts}-th failed attempt (1 for the first). */
  public Duration delayAfter(int failedAttempts) {
    return Duration.ofMillis(interval.apply(Math.max(1, failedAttempts)));
  }

  static IntervalFunction intervalFunction(RetryPolicy p) {
    long initial = p.initialDelay().toMillis();
    long max = p.maxDelay().toMillis();
    double jitter = p.jitter();
    if (initial == 0 && p.kind() != RetryPolicy.Kind.DELAYS) {
      return attempt -> 0L; // resilience4j refuses a zero interval; retry at once
    }
    if (p.kind() == RetryPolicy.Kind.DELAYS) {
      long[] delays = p.delays().stream().mapToLong(Duration::toMillis).toArray();
      // the n-th delay after the n-th failure; the last again when attempts outnumber them
      return capped(attempt -> delays[Math.min(attempt, delays.length) - 1], max, jitter);
    }
    switch (p.kind()) {
      case FIXED:
        // resilience4j refuses a randomization factor of 0 or one reaching 1 (a zero delay)
        return jitter == 0 || jitter >= 1
            ? capped(IntervalFunction.of(initial), max, jitter)
            : capped(IntervalFunction.ofRandomized(initial, jitter), max, 0);
      case LINEAR:
        // IntervalFunction.of(initial, f) applies f to the previous delay: +initial each time
        return capped(
            IntervalFunction.of(initial, prev -> Math.min(prev + initial, max)), max, jitter);
      case EXPONENTIAL:
      default:
        if (jitter == 0 || jitter >= 1) {
          return capped(
              IntervalFunction.ofExponentialBackoff(initial, p.multiplier(), max), max, jitter);
        }
        return IntervalFunction.ofExponentialRandomBackoff(initial, p.multiplier(), jitter, max);
    }
  }

  /**
   * Caps a delay at {@code max} and spreads it by ± {@code jitter}, for the cases resilience4j's
   * randomized functions do not cover (linear, and a jitter of exactly 1).
   */
  private static IntervalFunction capped(IntervalFunction base, long max, double jitter) {
    return attempt -> {
      long d = Math.min(base.apply(attempt), max);
      if (jitter > 0 && d > 0) {
        double spread = jitter * d;
        d = Math.round(d - spread + ThreadLocalRandom.current().nextDouble() * 2 * spread);
      }
      return Math.max(0, Math.min(d, max));
    };
  }
}
