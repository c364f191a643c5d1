package io.mediaflow.internal.engine;

import io.mediaflow.InMemoryStorage;
import io.mediaflow.InProcessEventBus;
import io.mediaflow.Metrics;
import io.mediaflow.api.event.EventBus;
import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobHandler;
import io.mediaflow.api.job.RetryPolicy;
import io.mediaflow.api.store.Storage;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The engine's effective configuration: immutable, built by name with {@link #custom()} (or {@link
 * #ofDefaults()}), as Resilience4j's configs are. Each option may be set once and is checked at
 * once; {@link Builder#build()} resolves the defaults and checks what depends on several options.
 * {@link #toString()} is the one start-up log line.
 *
 * {@snippet :
 * EngineConfig config = EngineConfig.custom()
 *     .storage(storage)
 *     .workers(2, 8)
 *     .lease(Duration.ofSeconds(30))
 *     .handler("thumbnail", handler)
 *     .build();
 * }
 */
public final class EngineConfig {

  /** How long a claim holds without a heartbeat. */
  public static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);

  /** How long an idle worker waits before looking for due jobs again. */
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(500);

  /** How long a drain waits for running jobs before returning them to the queue. */
  public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(30);

  /** How long a handler may go on after its timeout before the engine gives up on it. */
  public static final Duration DEFAULT_TIMEOUT_GRACE = Duration.ofSeconds(30);

  /** Most jobs one worker claims at once. */
  public static final int DEFAULT_MAX_CLAIM_BATCH = 256;

  /** The largest step result (or saved state, or signal payload) kept, in bytes of JSON: 1 MiB. */
  public static final long DEFAULT_MAX_STEP_RESULT_BYTES = 1L << 20;

  /** Durable sleeps up to this long are slept in the worker's thread by default: 1 s. */
  public static final Duration DEFAULT_INLINE_SLEEP = Duration.ofSeconds(1);

  /** The longest {@code inlineSleep} takes: 1 minute. */
  public static final Duration MAX_INLINE_SLEEP = Duration.ofMinutes(1);

  /** The largest limit {@code maxStepResultBytes} takes: 256 MiB. */
  public static final long MAX_STEP_RESULT_BYTES = 256L << 20;

  /** Most workers one engine may have. */
  public static final int MAX_WORKERS = 1024;

  /** How long completed and cancelled jobs are kept, unless the store says otherwise. */
  public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);

  /** How long a worker above the minimum may idle before it ends. */
  public static final Duration DEFAULT_WORKER_KEEP_ALIVE = Duration.ofSeconds(30);

  private final Storage storage;
  private final EventBus events;
  private final JobPolicies jobPolicies;
  private final Metrics metrics;
  private final Clock clock;
  private final int minWorkers;
  private final int maxWorkers;
  private final Duration lease;
  private final Duration heartbeatInterval;
  private final Duration pollInterval;
  private final Duration drainTimeout;
  private final Map<String, Duration> timeouts;
  private final Optional<Duration> defaultTimeout;
  private final Map<String, RetryPolicy> retryPolicies;
  private final RetryPolicy defaultRetryPolicy;
  private final Map<String, JobHandler> handlers;
  private final String nodeId;
  private final boolean stableNodeId;
  private final boolean callingThread;
  private final int maxClaimBatch;
  private final Duration workerKeepAlive;
  private final Duration retention;
  private final Duration deadJobRetention;
  private final Duration timeoutGrace;
  private final long maxStepResultBytes;
  private final Duration inlineSleep;
  private final Map<String, Object> details;

  private EngineConfig(Builder b) {
    clock = b.clock == null ? Clock.systemUTC() : b.clock;
    storage = b.storage == null ? new InMemoryStorage() : b.storage;
    events = b.events == null ? InProcessEventBus.ofDefaults() : b.events;
    jobPolicies = b.jobPolicies == null ? JobPolicies.NONE : b.jobPolicies;
    metrics = b.metrics == null ? Metrics.inLibrary(clock) : b.metrics;
    int processors = Runtime.getRuntime().availableProcessors();
    minWorkers = b.minWorkers == null ? processors : b.minWorkers;
    maxWorkers = b.maxWorkers == null ? processors : b.maxWorkers;
    lease = b.lease == null ? DEFAULT_LEASE : b.lease;
    heartbeatInterval = b.heartbeatInterval == null ? lease.dividedBy(3) : b.heartbeatInterval;
    pollInterval = b.pollInterval == null ? DEFAULT_POLL_INTERVAL : b.pollInterval;
    drainTimeout = b.drainTimeout == null ? DEFAULT_DRAIN_TIMEOUT : b.drainTimeout;
    timeouts = Map.copyOf(b.timeouts);
    defaultTimeout = Optional.ofNullable(b.defaultTimeout);
    retryPolicies = Map.copyOf(b.retryPolicies);
    defaultRetryPolicy = b.defaultRetry == null ? RetryPolicy.ofDefaults() : b.defaultRetry;
    handlers = Map.copyOf(b.handlers);
    nodeId = b.nodeId == null ? NodeIds.newDefault() : b.nodeId;
    stableNodeId = b.stableNodeId;
    callingThread = b.callingThread;
    maxClaimBatch = b.maxClaimBatch == null ? DEFAULT_MAX_CLAIM_BATCH : b.maxClaimBatch;
    workerKeepAlive = b.workerKeepAlive == null ? DEFAULT_WORKER_KEEP_ALIVE : b.workerKeepAlive;
    retention =
        b.retention != null ? b.retention : storage.jobs().retention().orElse(DEFAULT_RETENTION);
    deadJobRetention = b.deadJobRetention == null ? Duration.ZERO : b.deadJobRetention;
    timeoutGrace = b.timeoutGrace == null ? DEFAULT_TIMEOUT_GRACE : b.timeoutGrace;
    maxStepResultBytes =
        b.maxStepResultBytes == null ? DEFAULT_MAX_STEP_RESULT_BYTES : b.maxStepResultBytes;
    inlineSleep = b.inlineSleep == null ? DEFAULT_INLINE_SLEEP : b.inlineSleep;
    details = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.details));
  }

  /** Every option at its default: an in-memory store, one worker per processor, no handlers. */
  public static EngineConfig ofDefaults() {
    return custom().build();
  }

  /** A builder with every option unset. */
  public static Builder custom() {
    return new Builder();
  }

  /**
   * A builder holding every option of {@code base}; each may be set again once. Defaults {@code
   * base} resolved (its store, bus, node id) are kept as they are.
   */
  public static Builder from(EngineConfig base) {
    return new Builder(base);
  }

  public Storage storage() {
    return storage;
  }

  public EventBus events() {
    return events;
  }

  public Metrics metrics() {
    return metrics;
  }

  public Clock clock() {
    return clock;
  }

  public int minWorkers() {
    return minWorkers;
  }

  public int maxWorkers() {
    return maxWorkers;
  }

  public Duration lease() {
    return lease;
  }

  /** Zero: no heartbeats (leases then expire unless jobs finish in time). */
  public Duration heartbeatInterval() {
    return heartbeatInterval;
  }

  public Duration pollInterval() {
    return pollInterval;
  }

  public Duration drainTimeout() {
    return drainTimeout;
  }

  /** Timeouts per job type; absent types use {@link #defaultTimeout()}; zero means none. */
  public Map<String, Duration> timeouts() {
    return timeouts;
  }

  public Optional<Duration> defaultTimeout() {
    return defaultTimeout;
  }

  public Map<String, RetryPolicy> retryPolicies() {
    return retryPolicies;
  }

  public RetryPolicy defaultRetryPolicy() {
    return defaultRetryPolicy;
  }

  public Map<String, JobHandler> handlers() {
    return handlers;
  }

  public String nodeId() {
    return nodeId;
  }

  /**
   * Whether the host set the node id, which then names the same node across restarts: at start the
   * engine takes back the leases held under it. The default id is new in every process.
   */
  public boolean stableNodeId() {
    return stableNodeId;
  }

  /** No threads: the host calls {@code runDueJobs()} and {@code runWatchdog()} itself. */
  public boolean callingThread() {
    return callingThread;
  }

  public int maxClaimBatch() {
    return maxClaimBatch;
  }

  /** How long a worker above {@link #minWorkers()} may idle before it ends. */
  public Duration workerKeepAlive() {
    return workerKeepAlive;
  }

  /** How long completed and cancelled jobs are kept; zero keeps them for ever. */
  public Duration retention() {
    return retention;
  }

  /** How long dead jobs are kept after they were buried; zero (the default) keeps them for ever. */
  public Duration deadJobRetention() {
    return deadJobRetention;
  }

  /**
   * How long a handler may run on after its timeout (interrupted, cancel flag set) before the
   * engine records the timeout without it and gives up on its thread.
   */
  public Duration timeoutGrace() {
    return timeoutGrace;
  }

  /** The largest step result, saved state or signal payload kept, in bytes of JSON. */
  public long maxStepResultBytes() {
    return maxStepResultBytes;
  }

  /** Durable sleeps with at most this much left are slept in the worker's thread; zero for none. */
  public Duration inlineSleep() {
    return inlineSleep;
  }

  /** What the host adds to the start-up line (the media backend, the CPU budget, …). */
  public Map<String, Object> details() {
    return details;
  }

  public RetryPolicy retryPolicy(String type) {
    return retryPolicies.getOrDefault(type, defaultRetryPolicy);
  }

  /** Retry policies, timeouts and log levels of single jobs (a rule's runs). */
  public JobPolicies jobPolicies() {
    return jobPolicies;
  }

  /** The retry policy of a job: its own ({@link JobPolicies}), else its type's. */
  public RetryPolicy retryPolicy(Job job) {
    return jobPolicies.retryPolicy(job).orElseGet(() -> retryPolicy(job.type()));
  }

  /** The timeout of a job: its own ({@link JobPolicies}), else its type's; empty for none. */
  public Optional<Duration> timeout(Job job) {
    Optional<Duration> own = jobPolicies.timeout(job);
    return own.isPresent() ? own : timeout(job.type());
  }

  /** The timeout of a job type; empty for none. */
  public Optional<Duration> timeout(String type) {
    Duration d = timeouts.get(type);
    if (d == null) {
      return defaultTimeout.filter(x -> !x.isZero());
    }
    return d.isZero() ? Optional.empty() : Optional.of(d);
  }

  /** The effective configuration on one line, as the engine logs it once when it is built. */
  @Override
  public String toString() {
    StringBuilder b =
        new StringBuilder("mediaflow engine: node=")
            .append(nodeId)
            .append(stableNodeId ? " (set)" : " (default)")
            .append(" storage=")
            .append(storage.getClass().getSimpleName())
            .append(" eventBus=")
            .append(events.getClass().getSimpleName())
            .append(" workers=")
            .append(minWorkers)
            .append("..")
            .append(maxWorkers)
            .append(" mode=")
            .append(callingThread ? "calling-thread" : "threads")
            .append(" lease=")
            .append(lease)
            .append(" heartbeat=")
            .append(heartbeatInterval.isZero() ? "off" : heartbeatInterval)
            .append(" poll=")
            .append(pollInterval)
            .append(" drain=")
            .append(drainTimeout)
            .append(" timeouts=")
            .append(timeouts)
            .append(" defaultTimeout=")
            .append(defaultTimeout.map(Object::toString).orElse("none"))
            .append(" timeoutGrace=")
            .append(timeoutGrace)
            .append(" retry=")
            .append(defaultRetryPolicy)
            .append(" retryByType=")
            .append(retryPolicies)
            .append(" types=")
            .append(new java.util.TreeSet<>(handlers.keySet()))
            .append(" maxClaimBatch=")
            .append(maxClaimBatch)
            .append(" workerKeepAlive=")
            .append(workerKeepAlive)
            .append(" retention=")
            .append(retention.isZero() ? "forever" : retention)
            .append(" deadJobRetention=")
            .append(deadJobRetention.isZero() ? "forever" : deadJobRetention)
            .append(" maxStepResultBytes=")
            .append(maxStepResultBytes)
            .append(" inlineSleep=")
            .append(inlineSleep);
    details.forEach((k, v) -> b.append(' ').append(k).append('=').append(v));
    return b.toString();
  }

  /**
   * Builds an {@link EngineConfig}. Each option may be set once and says at once what was wrong
   * with a value; {@link #build()} checks what depends on several options.
   */
  public static final class Builder {
    private Storage storage;
    private EventBus events;
    private JobPolicies jobPolicies;
    private Metrics metrics;
    private Clock clock;
    private Integer minWorkers;
    private Integer maxWorkers;
    private Duration lease;
    private Duration heartbeatInterval;
    private Duration pollInterval;
    private Duration drainTimeout;
    private Duration defaultTimeout;
    private Duration timeoutGrace;
    private final Map<String, Duration> timeouts = new HashMap<>();
    private RetryPolicy defaultRetry;
    private final Map<String, RetryPolicy> retryPolicies = new HashMap<>();
    private final Map<String, JobHandler> handlers = new LinkedHashMap<>();
    private boolean callingThread;
    private String nodeId;
    private boolean stableNodeId;
    private Integer maxClaimBatch;
    private Duration workerKeepAlive;
    private Duration retention;
    private Duration deadJobRetention;
    private Long maxStepResultBytes;
    private Duration inlineSleep;
    private final Map<String, Object> details = new LinkedHashMap<>();

    /** Options set through this builder, each at most once. */
    private final java.util.Set<String> set = new java.util.HashSet<>();

    private Builder() {}

    private Builder(EngineConfig base) {
      storage = base.storage;
      events = base.events;
      jobPolicies = base.jobPolicies;
      metrics = base.metrics;
      clock = base.clock;
      minWorkers = base.minWorkers;
      maxWorkers = base.maxWorkers;
      lease = base.lease;
      heartbeatInterval = base.heartbeatInterval;
      pollInterval = base.pollInterval;
      drainTimeout = base.drainTimeout;
      defaultTimeout = base.defaultTimeout.orElse(null);
      timeoutGrace = base.timeoutGrace;
      timeouts.putAll(base.timeouts);
      defaultRetry = base.defaultRetryPolicy;
      retryPolicies.putAll(base.retryPolicies);
      handlers.putAll(base.handlers);
      callingThread = base.callingThread;
      nodeId = base.nodeId;
      stableNodeId = base.stableNodeId;
      maxClaimBatch = base.maxClaimBatch;
      workerKeepAlive = base.workerKeepAlive;
      retention = base.retention;
      deadJobRetention = base.deadJobRetention;
      maxStepResultBytes = base.maxStepResultBytes;
      inlineSleep = base.inlineSleep;
      details.putAll(base.details);
    }

    /** Refuses an option set before; {@link #done} counts it as set once its value passed. */
    private void once(String option) {
      if (set.contains(option)) {
        throw new IllegalStateException(option + " is already set; set it once");
      }
    }

    private Builder done(String option) {
      set.add(option);
      return this;
    }

    /** Whether an option (such as {@code "jobTimeout of media"}) was set on this builder. */
    public boolean isSet(String option) {
      return set.contains(option);
    }

    private static Duration positive(String option, Duration value) {
      Objects.requireNonNull(value, option);
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(option + " must be positive but was " + value);
      }
      return value;
    }

    private static Duration notNegative(String option, Duration value, String zero) {
      Objects.requireNonNull(value, option);
      if (value.isNegative()) {
        throw new IllegalArgumentException(
            option + " must be zero" + zero + " or positive but was " + value);
      }
      return value;
    }

    public Builder storage(Storage value) {
      Objects.requireNonNull(value, "storage");
      once("storage");
      storage = value;
      return done("storage");
    }

    public Builder events(EventBus value) {
      Objects.requireNonNull(value, "eventBus");
      once("eventBus");
      events = value;
      return done("eventBus");
    }

    /** Retry policies and timeouts of single jobs (a rule's runs); default none. */
    public Builder jobPolicies(JobPolicies value) {
      Objects.requireNonNull(value, "jobPolicies");
      once("jobPolicies");
      jobPolicies = value;
      return done("jobPolicies");
    }

    public Builder metrics(Metrics value) {
      Objects.requireNonNull(value, "metrics");
      once("metrics");
      metrics = value;
      return done("metrics");
    }

    public Builder clock(Clock value) {
      Objects.requireNonNull(value, "clock");
      once("clock");
      clock = value;
      return done("clock");
    }

    /** Between {@code min} and {@code max} workers, growing while the queue is deep. */
    public Builder workers(int min, int max) {
      once("workers");
      if (min < 1 || min > MAX_WORKERS) {
        throw new IllegalArgumentException(
            "workers must be between 1 and " + MAX_WORKERS + " but was " + min);
      }
      if (max < min || max > MAX_WORKERS) {
        throw new IllegalArgumentException(
            "max workers must be between " + min + " and " + MAX_WORKERS + " but was " + max);
      }
      minWorkers = min;
      maxWorkers = max;
      return done("workers");
    }

    public Builder workerKeepAlive(Duration value) {
      once("workerKeepAlive");
      workerKeepAlive = positive("workerKeepAlive", value);
      return done("workerKeepAlive");
    }

    /** Zero keeps finished jobs for ever. */
    public Builder retention(Duration value) {
      once("retention");
      retention = notNegative("retention", value, " (keep for ever)");
      return done("retention");
    }

    /** Zero (the default) keeps dead jobs for ever. */
    public Builder deadJobRetention(Duration value) {
      once("deadJobRetention");
      deadJobRetention = notNegative("deadJobRetention", value, " (keep for ever)");
      return done("deadJobRetention");
    }

    public Builder lease(Duration value) {
      once("lease");
      lease = positive("lease", value);
      return done("lease");
    }

    /** Zero turns heartbeats off; default a third of the lease. */
    public Builder heartbeatInterval(Duration value) {
      once("heartbeatInterval");
      heartbeatInterval = notNegative("heartbeatInterval", value, " (off)");
      return done("heartbeatInterval");
    }

    public Builder pollInterval(Duration value) {
      once("pollInterval");
      pollInterval = positive("pollInterval", value);
      return done("pollInterval");
    }

    public Builder drainTimeout(Duration value) {
      once("drainTimeout");
      drainTimeout = notNegative("drainTimeout", value, "");
      return done("drainTimeout");
    }

    /** The timeout of every job type without its own; zero for none. */
    public Builder jobTimeout(Duration value) {
      once("jobTimeout");
      defaultTimeout = notNegative("jobTimeout", value, "");
      return done("jobTimeout");
    }

    /** The timeout of one job type; zero for none. */
    public Builder jobTimeout(String type, Duration value) {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(value, "jobTimeout");
      once("jobTimeout of " + type);
      timeouts.put(type, notNegative("jobTimeout of " + type, value, ""));
      return done("jobTimeout of " + type);
    }

    public Builder timeoutGrace(Duration value) {
      once("timeoutGrace");
      timeoutGrace = positive("timeoutGrace", value);
      return done("timeoutGrace");
    }

    public Builder retryPolicy(RetryPolicy value) {
      Objects.requireNonNull(value, "retryPolicy");
      once("retryPolicy");
      defaultRetry = value;
      return done("retryPolicy");
    }

    public Builder retryPolicy(String type, RetryPolicy value) {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(value, "retryPolicy");
      once("retryPolicy of " + type);
      retryPolicies.put(type, value);
      return done("retryPolicy of " + type);
    }

    /** The handler of a job type; the claims of this engine ask for these types only. */
    public Builder handler(String type, JobHandler value) {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(value, "handler");
      if (type.isBlank()) {
        throw new IllegalArgumentException("a job type must not be blank");
      }
      once("handler of " + type);
      handlers.put(type, value);
      return done("handler of " + type);
    }

    public Builder runOnCallingThread() {
      once("runOnCallingThread");
      callingThread = true;
      return done("runOnCallingThread");
    }

    public Builder nodeId(String value) {
      Objects.requireNonNull(value, "nodeId");
      once("nodeId");
      nodeId = NodeIds.checked(value);
      stableNodeId = true;
      return done("nodeId");
    }

    public Builder maxClaimBatch(int value) {
      once("maxClaimBatch");
      if (value < 1 || value > 10_000) {
        throw new IllegalArgumentException(
            "maxClaimBatch must be between 1 and 10000 but was " + value);
      }
      maxClaimBatch = value;
      return done("maxClaimBatch");
    }

    /** The largest step result, saved state or signal payload kept, in bytes of JSON. */
    public Builder maxStepResultBytes(long value) {
      once("maxStepResultBytes");
      if (value < 1 || value > MAX_STEP_RESULT_BYTES) {
        throw new IllegalArgumentException(
            "maxStepResultBytes must be between 1 and "
                + MAX_STEP_RESULT_BYTES
                + " but was "
                + value);
      }
      maxStepResultBytes = value;
      return done("maxStepResultBytes");
    }

    /** Durable sleeps with at most this much left are slept in the worker's thread; 0 for none. */
    public Builder inlineSleep(Duration value) {
      once("inlineSleep");
      if (value.isNegative() || value.compareTo(MAX_INLINE_SLEEP) > 0) {
        throw new IllegalArgumentException(
            "inlineSleep must be between 0 and " + MAX_INLINE_SLEEP + " but was " + value);
      }
      inlineSleep = value;
      return done("inlineSleep");
    }

    /** Adds {@code name=value} to the start-up line; for what the host wires around the engine. */
    public Builder detail(String name, Object value) {
      details.put(Objects.requireNonNull(name, "name"), String.valueOf(value));
      return this;
    }

    /**
     * Resolves the defaults and checks the options against each other.
     *
     * @throws IllegalArgumentException when the heartbeat is not shorter than the lease
     */
    public EngineConfig build() {
      Duration l = lease == null ? DEFAULT_LEASE : lease;
      if (heartbeatInterval != null
          && !heartbeatInterval.isZero()
          && heartbeatInterval.compareTo(l) >= 0) {
        throw new IllegalArgumentException(
            "heartbeatInterval must be shorter than the lease ("
                + l
                + ") but was "
                + heartbeatInterval);
      }
      return new EngineConfig(this);
    }
  }
}
