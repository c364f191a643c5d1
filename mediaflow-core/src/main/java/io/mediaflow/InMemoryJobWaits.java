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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable waits of the in-memory job store: yields for a sleep, a signal or children, signals,
 * the finished-children count each parent keeps and the changes that move it (bury, requeue,
 * cancel; complete is in {@link InMemoryJobStore}), the wake-ups they cause, and cancels that take
 * a job's unfinished descendants with it. Every change that ends a job goes through {@link #ended},
 * which also gives back the place the job held under a concurrency limit ({@link
 * InMemoryJobLimits}). Every change here happens under the store's one lock, in the same change as
 * its cause, so no wake-up is lost. {@link InMemoryJobStore} adds the rest.
 */
abstract class InMemoryJobWaits extends InMemoryJobIndex implements JobStore {

  private static final Logger LOG = LoggerFactory.getLogger(InMemoryJobWaits.class);

  private final CopyOnWriteArrayList<Runnable> workListeners = new CopyOnWriteArrayList<>();
  // set under the lock by a wake-up, cleared by the thread that tells the listeners
  private final AtomicBoolean woken = new AtomicBoolean();

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
    Job next;
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
      next =
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
      if (happened) {
        woken.set(true);
      }
    }
    tellIfWoken();
    return next;
  }

  @Override
  public Job signal(String jobId, String name, String payload, Instant now) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(now, "now");
    Job after;
    synchronized (lock) {
      JobSlot slot = slotOrThrow(jobId);
      Job job = slot.job;
      if (isFinished(job.state())) {
        throw StorageException.finished(jobId, job.state(), name);
      }
      checkpoints.addSignal(jobId, name, payload);
      boolean waits = waitsFor(job, WaitReason.SIGNAL) && name.equals(slot.waitSignal);
      after = waits ? wake(slot, now) : job;
    }
    tellIfWoken();
    return after;
  }

  /**
   * Cancels the job and, in the same change, its unfinished descendants (children and theirs); each
   * cancelled job counts as a finished child of its parent.
   */
  @Override
  public Job cancel(String jobId, Instant now) {
    Objects.requireNonNull(now, "now");
    Job cancelled;
    synchronized (lock) {
      JobSlot slot = slotOrThrow(jobId);
      JobTransitions.check(jobId, slot.job.state(), JobState.CANCELLED);
      cancelled = cancelTree(slot, now);
    }
    tellIfWoken();
    return cancelled;
  }

  /** Cancels the job and its unfinished descendants; under the lock, its state checked. */
  Job cancelTree(JobSlot slot, Instant now) {
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

  @Override
  public Job bury(String jobId, Instant now) {
    Objects.requireNonNull(now, "now");
    Job next;
    synchronized (lock) {
      JobSlot slot = slotOrThrow(jobId);
      Job job = slot.job;
      checkFrom(job, JobState.FAILED, JobState.DEAD, "buried");
      next =
          write(
              slot,
              job.toBuilder()
                  .state(JobState.DEAD)
                  .waitReason(Optional.empty())
                  .version(job.version() + 1)
                  .updatedAt(now)
                  .build());
      ended(slot, next, now);
    }
    tellIfWoken();
    return next;
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
                  .waitReason(Optional.empty())
                  .version(job.version() + 1)
                  .updatedAt(now)
                  .build());
      childRequeued(next);
      takePlaceAgain(slot);
      enqueueReady(slot);
      return next;
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
    ended(slot, next, now);
    return next;
  }

  /**
   * The job just became COMPLETED, DEAD or CANCELLED: counts it on its parent and gives back the
   * place it held under a concurrency limit, each waking whom it wakes; under the lock, in the
   * change that ended the job.
   */
  void ended(JobSlot slot, Job next, Instant now) {
    childFinished(next, now);
    givePlaceBack(slot, now);
  }

  /**
   * Gives back the place a job that just ended held under its concurrency limit, if it held one,
   * making the oldest job buffered behind it due; under the lock.
   */
  abstract void givePlaceBack(JobSlot slot, Instant now);

  /** A dead job of a concurrency limit back in the queue holds a place again; under the lock. */
  abstract void takePlaceAgain(JobSlot slot);

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
  Job wake(JobSlot slot, Instant now) {
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
    woken.set(true);
    return next;
  }

  /**
   * Tells the listeners that a wake-up made work due, after the change committed (the lock is
   * released). Whichever thread sees the flag first tells them, so none is lost.
   */
  void tellIfWoken() {
    if (woken.get() && woken.compareAndSet(true, false)) {
      for (Runnable listener : workListeners) {
        try {
          listener.run();
        } catch (RuntimeException e) {
          LOG.warn("a work-available listener failed; the engine polls anyway", e);
        }
      }
    }
  }

  /** Told when a signal, a child or a yield made a waiting job due. */
  @Override
  public void onWorkAvailable(Runnable listener) {
    workListeners.add(Objects.requireNonNull(listener, "listener"));
  }

  @Override
  public void removeWorkAvailableListener(Runnable listener) {
    workListeners.remove(listener);
  }
}
