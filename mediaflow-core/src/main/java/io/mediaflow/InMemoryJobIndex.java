package io.mediaflow;

import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobProgress;
import io.mediaflow.api.job.JobRequest;
import io.mediaflow.api.job.JobState;
import io.mediaflow.api.job.JobTransitions;
import io.mediaflow.api.job.Lease;
import io.mediaflow.api.store.ClaimRequest;
import io.mediaflow.api.store.StorageException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The indexes of the in-memory job store and the changes that keep them true, all under one lock:
 * jobs by id (read without the lock), in submit order and by idempotency key; ready jobs per type
 * and priority; scheduled jobs by due time; leases by expiry; counts per state; and the finished
 * jobs, earliest first, that the limit drops. {@link InMemoryJobStore} adds the operations.
 */
abstract class InMemoryJobIndex {

  /** How many log lines each job keeps; older lines are dropped first. */
  static final int MAX_LOG_LINES = InMemoryStorage.MAX_LOG_LINES;

  static final JobState[] STATES = JobState.values();

  final Object lock = new Object();
  // lock-free reads for find(); every write happens under the lock
  final ConcurrentHashMap<String, JobSlot> byId = new ConcurrentHashMap<>();
  final ArrayList<JobSlot> bySeq = new ArrayList<>(); // submit order == id order
  final HashMap<String, JobSlot> byIdempotencyKey = new HashMap<>();
  final HashMap<String, ReadyQueue> ready = new HashMap<>();
  final TreeSet<JobSlot> scheduled = new TreeSet<>(JobSlot.BY_DUE);
  final TreeSet<JobSlot> leased = new TreeSet<>(JobSlot.BY_LEASE_EXPIRY);
  final long[] counts = new long[STATES.length];
  final String tokenPrefix;
  final int finishedJobsKept;
  final int dropBatch;
  // finished jobs, earliest finished first; may hold slots purged since (skipped when dropping)
  final ArrayDeque<JobSlot> finished = new ArrayDeque<>();
  // each job's checkpoints, states and signals, dropped with the job
  final InMemoryCheckpointStore checkpoints = new InMemoryCheckpointStore(byId::containsKey);
  // the correlation index of waiting workflow runs, dropped with the job
  final InMemoryWorkflowWaiters waiters =
      new InMemoryWorkflowWaiters(
          id -> {
            JobSlot slot = byId.get(id);
            return slot == null ? null : slot.job.state();
          });
  long seq;
  long tokens;

  InMemoryJobIndex(int finishedJobsKept) {
    if (finishedJobsKept < 1) {
      throw new IllegalArgumentException(
          "finishedJobsKept must be at least 1 but was " + finishedJobsKept);
    }
    this.finishedJobsKept = finishedJobsKept;
    // dropped in batches of a tenth, so that the submit-order index is compacted now and then
    this.dropBatch = Math.max(1, Math.min(finishedJobsKept / 10, 10_000));
    tokenPrefix = Long.toHexString(new SecureRandom().nextLong()) + "-";
  }

  Job insert(JobRequest r, Instant now) {
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
    if (r.parentId().isPresent()) {
      JobSlot parent = byId.get(r.parentId().get());
      if (parent != null) {
        if (parent.children == null) {
          parent.children = new LinkedHashSet<>();
        }
        parent.children.add(slot);
      }
    }
    counts[job.state().ordinal()]++;
    if (job.state() == JobState.PENDING) {
      enqueueReady(slot);
    } else {
      enqueueScheduled(slot);
    }
    return job;
  }

