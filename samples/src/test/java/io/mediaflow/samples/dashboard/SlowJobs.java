package io.mediaflow.samples.dashboard;

import io.mediaflow.api.job.JobContext;
import io.mediaflow.api.job.JobHandler;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A typed job that works through {@value #PARTS} parts, reporting its progress before each, and
 * waits for the test's go-ahead between parts ({@link #advance}), so a test decides exactly how far
 * a job has come without sleeping. It stops when the job is cancelled.
 */
final class SlowJobs implements JobHandler {

  static final String TYPE = "render.preview";
  static final int PARTS = 10;

  private final Map<String, Semaphore> gates = new ConcurrentHashMap<>();
  private final Map<String, CountDownLatch> stopped = new ConcurrentHashMap<>();

  @Override
  @SuppressWarnings("try") // a stage is opened for its span; its variable is not used
  public Optional<String> handle(JobContext ctx) throws Exception {
    String id = ctx.job().id();
    Semaphore gate = gate(id);
    try (JobContext.Stage prepare = ctx.stage("prepare")) {
      ctx.log("INFO", "rendering " + PARTS + " parts");
    }
    try (JobContext.Stage render = ctx.stage("render")) {
      for (int part = 0; part < PARTS; part++) {
        // a new step each time: the engine never drops a report of a new step
        ctx.progress(100.0 * part / PARTS, "part " + (part + 1) + " of " + PARTS);
        try {
          while (!gate.tryAcquire(20, TimeUnit.MILLISECONDS)) {
            if (ctx.isCancelled()) {
              return stop(id);
            }
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return stop(id);
        }
        ctx.log("INFO", "part " + (part + 1) + " done");
      }
    }
    return Optional.of("{\"parts\":" + PARTS + "}");
  }

  private Optional<String> stop(String id) {
    latch(id).countDown();
    return Optional.empty();
  }

  /** Lets the job finish {@code parts} more parts. */
  void advance(String jobId, int parts) {
    gate(jobId).release(parts);
  }

  /** Lets every job started so far run to its end (before the engine closes). */
  void finishAll() {
    gates.values().forEach(g -> g.release(PARTS));
  }

  /** Whether the handler saw the job's cancel and returned, within the timeout. */
  boolean stoppedWithin(String jobId, long millis) throws InterruptedException {
    return latch(jobId).await(millis, TimeUnit.MILLISECONDS);
  }

  private Semaphore gate(String id) {
    return gates.computeIfAbsent(id, k -> new Semaphore(0));
  }

  private CountDownLatch latch(String id) {
    return stopped.computeIfAbsent(id, k -> new CountDownLatch(1));
  }
}
