package io.mediaflow.api.store;

import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobError;
import io.mediaflow.api.job.JobLog;
import io.mediaflow.api.job.JobProgress;
import io.mediaflow.api.job.JobRequest;
import io.mediaflow.api.job.JobState;
import io.mediaflow.api.job.StageTiming;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The job store and the queue, the part of a {@link Storage} that {@link Storage#jobs()} hands out:
 * jobs with their state, history, progress and logs, and the queue operations on them. They are one
 * part because a claim must be atomic with the state change it makes.
 *
 * <p>Every implementation guarantees, and the testkit's {@code JobStoreContract}, {@code
 * JobQueueContract} and {@code JobLifecycleContract} prove:
 *
 * <ul>
 *   <li>a submit is durable before it returns; a duplicate idempotency key returns the first job;
 *   <li>every state change follows {@link io.mediaflow.api.job.JobTransitions}, else it throws;
 *   <li>a job is claimed by one worker at a time, under a lease with a unique token;
 *   <li>completing, failing, releasing, yielding, heartbeating and reporting progress are
 *       compare-and-set on the lease token: a worker whose lease was taken over gets {@link
 *       StorageException#LEASE_LOST} and changes nothing;
 *   <li>every change bumps {@link Job#version()};
 *   <li>a wake-up ({@link #onWorkAvailable}) comes from the operation that made work due, after it
 *       committed, so none is lost.
 * </ul>
 *
 * <p>Time is passed in by the caller (from the engine's clock), never read by the store.
 */
public interface JobStore {

  /** Stores a new job, due at {@code request.runAt()} or now; returns it (or the earlier one). */
  Job submit(JobRequest request, Instant now);

  /** Submits many in one go (one transaction where the store has them). */
  default List<Job> submitAll(List<JobRequest> requests, Instant now) {
    List<Job> jobs = new ArrayList<>(requests.size());
    for (JobRequest r : requests) {
      jobs.add(submit(r, now));
    }
    return jobs;
  }

  /**
   * Submits jobs under concurrency limits, in one transaction where the store has them, each
   * decided atomically in the store (a conditional update of the limit's count, never a count by
   * query), so that engines sharing the store never run more than {@code maxConcurrent} jobs of one
   * key at once. For each request, in order:
   *
   * <ul>
   *   <li>a job with its idempotency key exists: {@link Admission.Outcome#DUPLICATE}, nothing
   *       changes;
   *   <li>fewer than {@code maxConcurrent} jobs of the key hold a place, or the policy is {@link
   *       io.mediaflow.api.rule.OverlapPolicy#ALLOW_ALL}: the job is stored as {@link #submit}
   *       would and holds a place, {@link Admission.Outcome#STARTED};
   *   <li>else {@code SKIP} stores nothing ({@link Admission.Outcome#SKIPPED}); {@code BUFFER_ALL},
   *       and {@code BUFFER_ONE} while none waits, store it {@code SCHEDULED} with {@link
   *       io.mediaflow.api.job.WaitReason#OVERLAP} and no due time it could reach by itself ({@link
   *       Admission.Outcome#BUFFERED}); {@code BUFFER_ONE} with one waiting skips; {@code
   *       CANCEL_OTHER} cancels every unfinished job of the key (as {@link #cancel} does, children
   *       too) and stores the new one holding the only place.
   * </ul>
   *
   * <p>A job holds its place until it is over: when it is completed, dead or cancelled (or
   * deleted), the same transaction gives the place back and, if jobs of the key are buffered and a
   * place is free, makes the oldest of them due ({@code PENDING}, wait reason cleared), holding the
   * place. A buffered job that is cancelled simply stops waiting. A dead job re-queued by hand
   * takes a place again even when that goes over the limit. The testkit's {@code
   * ConcurrencyLimitContract} proves all of it, also with many threads racing.
   *
   * @return one admission per request, in the requests' order
   */
  default List<Admission> submitLimited(List<LimitedRequest> requests, Instant now) {
    throw new UnsupportedOperationException(
        getClass().getName() + " cannot submit jobs under a concurrency limit");
  }

  Optional<Job> find(String jobId);

  /** History with filters, newest first. */
  Page<Job> query(JobQuery query);

  /** How many jobs are in each state (states with none may be missing). */
  Map<JobState, Long> countByState();

  /** When the oldest job that is due and waiting became due, if any is waiting. */
  Optional<Instant> oldestDue(Instant now);

  // ---- queue ----

  /**
   * Claims up to {@code max} due jobs (pending, or scheduled with {@code scheduledAt <= now}),
   * highest priority first, then earliest due, then oldest id; each becomes PROCESSING with a new
   * lease, its attempts counted up by one.
   */
  List<Job> claim(ClaimRequest request);

  /** Extends a lease. False (and nothing changes) when the token no longer holds the job. */
  boolean heartbeat(String jobId, String leaseToken, Instant expiresAt);

  /**
   * Extends many leases at once, as an engine's heartbeat pass does: one statement or transaction
   * where the store has them, rather than one round trip per running job. Each extension is the
   * same compare-and-set as {@link #heartbeat}; a lease that is lost does not keep the others from
   * being extended.
   *
   * @param tokensById each job id with the lease token its worker holds
   * @return the ids whose lease is no longer held (their workers must stop), unknown ids included;
   *     every other lease now expires at {@code expiresAt}
   */
  default java.util.Set<String> heartbeatAll(Map<String, String> tokensById, Instant expiresAt) {
    java.util.Set<String> lost = new java.util.LinkedHashSet<>();
    for (Map.Entry<String, String> e : Map.copyOf(tokensById).entrySet()) {
      try {
        if (!heartbeat(e.getKey(), e.getValue(), expiresAt)) {
          lost.add(e.getKey());
        }
      } catch (StorageException ex) {
        if (!ex.code().equals(StorageException.JOB_NOT_FOUND)) {
          throw ex;
        }
        lost.add(e.getKey());
      }
    }
    return lost;
  }

  /** Completes the job. Throws {@link StorageException#LEASE_LOST} if the token lost it. */
  Job complete(String jobId, String leaseToken, Optional<String> result, Instant now);

  /**
   * Completes many jobs at once, in one transaction where the store has them: what a worker does
   * after a batch of quick jobs, so a durable store commits once per batch rather than once per
   * job. Each completion is the same compare-and-set as {@link #complete}.
   *
   * @return the ids completed; a job missing from it had lost its lease (or no longer exists) and
   *     was left unchanged
   */
  default java.util.Set<String> completeAll(List<Completion> completions, Instant now) {
    java.util.Set<String> done = new java.util.LinkedHashSet<>();
    for (Completion c : completions) {
      try {
        complete(c.jobId(), c.leaseToken(), c.result(), now);
        done.add(c.jobId());
      } catch (StorageException e) {
        if (!e.code().equals(StorageException.LEASE_LOST)
            && !e.code().equals(StorageException.JOB_NOT_FOUND)) {
          throw e;
        }
      }
    }
    return done;
  }

  /** Marks the attempt failed (PROCESSING → FAILED), keeping the error. */
  Job fail(String jobId, String leaseToken, JobError error, Instant now);

  /**
   * Schedules the next attempt of a failed job (FAILED → SCHEDULED), its wait reason {@link
   * io.mediaflow.api.job.WaitReason#RETRY}.
   */
  Job retry(String jobId, Instant runAt, Instant now);

  /**
   * Gives up on a failed job (FAILED → DEAD). A dead child counts as a finished child of its parent
   * (as a completed or cancelled one does) until it is re-queued.
   */
  Job bury(String jobId, Instant now);

  /** Gives a job back to the queue untouched, as on drain (PROCESSING → PENDING). */
  Job release(String jobId, String leaseToken, Instant now);

  /** The job waits until {@code runAt} (PROCESSING → SCHEDULED), optionally with a new payload. */
  Job yieldUntil(
      String jobId, String leaseToken, Instant runAt, Optional<String> payload, Instant now);

  /**
   * The job waits (PROCESSING → SCHEDULED) for what {@code wait} says, its lease cleared and the
   * attempt that the claim counted given back, {@link Job#waitReason()} set to {@code
   * wait.reason()} and {@link Job#scheduledAt()} to {@code wait.until()}. When the event the wait
   * is for has happened already (an untaken signal of that name is stored, or that many children
   * have finished) the job is due at once ({@code scheduledAt = now}) instead, so no wake-up is
   * lost between the handler's last look and the yield.
   *
   * <p>Wake-ups are atomic with their cause: {@link #signal} wakes a job waiting for that signal,
   * and the change that finishes a child (complete, bury, cancel) wakes a parent waiting for that
   * many children (SCHEDULED → PENDING, {@code scheduledAt = now}, wait reason cleared), each in
   * the same transaction as the change, under concurrency (the testkit's {@code JobWaitContract}
   * races children to completion from many threads).
   *
   * @throws StorageException {@link StorageException#LEASE_LOST} when the token lost the job
   */
  default Job yieldUntil(String jobId, String leaseToken, Wait wait, Instant now) {
    throw new UnsupportedOperationException(getClass().getName() + " cannot make a job wait");
  }

  /**
   * Stores the signal {@code name} with {@code payload} for the job and, in the same transaction,
   * wakes the job if it waits for a signal of that name (SCHEDULED → PENDING). A signal that no
   * wait takes yet is kept until one does ({@link CheckpointStore#takeSignal}).
   *
   * @throws StorageException {@link StorageException#JOB_NOT_FOUND} for an unknown job; {@link
   *     StorageException#JOB_FINISHED} for a completed, cancelled or dead one (nothing is stored)
   */
  default Job signal(String jobId, String name, String payload, Instant now) {
    throw new UnsupportedOperationException(getClass().getName() + " cannot store signals");
  }

  /**
   * How many children of the job have finished ({@code COMPLETED}, {@code DEAD} or {@code
   * CANCELLED}): the count a {@link Wait#children} wait compares with. Stores that keep it on the
   * parent (as the wake-ups need) answer without counting; the default counts with {@link #query}.
   */
  default long finishedChildren(String parentId) {
    return query(
            JobQuery.all()
                .withParent(parentId)
                .withStates(java.util.Set.of(JobState.COMPLETED, JobState.DEAD, JobState.CANCELLED))
                .withPage(0, 1))
        .total();
  }

  /** Returns every job whose lease expired before {@code now} to the queue; how many. */
  int expireLeases(Instant now);

  /**
   * Returns to the queue at once, without waiting for their expiry, the jobs whose lease belongs to
   * a process known to be gone. Each goes back as {@link #expireLeases} returns a job whose lease
   * ran out (PROCESSING → PENDING, lease cleared, {@link Job#version()} bumped, the attempt it was
   * on still counted), in one atomic statement where the store has them, so a lease that its holder
   * ended meanwhile is never taken. Its old token is refused from then on ({@link
   * StorageException#LEASE_LOST}).
   *
   * <ul>
   *   <li>{@code node} present: every lease of that node, whose {@link ClaimRequest#owner()} is the
   *       node id itself or begins with the node id and {@code /}. An engine calls it at start with
   *       its own id when the host set a stable one: the leases held under that id are its earlier
   *       run's, and that run is gone. The caller must be sure that no running process claims under
   *       that id.
   *   <li>{@code node} empty: every lease claimed by a process that no longer has this store open.
   *       Only a store that one process at a time can open can tell (an embedded H2 file: every
   *       lease there that none of this process's open stores claimed is a dead process's). A store
   *       that several processes may share takes back nothing, and so does one that lives in one
   *       process only ({@code InMemoryStorage}).
   * </ul>
   *
   * <p>The default takes back nothing: leases then come back at their expiry (the testkit's {@code
   * JobQueueContract} expects a real implementation).
   *
   * @return how many jobs went back to the queue
   */
  default int takeBackLeases(Optional<String> node, Instant now) {
    return 0;
  }

  /**
   * Cancels a pending, scheduled or processing job, and in the same transaction its children (and
   * theirs) that are not finished; illegal from any other state. Each cancelled child counts as a
   * finished child of its parent.
   */
  Job cancel(String jobId, Instant now);

  /**
   * Gives a job that has not started a new version of its work: a rule's run made ahead of its slot
   * (a {@code SCHEDULED} job, never claimed, waiting for nothing but its due time) takes the
   * payload, priority, attempts and rule name of {@code replacement.request()} when its rule is
   * updated. The job keeps its id, idempotency key, due time, parent, correlation id, rule id and
   * its place under its concurrency limit; its version goes up.
   *
   * <p>The stores of mediaflow do it with one conditional update (on the job's state, attempts,
   * wait reason and {@code expectedVersion}), so the slot's run is at every moment either the old
   * one or the new one, never neither or both, and of two engines replacing one job only the first
   * changes it. The default is weaker: it cancels the job, then submits the replacement under the
   * job's concurrency limit with the key {@code <job's key>#<job id>} and the job's due time; a
   * crash between the two loses the run.
   *
   * @param expectedVersion the job's {@link Job#version()} as the caller read it
   * @return the job as it now is (for the default, the new job); empty when it has started,
   *     finished, waits for something, is gone or changed since {@code expectedVersion}
   */
  default Optional<Job> replaceScheduled(
      String jobId, long expectedVersion, LimitedRequest replacement, Instant now) {
    Optional<Job> found = find(jobId);
    if (found.isEmpty() || !replaceable(found.get(), expectedVersion)) {
      return Optional.empty();
    }
    Job old = found.get();
    cancel(jobId, now);
    LimitedRequest renewed =
        new LimitedRequest(
            replacement
                .request()
                .withIdempotencyKey(old.idempotencyKey() + "#" + old.id())
                .withRunAt(old.scheduledAt()),
            replacement.limitKey(),
            replacement.maxConcurrent(),
            replacement.overlap());
    return submitLimited(List.of(renewed), now).get(0).job();
  }

  private static boolean replaceable(Job job, long expectedVersion) {
    return job.state() == JobState.SCHEDULED
        && job.attempts() == 0
        && job.waitReason().isEmpty()
        && job.version() == expectedVersion;
  }

  /** Puts a dead job back in the queue (DEAD → PENDING) with its attempts reset. */
  Job requeue(String jobId, Instant now);

  /** Records progress of the attempt holding {@code leaseToken}; false if the lease is lost. */
  boolean progress(String jobId, String leaseToken, JobProgress progress, List<StageTiming> stages);

  void appendLog(String jobId, JobLog entry);

  List<JobLog> logs(String jobId);

  // ---- plans ----

  /**
   * Keeps the plan a media job runs (the JSON of {@code PlanRenderer}), replacing the one an
   * earlier attempt kept; it goes when the job is deleted or purged. The default keeps nothing, so
   * {@link #plan} stays empty (the testkit's {@code JobStoreContract} expects a real
   * implementation).
   *
   * @throws StorageException {@link StorageException#JOB_NOT_FOUND} for an unknown job
   */
  default void savePlan(String jobId, String plan) {}

  /** The plan {@link #savePlan} kept for the job, if any. */
  default Optional<String> plan(String jobId) {
    return Optional.empty();
  }

  // ---- retention ----

  /**
   * Deletes at most {@code max} finished jobs, {@link JobState#COMPLETED} or {@link
   * JobState#CANCELLED}, last changed before {@code cutoff}, with their logs; their idempotency
   * keys are freed. Jobs in any other state are never touched: {@link JobState#DEAD} and {@link
   * JobState#FAILED} jobs stay for inspection and re-queueing. One short transaction where the
   * store has them, so a caller purging a large backlog calls again while the answer is {@code
   * max}.
   *
   * <p>The engine calls it periodically with its configured retention. The default deletes nothing:
   * a store that cannot delete keeps every job (the testkit's {@code JobStoreContract} expects a
   * real implementation).
   *
   * @return how many jobs were deleted, at most {@code max}
   */
  default int purgeFinishedBefore(Instant cutoff, int max) {
    return 0;
  }

  /**
   * Deletes one job that is over, {@link JobState#COMPLETED}, {@link JobState#CANCELLED} or {@link
   * JobState#DEAD}, with its logs and history; its idempotency key is freed. A job in any other
   * state is left as it is. Every store implements it: the testkit's {@code JobStoreContract}
   * proves it.
   *
   * @return true when the job was deleted; false when no job has this id (never submitted, or
   *     purged or deleted already), so deleting twice is harmless
   * @throws StorageException {@link StorageException#JOB_ACTIVE} for a pending, scheduled,
   *     processing or failed job, naming its state and what to do ({@link StorageException#active})
   */
  boolean delete(String jobId);

  /**
   * Deletes at most {@code max} {@link JobState#DEAD} jobs last changed (buried) before {@code
   * cutoff}, with their logs; their idempotency keys are freed. Jobs in any other state are never
   * touched. One short transaction where the store has them, so a caller purging a large backlog
   * calls again while the answer is {@code max}.
   *
   * <p>The engine calls it periodically when the host set a retention for dead jobs (off by
   * default: dead jobs wait to be inspected and re-queued). The default deletes nothing (the
   * testkit's {@code JobStoreContract} expects a real implementation).
   *
   * @return how many jobs were deleted, at most {@code max}
   */
  default int purgeDeadBefore(Instant cutoff, int max) {
    return 0;
  }

  /**
   * How long this store itself was configured to keep finished jobs, if it was (as {@code
   * JdbcStorage.builder().retention(d)}); an engine without a retention of its own uses it.
   */
  default Optional<java.time.Duration> retention() {
    return Optional.empty();
  }

  /**
   * Asks to be told when another process may have made work due (a submit on another node, seen
   * through PostgreSQL {@code LISTEN/NOTIFY}), so idle workers wake at once instead of at the next
   * poll. The listener must be cheap and must not block. Stores without cross-process signals
   * ignore it (the default); polling remains the fallback either way.
   */
  default void onWorkAvailable(Runnable listener) {}

  /**
   * Stops telling {@code listener}, as given to {@link #onWorkAvailable}, about work. A store that
   * held a connection open for its listeners alone closes it when the last one goes, so an engine
   * that closes leaves nothing listening behind it (the host's pool may close next). Unknown
   * listeners are ignored, as is everything by the default.
   */
  default void removeWorkAvailableListener(Runnable listener) {}
}
