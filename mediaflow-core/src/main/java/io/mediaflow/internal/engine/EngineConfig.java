package io.mediaflow.internal.engine;

import io.mediaflow.Metrics;
import io.mediaflow.api.event.EventBus;
import io.mediaflow.api.job.JobHandler;
import io.mediaflow.api.job.RetryPolicy;
import io.mediaflow.api.store.Storage;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The engine's effective configuration, as {@code MediaFlow.Builder} resolved it.
 *
 * @param heartbeatInterval zero: no heartbeats (leases then expire unless jobs finish in time)
 * @param timeouts per job type; absent types use {@code defaultTimeout}; zero means none
 * @param workerKeepAlive how long a worker above {@code minWorkers} may idle before it ends
 * @param retention how long completed and cancelled jobs are kept; zero keeps them for ever
 * @param timeoutGrace how long a handler may run on after its timeout (interrupted, cancel flag
 *     set) before the engine records the timeout without it and gives up on its thread
 */
public record EngineConfig(
    Storage storage,
    EventBus events,
    Metrics metrics,
    Clock clock,
    int minWorkers,
    int maxWorkers,
    Duration lease,
    Duration heartbeatInterval,
    Duration pollInterval,
    Duration drainTimeout,
    Map<String, Duration> timeouts,
    Optional<Duration> defaultTimeout,
    Map<String, RetryPolicy> retryPolicies,
    RetryPolicy defaultRetryPolicy,
    Map<String, JobHandler> handlers,
    String nodeId,
    boolean callingThread,
    int maxClaimBatch,
    Duration workerKeepAlive,
    Duration retention,
    Duration timeoutGrace) {

  public EngineConfig {
    timeouts = Map.copyOf(timeouts);
    retryPolicies = Map.copyOf(retryPolicies);
    handlers = Map.copyOf(handlers);
  }

  public RetryPolicy retryPolicy(String type) {
    return retryPolicies.getOrDefault(type, defaultRetryPolicy);
  }

  /** The timeout of a job type; empty for none. */
  public Optional<Duration> timeout(String type) {
    Duration d = timeouts.get(type);
    if (d == null) {
      return defaultTimeout.filter(x -> !x.isZero());
    }
    return d.isZero() ? Optional.empty() : Optional.of(d);
  }
}
