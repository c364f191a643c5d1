package io.mediaflow.samples.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.JobHandle;
import io.mediaflow.MediaFlow;
import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobRequest;
import io.mediaflow.api.job.JobState;
import io.mediaflow.api.store.JobQuery;
import io.mediaflow.jdbc.JdbcStorage;
import io.mediaflow.testkit.DriverDataSource;
import io.mediaflow.testkit.SimplePool;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.h2.tools.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A running engine whose database goes away mid-run and comes back: an H2 TCP server, stopped while
 * four workers are busy and started again a few seconds later. The engine must lose no job and
 * complete every one, run a job twice only when its first outcome could not be recorded (at least
 * once, never at most once), and keep its workers. It lives here, beside the chaos test, because
 * samples depends on the engine and the JDBC store alike; jdbc-store's tests compile inside its
 * module, which does not read core.
 */
class EngineLosesItsDatabaseTest {

  static final int JOBS = 200;
  static final int WORKERS = 4;
  static final Duration OUTAGE = Duration.ofSeconds(3);
  static final String NODE = "lost-db";

  @TempDir Path dir;

  /** One run of a job's handler, on the wall clock (the only clock the server outage is on). */
  record Run(long startNanos, long endNanos) {}

  /** How long before the stop a run may have ended with its completion not yet committed. */
  static final Duration COMPLETION_IN_FLIGHT = Duration.ofSeconds(1);

  @Test
  void every_job_completes_none_is_lost_and_workers_survive_when_the_database_goes_away()
      throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    String[] args = {
      "-tcpPort", Integer.toString(port), "-baseDir", dir.toString(), "-ifNotExists"
    };
    Server server = Server.createTcpServer(args).start();
    Map<String, List<Run>> runs = new ConcurrentHashMap<>();
    AtomicInteger finishedRuns = new AtomicInteger();
    try (SimplePool pool =
            new SimplePool(
                new DriverDataSource("jdbc:h2:tcp://localhost:" + port + "/lostdb;WRITE_DELAY=0"),
                WORKERS + 4);
        JdbcStorage storage = JdbcStorage.builder(pool).build();
        MediaFlow flow =
            MediaFlow.builder()
                .storage(storage)
                .workers(WORKERS)
                .nodeId(NODE)
                .lease(Duration.ofSeconds(2))
                .heartbeatInterval(Duration.ofMillis(500))
                .pollInterval(Duration.ofMillis(50))
                .handler(
                    "work",
                    ctx -> {
                      long start = System.nanoTime();
                      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
                      runs.computeIfAbsent(ctx.job().id(), k -> new CopyOnWriteArrayList<>())
                          .add(new Run(start, System.nanoTime()));
                      finishedRuns.incrementAndGet();
                      return Optional.of("ok");
                    })
                .build()) {
      List<JobRequest> requests = new ArrayList<>();
      for (int i = 0; i < JOBS; i++) {
        requests.add(JobRequest.of("work", "job-" + i));
      }
      List<String> ids = flow.submitAll(requests).stream().map(JobHandle::id).toList();
      flow.start();
      waitFor(() -> workerThreads().size() == WORKERS, Duration.ofSeconds(10), "workers");
      List<Thread> workersBefore = workerThreads();

      waitFor(() -> finishedRuns.get() >= JOBS / 4, Duration.ofSeconds(30), "a quarter run");
      long stoppedAt = System.nanoTime();
      long outageBegan = stoppedAt - COMPLETION_IN_FLIGHT.toNanos();
      server.stop();
      LockSupport.parkNanos(OUTAGE.toNanos());
      server = Server.createTcpServer(args).start();
      long restartedAt = System.nanoTime();

      waitFor(
          () -> count(storage, JobState.COMPLETED) == JOBS,
          Duration.ofSeconds(60),
          "every job completed");

      assertThat(storage.jobs().countByState())
          .as("no job left in any other state")
          .containsEntry(JobState.COMPLETED, (long) JOBS)
          .allSatisfy(
              (state, n) -> assertThat(n).isEqualTo(state == JobState.COMPLETED ? JOBS : 0));
      for (String id : ids) {
        Job job = storage.jobs().find(id).orElseThrow();
        assertThat(job.state()).as(id).isEqualTo(JobState.COMPLETED);
        assertThat(job.result()).as(id).contains("ok");
        List<Run> ran = runs.get(id);
        assertThat(ran).as("runs of %s", id).isNotEmpty();
        // a run whose outcome was recorded before the outage is never repeated: only a run that
        // ended once the server was gone (its completion refused, its lease left to expire) may,
        // or one that ended just before while its completion was still on its way (a margin far
        // longer than a commit takes)
        for (Run earlier : ran.subList(0, ran.size() - 1)) {
          assertThat(earlier.endNanos())
              .as("job %s ran again although its run had ended before the outage: %s", id, ran)
              .isGreaterThanOrEqualTo(outageBegan);
        }
      }
      long reruns = runs.values().stream().mapToInt(r -> r.size() - 1).sum();
      // a run exposed to the outage is one in progress at some moment of it: its completion may
      // have been refused, or its heartbeats may have failed until its lease expired (then it is
      // taken back even if it ends after the restart); only those may have been run again
      long exposed =
          runs.values().stream()
              .flatMap(List::stream)
              .filter(r -> r.endNanos() >= outageBegan && r.startNanos() <= restartedAt)
              .count();
      assertThat(reruns)
          .as("reruns, with %d runs in progress during the outage", exposed)
          .isLessThanOrEqualTo(exposed);
      assertThat(restartedAt).isGreaterThan(stoppedAt);

      assertThat(workerThreads())
          .as("the same worker threads, alive")
          .containsExactlyInAnyOrderElementsOf(workersBefore);
      assertThat(flow.submit("work", "after").await(Duration.ofSeconds(30)).state())
          .isEqualTo(JobState.COMPLETED);
      assertThat(storage.jobs().query(JobQuery.all()).total()).isEqualTo(JOBS + 1);
    } finally {
      server.stop();
    }
  }

  static long count(JdbcStorage storage, JobState state) {
    try {
      return storage.jobs().countByState().getOrDefault(state, 0L);
    } catch (RuntimeException e) {
      return -1; // the server is not back yet
    }
  }

  static List<Thread> workerThreads() {
    List<Thread> alive = new ArrayList<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith("mediaflow-" + NODE + "-worker-") && t.isAlive()) {
        alive.add(t);
      }
    }
    return alive;
  }

  static void waitFor(BooleanSupplier condition, Duration timeout, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting for: " + what);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
  }
}
