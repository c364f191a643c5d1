package io.mediaflow.internal.engine;

import io.mediaflow.api.store.Storage;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Heartbeats: extends the lease of every job this node holds with one {@link Storage#heartbeatAll};
 * an attempt whose lease was found lost (cancelled, or taken over after it expired) is stopped.
 */
final class LeaseKeeper {

  private static final Logger LOG = LoggerFactory.getLogger(Engine.class);

  private final Storage storage;
  private final Clock clock;
  private final Duration lease;
  private final Map<String, Attempt> attempts;
  private final AttemptLog log;

  LeaseKeeper(EngineConfig config, Map<String, Attempt> attempts) {
    this.storage = config.storage();
    this.clock = config.clock();
    this.lease = config.lease();
    this.attempts = attempts;
    this.log = new AttemptLog(config);
  }

  /** One heartbeat pass; the leases not lost are extended all the same. */
  void heartbeatAll() {
    if (attempts.isEmpty()) {
      return;
    }
    Map<String, Attempt> held = new HashMap<>();
    Map<String, String> tokens = new HashMap<>();
    for (Attempt a : attempts.values()) {
      // a timed-out attempt keeps its lease: its TIMEOUT is recorded under it
      if (!a.stopRequested() || a.stopReason() == StopReason.TIMED_OUT) {
        held.put(a.id(), a);
        tokens.put(a.id(), a.token);
      }
    }
    if (tokens.isEmpty()) {
      return;
    }
    Set<String> lost = storage.jobs().heartbeatAll(tokens, clock.instant().plus(lease));
    for (String id : lost) {
      Attempt a = held.get(id);
      // a handler that returned has nothing left to stop: its outcome is being recorded, most
      // often by the completion that just ended the lease (a heartbeat racing a worker's batch
      // completion found those jobs COMPLETED and wrote a false "lost its lease" line for each);
      // the recording itself finds out if the lease was truly lost
      if (a != null && !a.ended() && a.stop(StopReason.LEASE_LOST)) {
        LOG.atInfo()
            .addKeyValue("jobId", id)
            .log("job {} lost its lease (cancelled or taken over); stopping it here", id);
        log.line(
            a,
            AttemptLog.WARN,
            "attempt "
                + AttemptLog.count(a.job)
                + " lost its lease (the job was cancelled, or its lease expired and another node"
                + " took it over); stopping it here, its outcome will be dropped");
      }
    }
  }
}
