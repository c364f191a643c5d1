package io.mediaflow.internal.webhook.outbound;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import io.mediaflow.api.store.WebhookRegistration;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One resilience4j {@link RateLimiter} per registration with a rate, on the engine's clock: a
 * delivery reserves a permit and learns how long to wait for it. A limiter is this engine's: two
 * engines sharing a store each allow the rate.
 */
final class RateLimits {

  /** A reservation further away than this is refused; no delivery waits that long for a rate. */
  static final Duration MAX_WAIT = Duration.ofDays(1);

  private final Clock clock;
  private final Map<String, Limiter> limiters = new ConcurrentHashMap<>();

  RateLimits(Clock clock) {
    this.clock = clock;
  }

  private record Limiter(double rate, RateLimiter limiter) {}

  /**
   * Reserves the next permit of the registration's rate.
   *
   * @return when it may send: now, or later when the rate is used up
   */
  Instant reserve(WebhookRegistration r) {
    double rate = r.ratePerSecond();
    Limiter l =
        limiters.compute(
            r.id(), (id, old) -> old != null && old.rate == rate ? old : create(id, rate));
    long nanos = l.limiter.reservePermission();
    Instant now = clock.instant();
    return nanos <= 0 ? now : now.plusNanos(nanos);
  }

  private Limiter create(String id, double rate) {
    // whole permits per period: 2.5/s is 5 every 2 s, 0.2/s is 1 every 5 s
    int permits = rate >= 1 ? (int) Math.floor(rate) : 1;
    long periodNanos = Math.max(1_000, Math.round(permits / rate * 1e9));
    RateLimiterConfig config =
        RateLimiterConfig.custom()
            .limitForPeriod(permits)
            .limitRefreshPeriod(Duration.ofNanos(periodNanos))
            .timeoutDuration(MAX_WAIT)
            .build();
    return new Limiter(
        rate, new AtomicRateLimiter("webhook:" + id, config, Map.of(), this::clockNanos));
  }

  /** The engine's clock in nanoseconds, so a test's settable clock drives the limiter. */
  private long clockNanos() {
    Instant now = clock.instant();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }
}
