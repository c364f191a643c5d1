package io.mediaflow.api.job;

import io.mediaflow.api.ErrorCode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * When and how often a failed job is tried again. The wait between attempts is the durable {@code
 * SCHEDULED} state, never a sleeping thread.
 *
 * {@snippet :
 * RetryPolicy policy = RetryPolicy.builder()
 *     .exponential(Duration.ofSeconds(2), 3.0)
 *     .maxDelay(Duration.ofMinutes(10))
 *     .jitter(0.1)
 *     .maxAttempts(5)
 *     .build();
 * }
 *
 * <p>The delay before attempt {@code n + 1} after the {@code n}-th failed: {@code FIXED} — the
 * initial delay; {@code LINEAR} — {@code n ×} the initial delay; {@code EXPONENTIAL} — the initial
 * delay {@code × multiplier^(n-1)}; {@code DELAYS} — the {@code n}-th of {@link #delays()} (the
 * last one again when attempts outnumber them); always capped at {@link #maxDelay()} and spread by
 * ± {@link #jitter()} of itself.
 *
 * <p>An explicit schedule, as outgoing webhooks use (immediately, then 1 min, 5 min, 15 min and 1 h
 * after the previous attempt):
 *
 * {@snippet :
 * RetryPolicy schedule = RetryPolicy.builder()
 *     .delays(Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofHours(1))
 *     .build(); // 5 attempts (delays + 1), no jitter unless .jitter(...) is given
 * }
 *
 * <p>A handler may ask for a longer wait than the policy's with {@link RetryAfterException} (a
 * server's {@code Retry-After}).
 *
 * @param kind how the delay grows
 * @param initialDelay the delay after the first failure
 * @param maxDelay no delay is longer
 * @param multiplier growth factor of {@code EXPONENTIAL}; at least 1
 * @param jitter 0 to 1: the fraction by which a delay is randomly spread (0: exact)
 * @param maxAttempts attempts in all, the first included; at least 1
 * @param retryableCodes the error codes worth retrying; empty means "the error says" (its {@link
 *     JobError#retryable()} flag, which defaults to {@link ErrorCode#retryable()})
 * @param delays the waits after the first, second, … failed attempt of {@code DELAYS}; empty for
 *     every other kind
 */
public record RetryPolicy(
    Kind kind,
    Duration initialDelay,
    Duration maxDelay,
    double multiplier,
    double jitter,
    int maxAttempts,
    Set<String> retryableCodes,
    List<Duration> delays) {

  /** How the delay grows from one attempt to the next. */
  public enum Kind {
    FIXED,
    LINEAR,
    EXPONENTIAL,
    /** An explicit list of delays, one after each failed attempt. */
    DELAYS
  }

  public static final Duration DEFAULT_INITIAL_DELAY = Duration.ofSeconds(1);
  public static final Duration DEFAULT_MAX_DELAY = Duration.ofMinutes(5);
  public static final double DEFAULT_MULTIPLIER = 2.0;
  public static final double DEFAULT_JITTER = 0.2;
  public static final int DEFAULT_MAX_ATTEMPTS = JobRequest.DEFAULT_MAX_ATTEMPTS;
  public static final int MAX_ATTEMPTS_LIMIT = 1000;

  private static final RetryPolicy DEFAULTS = builder().build();

  public RetryPolicy {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(initialDelay, "initialDelay");
    Objects.requireNonNull(maxDelay, "maxDelay");
    if (initialDelay.isNegative()) {
      throw new IllegalArgumentException(
          "initialDelay must be zero or positive but was " + initialDelay);
    }
    if (maxDelay.compareTo(initialDelay) < 0) {
      throw new IllegalArgumentException(
          "maxDelay must be at least initialDelay (" + initialDelay + ") but was " + maxDelay);
    }
    if (!(multiplier >= 1) || Double.isInfinite(multiplier)) {
      throw new IllegalArgumentException("multiplier must be at least 1 but was " + multiplier);
    }
    if (!(jitter >= 0 && jitter <= 1)) {
      throw new IllegalArgumentException("jitter must be between 0 and 1 but was " + jitter);
    }
    if (maxAttempts < 1 || maxAttempts > MAX_ATTEMPTS_LIMIT) {
      throw new IllegalArgumentException(
          "maxAttempts must be between 1 and " + MAX_ATTEMPTS_LIMIT + " but was " + maxAttempts);
    }
    retryableCodes = Set.copyOf(retryableCodes);
    delays = List.copyOf(delays);
    if ((kind == Kind.DELAYS) == delays.isEmpty()) {
      throw new IllegalArgumentException(
          kind == Kind.DELAYS
              ? "a DELAYS policy needs at least one delay"
              : "only a DELAYS policy lists delays, not " + kind);
    }
    if (delays.size() > MAX_ATTEMPTS_LIMIT) {
      throw new IllegalArgumentException(
          "at most " + MAX_ATTEMPTS_LIMIT + " delays but " + delays.size() + " were given");
    }
    for (Duration d : delays) {
      if (d.isNegative()) {
        throw new IllegalArgumentException("delays must be zero or positive but one was " + d);
      }
    }
  }

  /** A policy of one of the computed kinds ({@code FIXED}, {@code LINEAR}, {@code EXPONENTIAL}). */
  public RetryPolicy(
      Kind kind,
      Duration initialDelay,
      Duration maxDelay,
      double multiplier,
      double jitter,
      int maxAttempts,
      Set<String> retryableCodes) {
    this(kind, initialDelay, maxDelay, multiplier, jitter, maxAttempts, retryableCodes, List.of());
  }

  /** Exponential from 1 s, ×2, up to 5 min, jitter 0.2, 3 attempts, codes decide. */
  public static RetryPolicy ofDefaults() {
    return DEFAULTS;
  }

  /** No retry: one attempt. */
  public static RetryPolicy none() {
    return builder().maxAttempts(1).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from {@code base}. */
  public static Builder from(RetryPolicy base) {
    return new Builder(base);
  }

  /** Whether a failed attempt with {@code error} may be retried (attempts left aside). */
  public boolean isRetryable(JobError error) {
    return retryableCodes.isEmpty() ? error.retryable() : retryableCodes.contains(error.code());
  }

  /** Builds a {@link RetryPolicy}; every setter checks its value at once. */
  public static final class Builder {
    private Kind kind = Kind.EXPONENTIAL;
    private Duration initialDelay = DEFAULT_INITIAL_DELAY;
    private Duration maxDelay = DEFAULT_MAX_DELAY;
    private double multiplier = DEFAULT_MULTIPLIER;
    private double jitter = DEFAULT_JITTER;
    private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
    private Set<String> retryableCodes = Set.of();
    private List<Duration> delays = List.of();
    private boolean jitterSet;
    private boolean maxAttemptsSet;
    private boolean maxDelaySet;

    private Builder() {}

    private Builder(RetryPolicy base) {
      kind = base.kind;
      initialDelay = base.initialDelay;
      maxDelay = base.maxDelay;
      multiplier = base.multiplier;
      jitter = base.jitter;
      maxAttempts = base.maxAttempts;
      retryableCodes = base.retryableCodes;
      delays = base.delays;
      jitterSet = true;
      maxAttemptsSet = true;
      maxDelaySet = true;
    }

    /** The same delay every time. */
    public Builder fixed(Duration delay) {
      kind = Kind.FIXED;
      delays = List.of();
      initialDelay = positiveOrZero("delay", delay);
      return this;
    }

    /** {@code n × step} after the {@code n}-th failure. */
    public Builder linear(Duration step) {
      kind = Kind.LINEAR;
      delays = List.of();
      initialDelay = positiveOrZero("step", step);
      return this;
    }

    /** {@code initial × multiplier^(n-1)} after the {@code n}-th failure. */
    public Builder exponential(Duration initial, double multiplier) {
      kind = Kind.EXPONENTIAL;
      delays = List.of();
      initialDelay = positiveOrZero("initial", initial);
      if (!(multiplier >= 1) || Double.isInfinite(multiplier)) {
        throw new IllegalArgumentException("multiplier must be at least 1 but was " + multiplier);
      }
      this.multiplier = multiplier;
      return this;
    }

    /**
     * An explicit schedule: {@code values[n-1]} after the {@code n}-th failed attempt. Unless set,
     * {@link #maxAttempts} becomes {@code values.length + 1}, the jitter 0 and {@link #maxDelay}
     * the longest delay.
     *
     * @throws IllegalArgumentException when none is given, or one is negative
     */
    public Builder delays(Duration... values) {
      return delays(List.of(values));
    }

    /** As {@link #delays(Duration...)}. */
    public Builder delays(List<Duration> values) {
      if (values.isEmpty() || values.size() > MAX_ATTEMPTS_LIMIT) {
        throw new IllegalArgumentException(
            "delays must list 1 to " + MAX_ATTEMPTS_LIMIT + " durations but had " + values.size());
      }
      List<Duration> checked = new ArrayList<>(values.size());
      for (Duration d : values) {
        checked.add(positiveOrZero("delays", d));
      }
      kind = Kind.DELAYS;
      delays = Collections.unmodifiableList(checked);
      initialDelay = checked.get(0);
      return this;
    }

    public Builder maxDelay(Duration value) {
      maxDelay = positiveOrZero("maxDelay", value);
      maxDelaySet = true;
      return this;
    }

    public Builder jitter(double value) {
      if (!(value >= 0 && value <= 1)) {
        throw new IllegalArgumentException("jitter must be between 0 and 1 but was " + value);
      }
      jitter = value;
      jitterSet = true;
      return this;
    }

    public Builder maxAttempts(int value) {
      if (value < 1 || value > MAX_ATTEMPTS_LIMIT) {
        throw new IllegalArgumentException(
            "maxAttempts must be between 1 and " + MAX_ATTEMPTS_LIMIT + " but was " + value);
      }
      maxAttempts = value;
      maxAttemptsSet = true;
      return this;
    }

    /** Retries only these codes, whatever an error's own flag says. */
    public Builder retryOn(String... codes) {
      for (String c : codes) {
        Objects.requireNonNull(c, "code");
      }
      retryableCodes = Set.of(codes);
      return this;
    }

    /** Retries only these codes, whatever an error's own flag says. */
    public Builder retryOn(ErrorCode... codes) {
      String[] names = new String[codes.length];
      for (int i = 0; i < codes.length; i++) {
        names[i] = codes[i].code();
      }
      return retryOn(names);
    }

    /**
     * @throws IllegalArgumentException when {@code maxDelay} is shorter than the initial delay
     */
    public RetryPolicy build() {
      if (kind == Kind.DELAYS) {
        Duration longest = Collections.max(delays);
        return new RetryPolicy(
            kind,
            initialDelay,
            maxDelaySet && maxDelay.compareTo(longest) < 0 ? atLeastInitial(maxDelay) : longest,
            multiplier,
            jitterSet ? jitter : 0,
            maxAttemptsSet ? maxAttempts : Math.min(MAX_ATTEMPTS_LIMIT, delays.size() + 1),
            retryableCodes,
            delays);
      }
      Duration max = maxDelay.compareTo(initialDelay) < 0 ? null : maxDelay;
      if (max == null) {
        throw new IllegalArgumentException(
            "maxDelay must be at least the initial delay ("
                + initialDelay
                + ") but was "
                + maxDelay);
      }
      return new RetryPolicy(
          kind, initialDelay, max, multiplier, jitter, maxAttempts, retryableCodes);
    }

    private Duration atLeastInitial(Duration max) {
      if (max.compareTo(initialDelay) < 0) {
        throw new IllegalArgumentException(
            "maxDelay must be at least the first delay (" + initialDelay + ") but was " + max);
      }
      return max;
    }

    private static Duration positiveOrZero(String name, Duration value) {
      Objects.requireNonNull(value, name);
      if (value.isNegative()) {
        throw new IllegalArgumentException(name + " must be zero or positive but was " + value);
      }
      return value;
    }
  }
}
