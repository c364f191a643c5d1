package io.mediaflow.internal.engine;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobError;
import io.mediaflow.api.job.JobState;
import io.mediaflow.api.store.JobQuery;
import io.mediaflow.api.store.Storage;
import io.mediaflow.internal.observe.Redactor;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves on failed jobs nobody moved on: an engine that stopped or crashed between recording a
 * failure and recording its retry or burial leaves the job in FAILED, where no watchdog looks. A
 * failure older than the lease is taken as stranded and retried or buried by the same {@link
 * RetryDecision} its own engine would have used.
 */
final class StrandedFailures {

  private static final Logger LOG = LoggerFactory.getLogger(Engine.class);

  /** Pages of {@link JobQuery#MAX_PAGE_SIZE} stranded failures looked at per start. */
  private static final int MAX_PAGES = 100;

  private static final JobError NO_ERROR =
      new JobError(
          ErrorCode.INTERNAL.code(),
          "the job failed without a recorded error",
          false,
          "this is a bug in mediaflow or the storage adapter; please report it");

  private static final String STRANDED =
      "found FAILED at start: the engine that recorded the failure stopped before its retry or"
          + " burial";

  private final EngineConfig config;
  private final Storage storage;
  private final RetryDecision retries;
  private final LifecycleEvents events;
  private final JobWatchers watchers;
  private final AttemptLog log;

  StrandedFailures(
      EngineConfig config, RetryDecision retries, LifecycleEvents events, JobWatchers watchers) {
    this.config = config;
    this.storage = config.storage();
    this.retries = retries;
    this.events = events;
    this.watchers = watchers;
    this.log = new AttemptLog(config);
  }

  /**
   * Runs once at start (one indexed query on a JDBC store).
   *
   * @return how many jobs were moved on
   */
  int recover() {
    Instant now = config.clock().instant();
    List<Job> stranded = find(now.minus(config.lease()));
    int moved = 0;
    for (Job j : stranded) {
      JobError error = j.error().orElse(NO_ERROR);
      try {
        Optional<Duration> delay = retries.retryDelay(j, error);
        if (delay.isPresent()) {
          Job scheduled = storage.jobs().retry(j.id(), now.plus(delay.get()), now);
          log.job(j.id(), AttemptLog.INFO, STRANDED);
          log.retrying(j, error, scheduled.scheduledAt(), delay.get());
          config.metrics().retried(j.type());
          events.retrying(scheduled, error, delay.get());
        } else {
          Job dead = storage.jobs().bury(j.id(), now);
          log.job(j.id(), AttemptLog.INFO, STRANDED);
          log.buried(dead, error);
          events.dead(dead, error);
          watchers.finished(dead);
        }
        moved++;
      } catch (RuntimeException e) {
        // moved on meanwhile by its own engine, or the store went away: the next start looks again
        LOG.debug(
            "stranded failed job {} was not moved on: {}", j.id(), Redactor.redact(e.toString()));
      }
    }
    if (moved > 0) {
      LOG.atInfo()
          .addKeyValue("jobs", moved)
          .log("{} jobs left in FAILED by an engine that stopped were retried or buried", moved);
    }
    return moved;
  }

  private List<Job> find(Instant before) {
    List<Job> stranded = new ArrayList<>();
    JobQuery failed = JobQuery.all().withStates(Set.of(JobState.FAILED));
    for (int page = 0; page < MAX_PAGES; page++) {
      List<Job> items = storage.jobs().query(failed.withPage(page, JobQuery.MAX_PAGE_SIZE)).items();
      for (Job j : items) {
        if (j.updatedAt().isBefore(before)) {
          stranded.add(j);
        }
      }
      if (items.size() < JobQuery.MAX_PAGE_SIZE) {
        break;
      }
    }
    return stranded;
  }
}
