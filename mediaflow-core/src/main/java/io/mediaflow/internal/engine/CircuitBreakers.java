package io.mediaflow.internal.engine;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.job.JobErrorCodes;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One resilience4j circuit breaker per key ({@code backend:ffmpeg}, {@code action:http.request},
 * {@code host:cdn.example.com}), created on first use, all on the engine's clock. Only failures
 * worth retrying count against a breaker: a bad spec or a missing input says nothing about the
 * health of the thing behind the key.
 */
public final class CircuitBreakers {

  public static final int DEFAULT_WINDOW = 20;
  public static final int DEFAULT_MINIMUM_CALLS = 10;
  public static final float DEFAULT_FAILURE_RATE = 50f;
  public static final Duration DEFAULT_OPEN_WAIT = Duration.ofSeconds(30);

  private final CircuitBreakerConfig config;
  private final Map<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();

  public CircuitBreakers(Clock clock) {
    this(
        CircuitBreakerConfig.custom()
            .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
            .slidingWindowSize(DEFAULT_WINDOW)
            .minimumNumberOfCalls(DEFAULT_MINIMUM_CALLS)
            .failureRateThreshold(DEFAULT_FAILURE_RATE)
            .waitDurationInOpenState(DEFAULT_OPEN_WAIT)
            .recordException(CircuitBreakers::counts)
            .clock(clock)
            .build());
  }

  public CircuitBreakers(CircuitBreakerConfig config) {
    this.config = config;
  }

  private static boolean counts(Throwable t) {
    return !(t instanceof MediaFlowException m) || m.retryable();
  }

  /** The breaker for {@code key}. */
  public CircuitBreaker get(String key) {
    return breakers.computeIfAbsent(key, k -> CircuitBreaker.of(k, config));
  }

  /** The breakers created so far, by key. */
  public Map<String, CircuitBreaker> all() {
    return Map.copyOf(breakers);
  }

  /**
   * Runs {@code call} under the breaker for {@code key}.
   *
   * @throws MediaFlowException {@link JobErrorCodes#CIRCUIT_OPEN} without calling when it is open
   */
  public <T> T call(String key, Callable<T> call) throws Exception {
    CircuitBreaker cb = get(key);
    if (!cb.tryAcquirePermission()) {
      throw new MediaFlowException(
          JobErrorCodes.CIRCUIT_OPEN,
          "the circuit breaker '" + key + "' is open after repeated failures",
          "the job is retried later; check what '" + key + "' stands for",
          true,
          null);
    }
    long start = System.nanoTime();
    try {
      T result = call.call();
      cb.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
      return result;
    } catch (Throwable t) {
      cb.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, t);
      throw t;
    }
  }
}
