package io.mediaflow;

import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobError;
import io.mediaflow.api.job.JobLog;
import io.mediaflow.api.job.JobProgress;
import io.mediaflow.api.job.JobRequest;
import io.mediaflow.api.job.JobState;
import io.mediaflow.api.job.JobTransitions;
import io.mediaflow.api.job.Lease;
import io.mediaflow.api.job.StageTiming;
import io.mediaflow.api.job.WaitReason;
import io.mediaflow.api.store.ClaimRequest;
import io.mediaflow.api.store.Completion;
import io.mediaflow.api.store.JobQuery;
import io.mediaflow.api.store.LimitedRequest;
import io.mediaflow.api.store.Page;
import io.mediaflow.api.store.StorageException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The job store and queue of an {@link InMemoryStorage}; see there for the behaviour. One lock
 * guards the queue; {@link #find} takes none. The durable waits are in {@link InMemoryJobWaits},
 * the concurrency limits in {@link InMemoryJobLimits}.
 */
final class InMemoryJobStore extends InMemoryJobLimits {

  InMemoryJobStore(int finishedJobsKept) {
    super(finishedJobsKept);
  }

  @Override
  public Job submit(JobRequest request, Instant now) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(now, "now");
    synchronized (lock) {
      return insert(request, now);
    }
  }

  /** Submits every request under one lock: another thread sees all of them or none. */
  @Override
  public List<Job> submitAll(List<JobRequest> requests, Instant now) {
    List<JobRequest> copy = List.copyOf(requests);
    Objects.requireNonNull(now, "now");
    List<Job> jobs = new ArrayList<>(copy.size());
    synchronized (lock) {
      for (JobRequest r : copy) {
        jobs.add(insert(r, now));
      }
    }
    return jobs;
  }

  @Override
  public Optional<Job> find(String jobId) {
    JobSlot slot = byId.get(Objects.requireNonNull(jobId, "jobId"));
    return slot == null ? Optional.empty() : Optional.of(slot.job);
  }

  /** Scans every job, newest first; O(jobs) unless the query has no filter. */
  @Override
  public Page<Job> query(JobQuery q) {
    Objects.requireNonNull(q, "query");
    long from = (long) q.page() * q.size();
    List<Job> items = new ArrayList<>(Math.min(q.size(), 64));
    synchronized (lock) {
      int n = bySeq.size();
      boolean unfiltered =
          q.states().isEmpty()
              && q.type().isEmpty()
              && q.ruleId().isEmpty()
              && q.parentId().isEmpty()
              && q.text().isEmpty()
              && q.createdFrom().isEmpty()
              && q.createdTo().isEmpty();
      if (unfiltered) {
        for (long i = from; i < from + q.size() && i < n; i++) {
          items.add(bySeq.get(n - 1 - (int) i).job);
        }
        return new Page<>(items, q.page(), q.size(), n);
      }
      long total = 0;
      for (int i = n - 1; i >= 0; i--) {
        Job job = bySeq.get(i).job;
        if (matches(q, job)) {
          if (total >= from && items.size() < q.size()) {
            items.add(job);
          }
          total++;
        }
      }
      return new Page<>(items, q.page(), q.size(), total);
    }
  }

  private static boolean matches(JobQuery q, Job job) {
    return (q.states().isEmpty() || q.states().contains(job.state()))
        && (q.type().isEmpty() || q.type().equals(job.type()))
        && (q.ruleId().isEmpty() || q.ruleId().equals(job.ruleId()))
        && (q.parentId().isEmpty() || job.parentId().filter(q.parentId()::equals).isPresent())
        && (q.createdFrom().isEmpty() || !job.createdAt().isBefore(q.createdFrom().get()))
        && (q.createdTo().isEmpty() || job.createdAt().isBefore(q.createdTo().get()))
        && q.matchesText(job);
  }

  /** Every state, with zero for states that have no job. */
  @Override
  public Map<JobState, Long> countByState() {
    Map<JobState, Long> out = new EnumMap<>(JobState.class);
    synchronized (lock) {
      for (JobState s : STATES) {
        out.put(s, counts[s.ordinal()]);
      }
    }
    return out;
  }

  @Override
  public Optional<Instant> oldestDue(Instant now) {
    Objects.requireNonNull(now, "now");
    Instant oldest = null;
    synchronized (lock) {
      for (ReadyQueue q : ready.values()) {
        for (TreeSet<JobSlot> set : q.byPriority.values()) {
          Instant due = set.first().due;
          if (!due.isAfter(now) && (oldest == null || due.isBefore(oldest))) {
            oldest = due;
          }
        }
      }
      if (!scheduled.isEmpty()) {
        Instant due = scheduled.first().due;
        if (!due.isAfter(now) && (oldest == null || due.isBefore(oldest))) {
          oldest = due;
        }
      }
    }
    return Optional.ofNullable(oldest);
  }

  // ---- queue ----

  @Override
  public List<Job> claim(ClaimRequest request) {
    Objects.requireNonNull(request, "request");
    Instant now = request.now();
    Instant expiresAt = now.plus(request.lease());
    List<Job> claimed = new ArrayList<>(Math.min(request.max(), 128));
    synchronized (lock) {
      promoteDue(now);
      List<ReadyQueue> queues = queuesFor(request);
      if (queues.isEmpty()) {
        return claimed;
      }
      ReadyQueue only = queues.size() == 1 ? queues.get(0) : null;
      while (claimed.size() < request.max()) {
        ReadyQueue q = only != null ? only : firstOf(queues);
        JobSlot slot = q == null ? null : q.poll();
        if (slot == null) {
          break;
        }
        claimed.add(lease(slot, request.owner(), expiresAt, now));
      }
    }
    return claimed;
  }

  @Override
  public boolean heartbeat(String jobId, String leaseToken, Instant expiresAt) {
    Objects.requireNonNull(expiresAt, "expiresAt");
    synchronized (lock) {
      JobSlot slot = held(jobId, leaseToken);
      if (slot == null) {
        return false;
      }
      extend(slot, expiresAt);
      return true;
    }
  }

  /** Extends every lease still held, under one lock. */
  @Override
  public java.util.Set<String> heartbeatAll(Map<String, String> tokensById, Instant expiresAt) {
    Map<String, String> copy = new LinkedHashMap<>(tokensById);
    Objects.requireNonNull(expiresAt, "expiresAt");
    java.util.Set<String> lost = new java.util.LinkedHashSet<>();
    synchronized (lock) {
      for (Map.Entry<String, String> e : copy.entrySet()) {
        JobSlot slot = byId.get(e.getKey());
        Optional<Lease> lease = slot == null ? Optional.empty() : slot.job.lease();
        if (lease.isPresent() && lease.get().token().equals(e.getValue())) {
          extend(slot, expiresAt);
        } else {
          lost.add(e.getKey());
        }
      }
    }
    return lost;
  }

  private void extend(JobSlot slot, Instant expiresAt) {
    Job job = slot.job;
    Lease lease = job.lease().orElseThrow();
    leased.remove(slot);
    write(
        slot,
        job.toBuilder()
            .lease(Optional.of(new Lease(lease.owner(), lease.token(), expiresAt)))
            .version(job.version() + 1)
            .build());
    slot.leaseExpiresAt = expiresAt;
    leased.add(slot);
  }

  @Override
  public Job complete(String jobId, String leaseToken, Optional<String> result, Instant now) {
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(now, "now");
    Job done;
    synchronized (lock) {
      done = completeHeld(holdOrThrow(jobId, leaseToken), result, now);
    }
    tellIfWoken();
    return done;
  }

  /** Completes a job its caller holds the lease of; under the lock. */
  private Job completeHeld(JobSlot slot, Optional<String> result, Instant now) {
    Job job = slot.job;
    JobTransitions.check(job.id(), job.state(), JobState.COMPLETED);
    unlease(slot);
    Job next =
        write(
            slot,
            new Job(
                job.id(),
                job.type(),
                job.payload(),
                job.priority(),
                JobState.COMPLETED,
                job.attempts(),
                job.maxAttempts(),
                job.createdAt(),
                job.scheduledAt(),
                now,
                Optional.empty(),
                job.progress(),
                job.stages(),
                Optional.empty(),
                result,
                job.parentId(),
                job.correlationId(),
                job.idempotencyKey(),
                job.ruleId(),
                job.ruleName(),
                Optional.empty(),
                job.version() + 1));
    ended(slot, next, now);
    return next;
  }

  /** All under one lock: what a worker records after a batch of quick jobs. */
  @Override
  public Set<String> completeAll(List<Completion> completions, Instant now) {
    Objects.requireNonNull(completions, "completions");
    Objects.requireNonNull(now, "now");
    Set<String> done = new LinkedHashSet<>(Math.max(16, completions.size() * 2));
    synchronized (lock) {
      for (Completion c : completions) {
        JobSlot slot = byId.get(c.jobId());
        if (slot == null || !holds(slot, c.leaseToken())) {
          continue; // gone, or its lease was taken over: left unchanged, as complete() would
        }
        completeHeld(slot, c.result(), now);
        done.add(c.jobId());
      }
    }
    tellIfWoken();
    return done;
  }

  @Override
  public Job fail(String jobId, String leaseToken, JobError error, Instant now) {
    Objects.requireNonNull(error, "error");
    Objects.requireNonNull(now, "now");
    synchronized (lock) {
      JobSlot slot = holdOrThrow(jobId, leaseToken);
      Job job = slot.job;
      JobTransitions.check(jobId, job.state(), JobState.FAILED);
      unlease(slot);
      return write(
          slot,
          job.toBuilder()
              .state(JobState.FAILED)
              .lease(Optional.empty())
              .waitReason(Optional.empty())
              .error(Optional.of(error))
              .version(job.version() + 1)
              .updatedAt(now)
              .build());
    }
  }

  @Override
  public Job retry(String jobId, Instant runAt, Instant now) {
    Objects.requireNonNull(runAt, "runAt");
    Objects.requireNonNull(now, "now");
    synchronized (lock) {
      JobSlot slot = slotOrThrow(jobId);
      Job job = slot.job;
      checkFrom(job, JobState.FAILED, JobState.SCHEDULED, "retried");
      Job next =
          write(
              slot,
              job.toBuilder()
                  .state(JobState.SCHEDULED)
                  .scheduledAt(runAt)
                  .waitReason(Optional.of(WaitReason.RETRY))
                  .version(job.version() + 1)
                  .updatedAt(now)
                  .build());
      enqueueScheduled(slot);
      return next;
    }
  }

  /** Gives the job back as it was before the claim: the attempt is not counted. */
  @Override
  public Job release(String jobId, String leaseToken, Instant now) {
    Objects.requireNonNull(now, "now");
    synchronized (lock) {
      JobSlot slot = holdOrThrow(jobId, leaseToken);
      Job job = slot.job;
      JobTransitions.check(jobId, job.state(), JobState.PENDING);
      unlease(slot);
      Job next =
          write(
              slot,
              job.toBuilder()
                  .state(JobState.PENDING)
                  .lease(Optional.empty())
                  .waitReason(Optional.empty())
                  .attempts(Math.max(0, job.attempts() - 1))
                  .version(job.version() + 1)
                  .updatedAt(now)
                  .build());
      enqueueReady(slot);
      return next;
    }
  }

  /** The job waits until {@code runAt}; like {@link #release}, the attempt is not counted. */
  @Override
  public Job yieldUntil(
      String jobId, String leaseToken, Instant runAt, Optional<String> payload, Instant now) {
    Objects.requireNonNull(runAt, "runAt");
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(now, "now");
    synchronized (lock) {
      JobSlot slot = holdOrThrow(jobId, leaseToken);
      Job job = slot.job;
      JobTransitions.check(jobId, job.state(), JobState.SCHEDULED);
      unlease(slot);
      Job next =
          write(
              slot,
              job.toBuilder()
                  .state(JobState.SCHEDULED)
                  .lease(Optional.empty())
                  .attempts(Math.max(0, job.attempts() - 1))
                  .scheduledAt(runAt)
                  .waitReason(Optional.empty())
                  .payload(payload.orElse(job.payload()))
                  .version(job.version() + 1)
                  .updatedAt(now)
                  .build());
      enqueueScheduled(slot);
      return next;
    }
  }

  /**
   * Changes the job in place under the lock, so the slot has the old run or the new one; a job in
   * the scheduled queue is out of the ready queues, whose order reads its slot's priority.
   */
  @Override
  public Optional<Job> replaceScheduled(
      String jobId, long expectedVersion, LimitedRequest replacement, Instant now) {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(replacement, "replacement");
    Objects.requireNonNull(now, "now");
    JobRequest r = replacement.request();
    synchronized (lock) {
      JobSlot slot = byId.get(jobId);
      if (slot == null || slot.where != JobSlot.SCHEDULED) {
        return Optional.empty();
      }
      Job job = slot.job;
      if (job.state() != JobState.SCHEDULED
          || job.attempts() > 0
          || job.waitReason().isPresent()
          || job.version() != expectedVersion) {
        return Optional.empty();
      }
      slot.priority = r.priority();
      return Optional.of(
          write(
              slot,
              new Job(
                  job.id(),
                  job.type(),
                  r.payload(),
                  r.priority(),
                  job.state(),
                  job.attempts(),
                  r.maxAttempts(),
                  job.createdAt(),
                  job.scheduledAt(),
                  now,
                  job.lease(),
                  job.progress(),
                  job.stages(),
                  job.error(),
                  job.result(),
                  job.parentId(),
                  job.correlationId(),
                  job.idempotencyKey(),
                  job.ruleId(),
                  r.ruleName(),
                  job.waitReason(),
                  job.version() + 1)));
    }
  }

  /** Takes back every job whose lease expired strictly before {@code now}. */
  /** The count the parent's slot keeps for its wake-ups. */
  @Override
  public long finishedChildren(String parentId) {
    Objects.requireNonNull(parentId, "parentId");
    synchronized (lock) {
      JobSlot parent = byId.get(parentId);
      return parent == null ? 0 : parent.childrenDone;
    }
  }

  @Override
  public int expireLeases(Instant now) {
    Objects.requireNonNull(now, "now");
    int count = 0;
    synchronized (lock) {
      while (!leased.isEmpty() && leased.first().leaseExpiresAt.isBefore(now)) {
        backToQueue(leased.pollFirst(), now);
        count++;
      }
    }
    return count;
  }

  /**
   * Takes back the leases of {@code node}; without one, none: every lease in this store is held by
   * this process.
   */
  @Override
  public int takeBackLeases(Optional<String> node, Instant now) {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(now, "now");
    if (node.isEmpty()) {
      return 0;
    }
    String id = node.get();
    String worker = id + "/";
    int count = 0;
    synchronized (lock) {
      for (java.util.Iterator<JobSlot> it = leased.iterator(); it.hasNext(); ) {
        JobSlot slot = it.next();
        String owner = slot.job.lease().orElseThrow().owner();
        if (owner.equals(id) || owner.startsWith(worker)) {
          it.remove();
          backToQueue(slot, now);
          count++;
        }
      }
    }
    return count;
  }

  /**
   * PROCESSING → PENDING for a slot just taken out of {@code leased}; the attempt stays counted.
   */
  private void backToQueue(JobSlot slot, Instant now) {
    slot.where = JobSlot.NOWHERE;
    Job job = slot.job;
    JobTransitions.check(job.id(), job.state(), JobState.PENDING);
    write(
        slot,
        job.toBuilder()
            .state(JobState.PENDING)
            .lease(Optional.empty())
            .waitReason(Optional.empty())
            .version(job.version() + 1)
            .updatedAt(now)
            .build());
    enqueueReady(slot);
  }

  @Override
  public boolean progress(
      String jobId, String leaseToken, JobProgress progress, List<StageTiming> stages) {
    Objects.requireNonNull(progress, "progress");
    Objects.requireNonNull(stages, "stages");
    synchronized (lock) {
      JobSlot slot = held(jobId, leaseToken);
      if (slot == null) {
        return false;
      }
      Job job = slot.job;
      write(
          slot,
          job.toBuilder().progress(progress).stages(stages).version(job.version() + 1).build());
      return true;
    }
  }

  @Override
  public void appendLog(String jobId, JobLog entry) {
    Objects.requireNonNull(entry, "entry");
    synchronized (lock) {
      JobSlot slot = slotOrThrow(jobId);
      if (slot.logs == null) {
        slot.logs = new ArrayDeque<>();
      } else if (slot.logs.size() >= MAX_LOG_LINES) {
        slot.logs.pollFirst();
      }
      slot.logs.addLast(entry);
    }
  }

  /** The job's last {@value #MAX_LOG_LINES} lines, in the order they were appended. */
  @Override
  public List<JobLog> logs(String jobId) {
    synchronized (lock) {
      JobSlot slot = slotOrThrow(jobId);
      return slot.logs == null ? List.of() : List.copyOf(slot.logs);
    }
  }

  @Override
  public void savePlan(String jobId, String plan) {
    Objects.requireNonNull(plan, "plan");
    synchronized (lock) {
      slotOrThrow(jobId).plan = plan;
    }
  }

  /** The plan kept on the job's slot, which goes with the job. */
  @Override
  public Optional<String> plan(String jobId) {
    JobSlot slot = byId.get(Objects.requireNonNull(jobId, "jobId"));
    return slot == null ? Optional.empty() : Optional.ofNullable(slot.plan);
  }

  /**
   * As {@link #purgeFinishedBefore(Instant)}, removing at most {@code max} jobs, earliest submitted
   * first.
   */
  @Override
  public int purgeFinishedBefore(Instant cutoff, int max) {
    return purge(cutoff, max, JobState::isTerminal);
  }

  @Override
  public boolean delete(String jobId) {
    Objects.requireNonNull(jobId, "jobId");
    synchronized (lock) {
      JobSlot slot = byId.get(jobId);
      if (slot == null) {
        return false;
      }
      JobState state = slot.job.state();
      if (!state.isTerminal() && state != JobState.DEAD) {
        throw StorageException.active(jobId, state);
      }
      forget(slot);
      // submit order is seq order: find the slot by its seq rather than by a scan
      int at = Collections.binarySearch(bySeq, slot, Comparator.comparingLong(s -> s.seq));
      bySeq.remove(at);
      return true;
    }
  }

  /**
   * Removes at most {@code max} dead jobs buried before {@code cutoff}, earliest submitted first.
   */
  @Override
  public int purgeDeadBefore(Instant cutoff, int max) {
    return purge(cutoff, max, state -> state == JobState.DEAD);
  }

  private int purge(Instant cutoff, int max, Predicate<JobState> purged) {
    Objects.requireNonNull(cutoff, "cutoff");
    if (max < 1) {
      throw new IllegalArgumentException("max must be at least 1 but was " + max);
    }
    synchronized (lock) {
      int before = bySeq.size();
      int[] left = {max};
      bySeq.removeIf(
          slot -> {
            Job job = slot.job;
            if (left[0] == 0 || !purged.test(job.state()) || !job.updatedAt().isBefore(cutoff)) {
              return false;
            }
            left[0]--;
            forget(slot);
            return true;
          });
      return before - bySeq.size();
    }
  }
}
