package io.mediaflow.internal.engine;

import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobProgress;
import io.mediaflow.internal.observe.Redactor;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Who on this node waits for a job to finish or listens to its progress. */
final class JobWatchers {

  private static final Logger LOG = LoggerFactory.getLogger(JobWatchers.class);

  /** Futures of {@link #whenFinished}, each with how many callers still wait on it. */
  private final Map<String, Waiter> waiters = new ConcurrentHashMap<>();

  private final Map<String, List<Consumer<JobProgress>>> progressListeners =
      new ConcurrentHashMap<>();

  private static final class Waiter {
    final CompletableFuture<Job> future = new CompletableFuture<>();
    int callers; // changed only inside ConcurrentHashMap.compute
  }

  CompletableFuture<Job> whenFinished(String jobId) {
    return waiters.compute(
            jobId,
            (k, w) -> {
              Waiter next = w == null ? new Waiter() : w;
              next.callers++;
              return next;
            })
        .future;
  }

  void stopWaiting(String jobId, CompletableFuture<Job> future) {
    waiters.computeIfPresent(jobId, (k, w) -> w.future != future || --w.callers > 0 ? w : null);
  }

  int waitedOn() {
    return waiters.size();
  }

  void onProgress(String jobId, Consumer<JobProgress> listener) {
    progressListeners.computeIfAbsent(jobId, k -> new CopyOnWriteArrayList<>()).add(listener);
  }

  /** Tells the listeners of a job its progress; one that throws is logged and the others go on. */
  void progress(String jobId, JobProgress progress) {
    List<Consumer<JobProgress>> listeners = progressListeners.get(jobId);
    if (listeners == null) {
      return;
    }
    for (Consumer<JobProgress> l : listeners) {
      try {
        l.accept(progress);
      } catch (RuntimeException e) {
        LOG.warn("a progress listener of job {} threw: {}", jobId, Redactor.redact(e.toString()));
      }
    }
  }

  /** The job finished (completed, dead or cancelled): its waiters are told, its listeners go. */
  void finished(Job job) {
    if (!waiters.isEmpty()) {
      Waiter w = waiters.remove(job.id());
      if (w != null) {
        w.future.complete(job);
      }
    }
    if (!progressListeners.isEmpty()) {
      progressListeners.remove(job.id());
    }
  }
}
