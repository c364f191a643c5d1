package io.mediaflow;

import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobError;
import io.mediaflow.api.job.JobLog;
import io.mediaflow.api.job.JobProgress;
import io.mediaflow.api.job.JobRequest;
import io.mediaflow.api.job.JobState;
import io.mediaflow.api.job.JobTransitions;
import io.mediaflow.api.job.Lease;
import io.mediaflow.api.job.StageTiming;
import io.mediaflow.api.store.ClaimRequest;
import io.mediaflow.api.store.Completion;
import io.mediaflow.api.store.JobQuery;
import io.mediaflow.api.store.JobStore;
import io.mediaflow.api.store.Page;
import io.mediaflow.api.store.StorageException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The job store and queue of an {@link InMemoryStorage}; see there for the behaviour. One lock
 * guards the queue; {@link #find} takes none.
 */
final class InMemoryJobStore implements JobStore {

  /** How many log lines each job keeps; older lines are dropped first. */
  static final int MAX_LOG_LINES = InMemoryStorage.MAX_LOG_LINES;

  private static final JobState[] STATES = JobState.values();

  private final Object lock = new Object();
  // lock-free reads for find(); every write happens under the lock
  private final ConcurrentHashMap<String, JobSlot> byId = new ConcurrentHashMap<>();
  private final ArrayList<JobSlot> bySeq = new ArrayList<>(); // submit order == id order
  private final HashMap<String, JobSlot> byIdempotencyKey = new HashMap<>();
  private final HashMap<String, ReadyQueue> ready = new HashMap<>();
  private final TreeSet<JobSlot> scheduled = new TreeSet<>(JobSlot.BY_DUE);
  private final TreeSet<JobSlot> leased = new TreeSet<>(JobSlot.BY_LEASE_EXPIRY);
  private final long[] counts = new long[STATES.length];
  private final String tokenPrefix;
  private final int finishedJobsKept;
  private final int dropBatch;
  // finished jobs, earliest finished first; may hold slots purged since (skipped when dropping)
  private final ArrayDeque<JobSlot> finished = new ArrayDeque<>();
  private long seq;
  private long tokens;

  InMemoryJobStore(int finishedJobsKept) {
    if (finishedJobsKept < 1) {
      throw new IllegalArgumentException(
          "finishedJobsKept must be at least 1 but was " + finishedJobsKept);
    }
    this.finishedJobsKept = finishedJobsKept;
    // dropped in batches of a tenth, so that the submit-order index is compacted now and then
    this.dropBatch = Math.max(1, Math.min(finishedJobsKept / 10, 10_000));
    tokenPrefix = Long.toHexString(new SecureRandom().nextLong()) + "-";
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

  private Job insert(JobRequest r, Instant now) {
    boolean keyed = !r.idempotencyKey().isEmpty();
    if (keyed) {
      JobSlot existing = byIdempotencyKey.get(r.idempotencyKey());
      if (existing != null) {
        return existing.job;
      }
    }
    // the id is made under the lock so that submit order, seq order and id order agree
    Job job = Job.submitted(r, now, r.runAt().orElse(now));
    JobSlot slot = new JobSlot(job, ++seq);
    byId.put(job.id(), slot);
    bySeq.add(slot);
    if (keyed) {
      byIdempotencyKey.put(r.idempotencyKey(), slot);
    }
    counts[job.state().ordinal()]++;
    if (job.state() == JobState.PENDING) {
      enqueueReady(slot);
    } else {
      enqueueScheduled(slot);
    }
    return job;
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
        && (q.createdTo().isEmpty() || job.createdAt().isBefore(q.createdTo().get()));
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

  private List<ReadyQueue> queuesFor(ClaimRequest request) {
    if (request.types().isEmpty()) {
      return ready.size() == 1
          ? List.of(ready.values().iterator().next())
          : List.copyOf(ready.values());
    }
    List<ReadyQueue> out = new ArrayList<>(request.types().size());
    for (String type : request.types()) {
      ReadyQueue q = ready.get(type);
      if (q != null) {
        out.add(q);
      }
    }
    return out;
  }

  private static ReadyQueue firstOf(List<ReadyQueue> queues) {
    ReadyQueue best = null;
    JobSlot bestHead = null;
    for (ReadyQueue q : queues) {
      JobSlot head = q.peek();
      if (head != null
          && (bestHead == null || JobSlot.BY_CLAIM_ORDER.compare(head, bestHead) < 0)) {
        best = q;
        bestHead = head;
      }
    }
    return best;
  }

  private Job lease(JobSlot slot, String owner, Instant expiresAt, Instant now) {
    Job job = slot.job;
    if (job.state() == JobState.SCHEDULED) {
      JobTransitions.check(job.id(), JobState.SCHEDULED, JobState.PENDING);
      JobTransitions.check(job.id(), JobState.PENDING, JobState.PROCESSING);
    } else {
      JobTransitions.check(job.id(), job.state(), JobState.PROCESSING);
    }
    Lease lease = new Lease(owner, tokenPrefix + Long.toHexString(++tokens), expiresAt);
    // the canonical constructor rather than toBuilder(): this is the hot path
    Job next =
        new Job(
            job.id(),
            job.type(),
            job.payload(),
            job.priority(),
            JobState.PROCESSING,
            job.attempts() + 1,
            job.maxAttempts(),
            job.createdAt(),
            job.scheduledAt(),
            now,
            Optional.of(lease),
            JobProgress.NONE,
            List.of(),
            job.error(),
            job.result(),
            job.parentId(),
            job.correlationId(),
            job.idempotencyKey(),
            job.ruleId(),
            job.version() + 1);
    write(slot, next);
    slot.leaseExpiresAt = expiresAt;
    slot.where = JobSlot.LEASED;
    leased.add(slot);
    return next;
  }

  private void promoteDue(Instant now) {
    while (!scheduled.isEmpty() && !scheduled.first().due.isAfter(now)) {
      JobSlot slot = scheduled.pollFirst();
      slot.where = JobSlot.NOWHERE;
      enqueueReady(slot);
    }
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
    synchronized (lock) {
      return completeHeld(holdOrThrow(jobId, leaseToken), result, now);
    }
  }

  /** Completes a job its caller holds the lease of; under the lock. */
  private Job completeHeld(JobSlot slot, Optional<String> result, Instant now) {
    Job job = slot.job;
    JobTransitions.check(job.id(), job.state(), JobState.COMPLETED);
    unlease(slot);
    return write(
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
            job.version() + 1));
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
                  .version(job.version() + 1)
                  .updatedAt(now)
                  .build());
      enqueueScheduled(slot);
      return next;
    }
  }

  @Override
  public Job bury(String jobId, Instant now) {
    Objects.requireNonNull(now, "now");
    synchronized (lock) {
      JobSlot slot = slotOrThrow(jobId);
      Job job = slot.job;
      checkFrom(job, JobState.FAILED, JobState.DEAD, "buried");
      return write(
          slot,
          job.toBuilder().state(JobState.DEAD).version(job.version() + 1).updatedAt(now).build());
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
                  .payload(payload.orElse(job.payload()))
                  .version(job.version() + 1)
                  .updatedAt(now)
                  .build());
      enqueueScheduled(slot);
      return next;
    }
  }

  /** Takes back every job whose lease expired strictly before {@code now}. */
  @Override
  public int expireLeases(Instant now) {
    Objects.requireNonNull(now, "now");
    int count = 0;
    synchronized (lock) {
      while (!leased.isEmpty() && leased.first().leaseExpiresAt.isBefore(now)) {
        JobSlot slot = leased.pollFirst();
        slot.where = JobSlot.NOWHERE;
        Job job = slot.job;
        JobTransitions.check(job.id(), job.state(), JobState.PENDING);
        write(
            slot,
            job.toBuilder()
                .state(JobState.PENDING)
                .lease(Optional.empty())
                .version(job.version() + 1)
                .updatedAt(now)
                .build());
        enqueueReady(slot);
        count++;
      }
    }
    return count;
  }

  @Override
  public Job cancel(String jobId, Instant now) {
    Objects.requireNonNull(now, "now");
    synchronized (lock) {
      JobSlot slot = slotOrThrow(jobId);
      Job job = slot.job;
      JobTransitions.check(jobId, job.state(), JobState.CANCELLED);
      unindex(slot);
      return write(
          slot,
          job.toBuilder()
              .state(JobState.CANCELLED)
              .lease(Optional.empty())
              .version(job.version() + 1)
              .updatedAt(now)
              .build());
    }
  }

  /** Back to the queue, due now, attempts reset to 0; the last error stays for reference. */
  @Override
  public Job requeue(String jobId, Instant now) {
    Objects.requireNonNull(now, "now");
    synchronized (lock) {
      JobSlot slot = slotOrThrow(jobId);
      Job job = slot.job;
      checkFrom(job, JobState.DEAD, JobState.PENDING, "re-queued");
      Job next =
          write(
              slot,
              job.toBuilder()
                  .state(JobState.PENDING)
                  .attempts(0)
                  .scheduledAt(now)
                  .version(job.version() + 1)
                  .updatedAt(now)
                  .build());
      enqueueReady(slot);
      return next;
    }
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

  /**
   * Forgets completed and cancelled jobs last changed before {@code cutoff}, with their logs and
   * idempotency keys (a later submit with such a key creates a new job). Failed and dead jobs are
   * kept for inspection. Scans every job.
   *
   * @return how many jobs were removed
   */
  public int purgeFinishedBefore(Instant cutoff) {
    return purgeFinishedBefore(cutoff, Integer.MAX_VALUE);
  }

  /**
   * As {@link #purgeFinishedBefore(Instant)}, removing at most {@code max} jobs, earliest submitted
   * first.
   */
  @Override
  public int purgeFinishedBefore(Instant cutoff, int max) {
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
            if (left[0] == 0 || !job.state().isTerminal() || !job.updatedAt().isBefore(cutoff)) {
              return false;
            }
            left[0]--;
            forget(slot);
            return true;
          });
      return before - bySeq.size();
    }
  }

  /** The job counts per state, for {@link InMemoryStorage#toString()}. */
  void describe(StringBuilder out) {
    synchronized (lock) {
      out.append(bySeq.size());
      for (JobState s : STATES) {
        out.append(", ").append(s.name().toLowerCase(Locale.ROOT)).append('=');
        out.append(counts[s.ordinal()]);
      }
    }
  }

  // ---- internals, all called under the lock ----

  private Job write(JobSlot slot, Job next) {
    JobState old = slot.job.state();
    if (old != next.state()) {
      counts[old.ordinal()]--;
      counts[next.state().ordinal()]++;
    }
    slot.job = next;
    if (next.state().isTerminal() && !old.isTerminal()) {
      finished.add(slot);
      if (finished.size() > finishedJobsKept + dropBatch) {
        dropEarliestFinished();
      }
    }
    return next;
  }

  /** Removes a finished job from every index but the submit order; under the lock. */
  private void forget(JobSlot slot) {
    Job job = slot.job;
    byId.remove(job.id());
    if (!job.idempotencyKey().isEmpty()) {
      byIdempotencyKey.remove(job.idempotencyKey(), slot);
    }
    counts[job.state().ordinal()]--;
  }

  /** Drops finished jobs, earliest first, down to the number kept; under the lock. */
  private void dropEarliestFinished() {
    boolean any = false;
    while (finished.size() > finishedJobsKept) {
      JobSlot slot = finished.poll();
      Job job = slot.job;
      if (byId.get(job.id()) != slot) {
        continue; // purged already
      }
      forget(slot);
      slot.dropped = true;
      any = true;
    }
    if (any) {
      bySeq.removeIf(slot -> slot.dropped);
    }
  }

  /**
   * The table allows some moves by more than one operation (PROCESSING → SCHEDULED is a yield, not
   * a retry), so an operation meant for one state checks that state as well as the table.
   */
  private static void checkFrom(Job job, JobState from, JobState to, String verb) {
    if (job.state() != from) {
      throw new MediaFlowException(
          JobTransitions.ILLEGAL_TRANSITION,
          "job "
              + job.id()
              + " cannot go from "
              + job.state()
              + " to "
              + to
              + " here: only a "
              + from
              + " job can be "
              + verb,
          job.state().isTerminal()
              ? "the job is " + job.state() + " and can no longer change"
              : "wait until the job is " + from);
    }
    JobTransitions.check(job.id(), from, to);
  }

  private JobSlot slotOrThrow(String jobId) {
    JobSlot slot = byId.get(Objects.requireNonNull(jobId, "jobId"));
    if (slot == null) {
      throw StorageException.notFound(jobId);
    }
    return slot;
  }

  /** The job if {@code leaseToken} holds it, else null; throws if the job does not exist. */
  private JobSlot held(String jobId, String leaseToken) {
    Objects.requireNonNull(leaseToken, "leaseToken");
    JobSlot slot = slotOrThrow(jobId);
    return holds(slot, leaseToken) ? slot : null;
  }

  private static boolean holds(JobSlot slot, String leaseToken) {
    Optional<Lease> lease = slot.job.lease();
    return lease.isPresent() && lease.get().token().equals(leaseToken);
  }

  private JobSlot holdOrThrow(String jobId, String leaseToken) {
    JobSlot slot = held(jobId, leaseToken);
    if (slot == null) {
      throw StorageException.leaseLost(jobId);
    }
    return slot;
  }

  private void unlease(JobSlot slot) {
    leased.remove(slot);
    slot.where = JobSlot.NOWHERE;
  }

  private void unindex(JobSlot slot) {
    switch (slot.where) {
      case JobSlot.READY -> {
        ReadyQueue q = ready.get(slot.job.type());
        q.remove(slot);
      }
      case JobSlot.SCHEDULED -> scheduled.remove(slot);
      case JobSlot.LEASED -> leased.remove(slot);
      default -> {}
    }
    slot.where = JobSlot.NOWHERE;
  }

  private void enqueueReady(JobSlot slot) {
    slot.due = slot.job.scheduledAt();
    slot.where = JobSlot.READY;
    ready.computeIfAbsent(slot.job.type(), t -> new ReadyQueue()).add(slot);
  }

  private void enqueueScheduled(JobSlot slot) {
    slot.due = slot.job.scheduledAt();
    slot.where = JobSlot.SCHEDULED;
    scheduled.add(slot);
  }
}
