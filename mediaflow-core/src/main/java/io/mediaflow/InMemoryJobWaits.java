package io.mediaflow;

import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobState;
import io.mediaflow.api.job.JobTransitions;
import io.mediaflow.api.job.WaitReason;
import io.mediaflow.api.store.JobStore;
import io.mediaflow.api.store.StorageException;
import io.mediaflow.api.store.Wait;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.Optional;

/**
 * The durable waits of the in-memory job store: yields for a sleep, a signal or children, signals,
 * the finished-children count each parent keeps, the wake-ups they cause, and cancels that take a
 * job's unfinished descendants with it. Every change here happens under the store's one lock, in
 * the same change as its cause, so no wake-up is lost. {@link InMemoryJobStore} adds the rest.
 */
abstract class InMemoryJobWaits extends InMemoryJobIndex implements JobStore {

  InMemoryJobWaits(int finishedJobsKept) {
    super(finishedJobsKept);
  }

  /**
   * Like {@link #yieldUntil(String, String, Instant, Optional, Instant)}, and due at once when the
   * awaited signal is stored already or enough children have finished.
   */
  @Override
  public Job yieldUntil(String jobId, String leaseToken, Wait wait, Instant now) {
    Objects.requireNonNull(wait, "wait");
    Objects.requireNonNull(now, "now");
    synchronized (lock) {
      JobSlot slot = holdOrThrow(jobId, leaseToken);
      Job job = slot.job;
      JobTransitions.check(jobId, job.state(), JobState.SCHEDULED);
      unlease(slot);
      boolean happened =
          switch (wait.reason()) {
            case SIGNAL -> checkpoints.hasUntakenSignal(jobId, wait.signal());
            case CHILDREN -> slot.childrenDone >= wait.children();
            default -> false;
          };
      slot.waitSignal = wait.signal();
      slot.waitChildren = wait.children();
      Job next =
          write(
              slot,
              job.toBuilder()
                  .state(JobState.SCHEDULED)
                  .lease(Optional.empty())
                  .attempts(Math.max(0, job.attempts() - 1))
                  .scheduledAt(happened ? now : wait.until())
                  .waitReason(Optional.of(wait.reason()))
                  .version(job.version() + 1)
                  .updatedAt(now)
                  .build());
      enqueueScheduled(slot);
      return next;
    }
  }

  @Override
  public Job signal(String jobId, String name, String payload, Instant now) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(now, "now");
    synchronized (lock) {
      JobSlot slot = slotOrThrow(jobId);
      Job job = slot.job;
      if (isFinished(job.state())) {
        throw StorageException.finished(jobId, job.state(), name);
      }
      checkpoints.addSignal(jobId, name, payload);
      if (waitsFor(job, WaitReason.SIGNAL) && name.equals(slot.waitSignal)) {
        return wake(slot, now);
      }
      return job;
    }
  }

  /**
   * Cancels the job and, in the same change, its unfinished descendants (children and theirs); each
   * cancelled job counts as a finished child of its parent.
   */
  @Override
  public Job cancel(String jobId, Instant now) {
    Objects.requireNonNull(now, "now");
    synchronized (lock) {
      JobSlot slot = slotOrThrow(jobId);
      JobTransitions.check(jobId, slot.job.state(), JobState.CANCELLED);
      Job cancelled = cancelOne(slot, now);
      if (slot.children != null) {
        ArrayDeque<JobSlot> todo = new ArrayDeque<>(slot.children);
        while (!todo.isEmpty()) {
          JobSlot child = todo.poll();
          if (byId.get(child.job.id()) != child) {
            continue; // removed since
          }
          JobState state = child.job.state();
          if (state == JobState.PENDING
              || state == JobState.SCHEDULED
              || state == JobState.PROCESSING) {
            cancelOne(child, now);
          }
          if (child.children != null) {
            todo.addAll(child.children);
          }
        }
      }
      return cancelled;
    }
  }

  private Job cancelOne(JobSlot slot, Instant now) {
    Job job = slot.job;
    unindex(slot);
    Job next =
        write(
            slot,
            job.toBuilder()
                .state(JobState.CANCELLED)
                .lease(Optional.empty())
                .waitReason(Optional.empty())
                .version(job.version() + 1)
                .updatedAt(now)
                .build());
    childFinished(next, now);
    return next;
  }

  /** Completed, dead or cancelled: what a parent counts as a finished child. */
  static boolean isFinished(JobState state) {
    return state == JobState.COMPLETED || state == JobState.DEAD || state == JobState.CANCELLED;
  }

  private static boolean waitsFor(Job job, WaitReason reason) {
    return job.state() == JobState.SCHEDULED
        && job.waitReason().isPresent()
        && job.waitReason().get() == reason;
  }

  /**
   * Counts {@code child}, just finished, on its parent, waking the parent when it waits for that
   * many; under the lock, in the change that finished the child.
   */
  void childFinished(Job child, Instant now) {
    if (child.parentId().isEmpty()) {
      return;
    }
    JobSlot parent = byId.get(child.parentId().get());
    if (parent == null) {
      return;
    }
    parent.childrenDone++;
    if (waitsFor(parent.job, WaitReason.CHILDREN) && parent.childrenDone >= parent.waitChildren) {
      wake(parent, now);
    }
  }

  /** Takes back the count of a dead child that goes back to the queue; under the lock. */
  void childRequeued(Job child) {
    if (child.parentId().isEmpty()) {
      return;
    }
    JobSlot parent = byId.get(child.parentId().get());
    if (parent != null && parent.childrenDone > 0) {
      parent.childrenDone--;
    }
  }

  /** SCHEDULED → PENDING, due now, its wait over; under the lock. */
  private Job wake(JobSlot slot, Instant now) {
    Job job = slot.job;
    JobTransitions.check(job.id(), job.state(), JobState.PENDING);
    unindex(slot);
    slot.waitSignal = null;
    slot.waitChildren = 0;
    Job next =
        write(
            slot,
            job.toBuilder()
                .state(JobState.PENDING)
                .scheduledAt(now)
                .waitReason(Optional.empty())
                .version(job.version() + 1)
                .updatedAt(now)
                .build());
    enqueueReady(slot);
    return next;
  }
}