  List<ReadyQueue> queuesFor(ClaimRequest request) {
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

  static ReadyQueue firstOf(List<ReadyQueue> queues) {
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

  Job lease(JobSlot slot, String owner, Instant expiresAt, Instant now) {
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
            job.ruleName(),
            Optional.empty(),
            job.version() + 1);
    write(slot, next);
    slot.leaseExpiresAt = expiresAt;
    slot.where = JobSlot.LEASED;
    leased.add(slot);
    return next;
  }

  void promoteDue(Instant now) {
    while (!scheduled.isEmpty() && !scheduled.first().due.isAfter(now)) {
      JobSlot slot = scheduled.pollFirst();
      slot.where = JobSlot.NOWHERE;
      enqueueReady(slot);
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

  Job write(JobSlot slot, Job next) {
    JobState old = slot.job.state();
    if (old != next.state()) {
      counts[old.ordinal()]--;
      counts[next.state().ordinal()]++;
    }
    slot.job = next;
    if (next.state().isTerminal() && !old.isTerminal() && !heldForParent(slot, next)) {
      finished.add(slot);
    }
    if (slot.heldChildren != null && isFinished(next.state())) {
      finished.addAll(slot.heldChildren); // the parent is over: its children may go now
      slot.heldChildren = null;
    }
    if (finished.size() > finishedJobsKept + dropBatch) {
      dropEarliestFinished();
    }
    return next;
  }

  /**
   * A finished child of a parent that is not over yet is kept from the finished-jobs limit until
   * the parent is over, so that a parent waiting for thousands of children still finds them all.
   */
  private boolean heldForParent(JobSlot slot, Job next) {
    if (next.parentId().isEmpty()) {
      return false;
    }
    JobSlot parent = byId.get(next.parentId().get());
    if (parent == null || isFinished(parent.job.state())) {
      return false;
    }
    if (parent.heldChildren == null) {
      parent.heldChildren = new ArrayList<>();
    }
    parent.heldChildren.add(slot);
    return true;
  }

  /** Completed, dead or cancelled: what a parent counts as a finished child. */
  static boolean isFinished(JobState state) {
    return state == JobState.COMPLETED || state == JobState.DEAD || state == JobState.CANCELLED;
  }

  /**
   * Removes a finished job from every index but the submit order, with its checkpoints, states,
   * signals and workflow waiters; under the lock.
   */
  void forget(JobSlot slot) {
    Job job = slot.job;
    byId.remove(job.id());
    checkpoints.forget(job.id()); // after byId: see InMemoryCheckpointStore#dropIfGone
    waiters.forget(job.id()); // after byId: see InMemoryWorkflowWaiters#add
    if (!job.idempotencyKey().isEmpty()) {
      byIdempotencyKey.remove(job.idempotencyKey(), slot);
    }
    if (job.parentId().isPresent()) {
      JobSlot parent = byId.get(job.parentId().get());
      if (parent != null && parent.children != null) {
        parent.children.remove(slot);
      }
    }
    counts[job.state().ordinal()]--;
  }

  /** Drops finished jobs, earliest first, down to the number kept; under the lock. */
  void dropEarliestFinished() {
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
  static void checkFrom(Job job, JobState from, JobState to, String verb) {
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

  JobSlot slotOrThrow(String jobId) {
    JobSlot slot = byId.get(Objects.requireNonNull(jobId, "jobId"));
    if (slot == null) {
      throw StorageException.notFound(jobId);
    }
    return slot;
  }

  /** The job if {@code leaseToken} holds it, else null; throws if the job does not exist. */
  JobSlot held(String jobId, String leaseToken) {
    Objects.requireNonNull(leaseToken, "leaseToken");
    JobSlot slot = slotOrThrow(jobId);
    return holds(slot, leaseToken) ? slot : null;
  }

  static boolean holds(JobSlot slot, String leaseToken) {
    Optional<Lease> lease = slot.job.lease();
    return lease.isPresent() && lease.get().token().equals(leaseToken);
  }

  JobSlot holdOrThrow(String jobId, String leaseToken) {
    JobSlot slot = held(jobId, leaseToken);
    if (slot == null) {
      throw StorageException.leaseLost(jobId);
    }
    return slot;
  }

  void unlease(JobSlot slot) {
    leased.remove(slot);
    slot.where = JobSlot.NOWHERE;
  }

  void unindex(JobSlot slot) {
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

  void enqueueReady(JobSlot slot) {
    slot.due = slot.job.scheduledAt();
    slot.where = JobSlot.READY;
    ready.computeIfAbsent(slot.job.type(), t -> new ReadyQueue()).add(slot);
  }

  void enqueueScheduled(JobSlot slot) {
    slot.due = slot.job.scheduledAt();
    slot.where = JobSlot.SCHEDULED;
    scheduled.add(slot);
  }
}
