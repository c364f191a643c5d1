package io.mediaflow.internal.http;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A resilience4j {@link RateLimiter} per API key (per client address for open routes): a caller
 * over its limit is answered 429 with {@code Retry-After}, at once, without waiting.
 */
public final class RateLimits {

  /** Limiters kept before the table is cleared, so a flood of addresses cannot grow the heap. */
  static final int MAX_LIMITERS = 10_000;

  private final RateLimiterConfig config;
  private final long retryAfterSeconds;
  private final ConcurrentHashMap<String, RateLimiter> limiters = new ConcurrentHashMap<>();

  /**
   * @param permits requests per period; 0 for no limit
   */
  public RateLimits(int permits, Duration period) {
    this.config =
        permits <= 0
            ? null
            : RateLimiterConfig.custom()
                .limitForPeriod(permits)
                .limitRefreshPeriod(period)
                .timeoutDuration(Duration.ZERO)
                .build();
    this.retryAfterSeconds = Math.max(1, (period.toMillis() + 999) / 1000);
  }

  /**
   * Takes one permit for {@code caller}.
   *
   * @throws HttpProblem 429 {@code RATE_LIMITED} when it has none left in this period
   */
  public void acquire(String caller) {
    if (config == null) {
      return;
    }
    RateLimiter limiter = limiters.get(caller);
    if (limiter == null) {
      if (limiters.size() >= MAX_LIMITERS) {
        limiters.clear();
      }
      limiter = limiters.computeIfAbsent(caller, c -> RateLimiter.of(c, config));
    }
    if (!limiter.acquirePermission()) {
      throw new HttpProblem(
              429,
              Problems.RATE_LIMITED,
              "too many requests: the limit is "
                  + config.getLimitForPeriod()
                  + " per "
                  + config.getLimitRefreshPeriod().toMillis()
                  + " ms",
              "",
              "wait " + retryAfterSeconds + " s (Retry-After) and send fewer requests")
          .withHeader("Retry-After", Long.toString(retryAfterSeconds));
    }
  }
}
