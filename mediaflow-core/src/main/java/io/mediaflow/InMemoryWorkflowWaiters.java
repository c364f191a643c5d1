package io.mediaflow;

import io.mediaflow.api.job.JobState;
import io.mediaflow.api.store.StorageException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The correlation index of an {@link InMemoryStorage}: which jobs wait on which (key, signal name).
 * The job store owns it, as it owns the checkpoints, so that a job it deletes, purges or drops
 * takes its waiters with it ({@link #forget}, under the job store's lock). Its own monitor guards
 * both maps; it never takes the job store's lock, so the order job lock → this monitor is the only
 * one.
 */
final class InMemoryWorkflowWaiters {

  private record Wait(String key, String name) {}

  private final HashMap<Wait, TreeSet<String>> jobsByWait = new HashMap<>();
  private final HashMap<String, Set<Wait>> waitsByJob = new HashMap<>();
  private final Function<String, JobState> stateOf;

  /**
   * @param stateOf the state of a job the job store holds, null when it holds none; read without
   *     its lock
   */
  InMemoryWorkflowWaiters(Function<String, JobState> stateOf) {
    this.stateOf = stateOf;
  }

  void add(String key, String name, String jobId) {
    if (stateOf.apply(jobId) == null) {
      throw StorageException.notFound(jobId);
    }
    Wait wait = new Wait(key, name);
    synchronized (this) {
      jobsByWait.computeIfAbsent(wait, w -> new TreeSet<>()).add(jobId);
      waitsByJob.computeIfAbsent(jobId, j -> new HashSet<>(2)).add(wait);
    }
    // the job store removes a job from its map before it forgets the job's waiters: either that
    // forget saw this waiter, or this look sees the job gone
    if (stateOf.apply(jobId) == null) {
      forget(jobId);
    }
  }

  synchronized boolean remove(String key, String name, String jobId) {
    Wait wait = new Wait(key, name);
    TreeSet<String> jobs = jobsByWait.get(wait);
    if (jobs == null || !jobs.remove(jobId)) {
      return false;
    }
    if (jobs.isEmpty()) {
      jobsByWait.remove(wait);
    }
    Set<Wait> waits = waitsByJob.get(jobId);
    waits.remove(wait);
    if (waits.isEmpty()) {
      waitsByJob.remove(jobId);
    }
    return true;
  }

  List<String> find(String key, String name) {
    List<String> ids;
    synchronized (this) {
      TreeSet<String> jobs = jobsByWait.get(new Wait(key, name));
      if (jobs == null) {
        return List.of();
      }
      ids = new ArrayList<>(jobs);
    }
    ids.removeIf(id -> over(stateOf.apply(id)));
    return ids;
  }

  private static boolean over(JobState state) {
    return state == null || InMemoryJobIndex.isFinished(state);
  }

  /** Drops every waiter of a job the store no longer holds. */
  synchronized void forget(String jobId) {
    Set<Wait> waits = waitsByJob.remove(jobId);
    if (waits == null) {
      return;
    }
    for (Wait wait : waits) {
      TreeSet<String> jobs = jobsByWait.get(wait);
      jobs.remove(jobId);
      if (jobs.isEmpty()) {
        jobsByWait.remove(wait);
      }
    }
  }

  synchronized int size() {
    return jobsByWait.values().stream().mapToInt(Set::size).sum();
  }
}
