package io.mediaflow.internal.observe;

import io.mediaflow.Health;
import io.mediaflow.Health.Status;
import io.mediaflow.HealthCheck;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Works out the engine's {@link Health} from what the engine hands it: each source is asked on
 * every {@link #check()}, and a source that throws makes its check unhealthy rather than failing
 * the whole answer. Checks not configured are left out.
 *
 * {@snippet :
 * HealthChecker health =
 *     HealthChecker.builder(clock)
 *         .storage(() -> storage.ping())
 *         .mediaBackend(() -> backend.isPresent())
 *         .backlog(() -> queue.pendingCount())
 *         .oldestDueJob(() -> queue.oldestDueAt())
 *         .workers(() -> pool.alive(), 4)
 *         .build();
 * Health h = health.check();
 * }
 */
public final class HealthChecker {

  /** Pending jobs above which the engine is unhealthy. */
  public static final long DEFAULT_MAX_BACKLOG = 1_000;

  /** Age of the oldest due job above which the engine is degraded. */
  public static final Duration DEFAULT_MAX_OLDEST_JOB_AGE = Duration.ofHours(1);

  private final Clock clock;
  private final List<HealthCheck> checks;

  private HealthChecker(Clock clock, List<HealthCheck> checks) {
    this.clock = clock;
    this.checks = List.copyOf(checks);
  }

  /** A checker reading time from {@code clock}. */
  public static Builder builder(Clock clock) {
    return new Builder(clock);
  }

  /** Runs every check now. */
  public Health check() {
    List<HealthCheck.Result> results = new ArrayList<>(checks.size());
    for (HealthCheck c : checks) {
      results.add(c.check());
    }
    return Health.of(results);
  }

  Clock clock() {
    return clock;
  }

  private static HealthCheck.Result guarded(String name, Supplier<HealthCheck.Result> check) {
    try {
      return check.get();
    } catch (RuntimeException e) {
      return new HealthCheck.Result(
          name, Status.UNHEALTHY, "the " + name + " check failed: " + describe(e));
    }
  }

  private static String describe(Throwable e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }

  /** What to check and the limits; each may be set once. */
  public static final class Builder {
    private final Clock clock;
    private Callable<?> storage;
    private BooleanSupplier mediaBackend;
    private LongSupplier backlog;
    private Supplier<Optional<Instant>> oldestDueJob;
    private IntSupplier workersAlive;
    private int workersExpected;
    private IntSupplier workersStuck;
    private long maxBacklog = DEFAULT_MAX_BACKLOG;
    private Duration maxOldestJobAge = DEFAULT_MAX_OLDEST_JOB_AGE;
    private final List<HealthCheck> extra = new ArrayList<>();
    private final Set<String> set = new HashSet<>();

    private Builder(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The storage is reachable when {@code ping} returns (anything but {@code Boolean.FALSE}); when
     * it throws, the engine is unhealthy and the reason is its message.
     */
    public Builder storage(Callable<?> ping) {
      once("storage");
      this.storage = Objects.requireNonNull(ping, "ping");
      return this;
    }

    /** Whether a media backend was found; without one, media jobs cannot run: unhealthy. */
    public Builder mediaBackend(BooleanSupplier found) {
      once("mediaBackend");
      this.mediaBackend = Objects.requireNonNull(found, "found");
      return this;
    }

    /** How many jobs are pending; above {@link #maxBacklog} the engine is unhealthy. */
    public Builder backlog(LongSupplier pending) {
      once("backlog");
      this.backlog = Objects.requireNonNull(pending, "pending");
      return this;
    }

    /**
     * When the oldest due job (pending, not yet claimed) became due; empty when none waits. Older
     * than {@link #maxOldestJobAge}: degraded.
     */
    public Builder oldestDueJob(Supplier<Optional<Instant>> dueAt) {
      once("oldestDueJob");
      this.oldestDueJob = Objects.requireNonNull(dueAt, "dueAt");
      return this;
    }

    /** Workers alive against those expected: none alive is unhealthy, fewer is degraded. */
    public Builder workers(IntSupplier alive, int expected) {
      once("workers");
      if (expected < 0) {
        throw new IllegalArgumentException(
            "expected workers must be 0 or more but was " + expected);
      }
      this.workersAlive = Objects.requireNonNull(alive, "alive");
      this.workersExpected = expected;
      return this;
    }

    /**
     * Worker threads given up on because their handler ignored its timeout (they are not counted
     * alive): any makes the workers check at least degraded, and its reason says how many.
     */
    public Builder stuckWorkers(IntSupplier stuck) {
      once("stuckWorkers");
      this.workersStuck = Objects.requireNonNull(stuck, "stuck");
      return this;
    }

    /** Default {@value HealthChecker#DEFAULT_MAX_BACKLOG}. */
    public Builder maxBacklog(long max) {
      once("maxBacklog");
      if (max < 0) {
        throw new IllegalArgumentException("maxBacklog must be 0 or more but was " + max);
      }
      this.maxBacklog = max;
      return this;
    }

    /** Default {@link HealthChecker#DEFAULT_MAX_OLDEST_JOB_AGE}. */
    public Builder maxOldestJobAge(Duration max) {
      once("maxOldestJobAge");
      Objects.requireNonNull(max, "max");
      if (max.isNegative() || max.isZero()) {
        throw new IllegalArgumentException("maxOldestJobAge must be positive but was " + max);
      }
      this.maxOldestJobAge = max;
      return this;
    }

    /** A further check, run after the built-in ones; it is guarded like them. */
    public Builder check(String name, HealthCheck check) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(check, "check");
      extra.add(() -> guarded(name, check::check));
      return this;
    }

    public HealthChecker build() {
      List<HealthCheck> checks = new ArrayList<>();
      if (storage != null) {
        Callable<?> ping = storage;
        checks.add(
            () -> {
              try {
                Object answer = ping.call();
                return Boolean.FALSE.equals(answer)
                    ? new HealthCheck.Result("storage", Status.UNHEALTHY, "storage did not answer")
                    : new HealthCheck.Result("storage", Status.HEALTHY, "storage reachable");
              } catch (Exception e) {
                return new HealthCheck.Result(
                    "storage", Status.UNHEALTHY, "storage unreachable: " + describe(e));
              }
            });
      }
      if (mediaBackend != null) {
        BooleanSupplier found = mediaBackend;
        checks.add(
            () ->
                guarded(
                    "mediaBackend",
                    () ->
                        found.getAsBoolean()
                            ? new HealthCheck.Result(
                                "mediaBackend", Status.HEALTHY, "media backend found")
                            : new HealthCheck.Result(
                                "mediaBackend",
                                Status.UNHEALTHY,
                                "no media backend found: media jobs cannot run")));
      }
      if (backlog != null) {
        LongSupplier pending = backlog;
        long max = maxBacklog;
        checks.add(
            () ->
                guarded(
                    "backlog",
                    () -> {
                      long n = pending.getAsLong();
                      return n > max
                          ? new HealthCheck.Result(
                              "backlog",
                              Status.UNHEALTHY,
                              n + " jobs waiting, more than the limit of " + max)
                          : new HealthCheck.Result("backlog", Status.HEALTHY, n + " jobs waiting");
                    }));
      }
      if (oldestDueJob != null) {
        Supplier<Optional<Instant>> dueAt = oldestDueJob;
        Duration max = maxOldestJobAge;
        checks.add(
            () ->
                guarded(
                    "oldestJob",
                    () -> {
                      Optional<Instant> due = dueAt.get();
                      if (due.isEmpty()) {
                        return new HealthCheck.Result(
                            "oldestJob", Status.HEALTHY, "no job waiting");
                      }
                      Duration age = Duration.between(due.get(), clock.instant());
                      if (age.isNegative()) {
                        age = Duration.ZERO;
                      }
                      return age.compareTo(max) > 0
                          ? new HealthCheck.Result(
                              "oldestJob",
                              Status.DEGRADED,
                              "the oldest due job has waited " + age + ", longer than " + max)
                          : new HealthCheck.Result(
                              "oldestJob", Status.HEALTHY, "the oldest due job has waited " + age);
                    }));
      }
      if (workersAlive != null) {
        IntSupplier alive = workersAlive;
        int expected = workersExpected;
        IntSupplier stuck = workersStuck == null ? () -> 0 : workersStuck;
        checks.add(
            () ->
                guarded(
                    "workers",
                    () -> {
                      int n = alive.getAsInt();
                      int lost = stuck.getAsInt();
                      String text = n + " of " + expected + " workers alive";
                      Status s =
                          n >= expected
                              ? Status.HEALTHY
                              : n == 0 ? Status.UNHEALTHY : Status.DEGRADED;
                      if (lost > 0) {
                        text +=
                            ", " + lost + " stuck in a handler that ignored its timeout (replaced)";
                        s = s == Status.HEALTHY ? Status.DEGRADED : s;
                      }
                      return new HealthCheck.Result("workers", s, text);
                    }));
      }
      checks.addAll(extra);
      return new HealthChecker(clock, checks);
    }

    private void once(String option) {
      if (!set.add(option)) {
        throw new IllegalStateException(option + " was already set");
      }
    }
  }
}
