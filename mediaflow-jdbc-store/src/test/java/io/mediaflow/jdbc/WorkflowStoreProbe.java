package io.mediaflow.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobRequest;
import io.mediaflow.api.store.StorageException;
import io.mediaflow.api.store.WorkflowStore;
import io.mediaflow.testkit.SimplePool;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How fast workflow saves and waiter lookups go on each database on this machine: a measuring
 * probe, not a test (its name keeps it out of the build's test run). Run it with {@code mvn -pl
 * mediaflow-jdbc-store -am verify -Dtest=WorkflowStoreProbe
 * -Dsurefire.failIfNoSpecifiedTests=false}; its figures go to {@code
 * target/workflow-store-probe.txt}.
 */
class WorkflowStoreProbe {

  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
  private static final int SAVES = 2_000;
  private static final int COLD_WAITERS = 10_000;
  private static final int HOT_WAITERS = 200;
  private static final int THREADS = 8;

  @TempDir Path dir;

  @Test
  void h2() {
    try (JdbcStorage s = JdbcStorage.h2(dir.resolve("probe"))) {
      probe(s);
    }
  }

  @Test
  void postgresql() {
    try (SimplePool pool = TestDatabases.postgres()) {
      String prefix = TestDatabases.uniquePrefix();
      try (JdbcStorage s = JdbcStorage.builder(pool).tablePrefix(prefix).build()) {
        probe(s);
      } finally {
        TestDatabases.drop(pool, prefix);
      }
    }
  }

  @Test
  void mariadb() {
    try (SimplePool pool = TestDatabases.mariadb()) {
      String prefix = TestDatabases.uniquePrefix();
      try (JdbcStorage s = JdbcStorage.builder(pool).tablePrefix(prefix).build()) {
        probe(s);
      } finally {
        TestDatabases.drop(pool, prefix);
      }
    }
  }

  private static void probe(JdbcStorage s) {
    WorkflowStore w = s.workflows();
    String definition = "{\"version\":1,\"nodes\":[" + "{\"id\":\"n\"},".repeat(200) + "{}]}";

    // sequential updates of one workflow, each a compare-and-set
    w.save("seq", "Seq", definition, 0, T0);
    long[] nanos = new long[SAVES];
    long start = System.nanoTime();
    for (int i = 0; i < SAVES; i++) {
      long t = System.nanoTime();
      w.save("seq", "Seq", definition, i + 1, T0);
      nanos[i] = System.nanoTime() - t;
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    report(
        "%s: %d sequential saves (%d-char definition): %.0f saves/s, p50 %.2f ms, p99 %.2f ms%n",
        s.database(),
        SAVES,
        definition.length(),
        SAVES / seconds,
        percentile(nanos, 50),
        percentile(nanos, 99));

    // editors racing: each reads the latest revision and saves over it until 2,000 saves won
    w.save("raced", "Raced", definition, 0, T0);
    AtomicInteger won = new AtomicInteger();
    AtomicInteger lost = new AtomicInteger();
    List<Thread> editors = new ArrayList<>();
    start = System.nanoTime();
    for (int t = 0; t < THREADS; t++) {
      Thread editor =
          new Thread(
              () -> {
                while (won.get() < SAVES) {
                  int latest = w.find("raced").orElseThrow().revision();
                  try {
                    w.save("raced", "Raced", definition, latest, T0);
                    won.incrementAndGet();
                  } catch (StorageException e) {
                    assertThat(e.code()).isEqualTo(StorageException.WORKFLOW_CONFLICT);
                    lost.incrementAndGet();
                  }
                }
              });
      editor.start();
      editors.add(editor);
    }
    for (Thread editor : editors) {
      try {
        editor.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    seconds = (System.nanoTime() - start) / 1e9;
    assertThat(w.find("raced").orElseThrow().revision()).isEqualTo(won.get() + 1);
    report(
        "%s: %d editors racing: %d saves won, %d conflicts, %.0f won/s%n",
        s.database(), THREADS, won.get(), lost.get(), won.get() / seconds);

    // waiters: many keys with one run each, one key with many runs
    List<JobRequest> requests = new ArrayList<>();
    for (int i = 0; i < COLD_WAITERS + HOT_WAITERS; i++) {
      requests.add(JobRequest.of("workflow", "{}"));
    }
    List<Job> jobs = new ArrayList<>();
    for (int i = 0; i < requests.size(); i += 500) {
      jobs.addAll(s.jobs().submitAll(requests.subList(i, Math.min(i + 500, requests.size())), T0));
    }
    start = System.nanoTime();
    for (int i = 0; i < COLD_WAITERS; i++) {
      w.addWaiter("/media/incoming/file-" + i + ".mkv", "approved", jobs.get(i).id());
    }
    for (int i = COLD_WAITERS; i < jobs.size(); i++) {
      w.addWaiter("/media/incoming/hot.mkv", "approved", jobs.get(i).id());
    }
    seconds = (System.nanoTime() - start) / 1e9;
    report(
        "%s: %d addWaiter: %.0f/s%n",
        s.database(), COLD_WAITERS + HOT_WAITERS, (COLD_WAITERS + HOT_WAITERS) / seconds);
    long[] cold = new long[200];
    long[] hot = new long[200];
    for (int i = 0; i < cold.length; i++) {
      long t = System.nanoTime();
      assertThat(w.waiters("/media/incoming/file-" + (i * 37) + ".mkv", "approved")).hasSize(1);
      cold[i] = System.nanoTime() - t;
      t = System.nanoTime();
      assertThat(w.waiters("/media/incoming/hot.mkv", "approved")).hasSize(HOT_WAITERS);
      hot[i] = System.nanoTime() - t;
    }
    report(
        "%s: waiters among %d rows: one run p50 %.2f ms, %d runs p50 %.2f ms%n",
        s.database(),
        COLD_WAITERS + HOT_WAITERS,
        percentile(cold, 50),
        HOT_WAITERS,
        percentile(hot, 50));
  }

  private static double percentile(long[] nanos, int p) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return sorted[Math.min(sorted.length - 1, sorted.length * p / 100)] / 1e6;
  }

  private static void report(String format, Object... args) {
    String line = String.format(format, args);
    System.out.print(line);
    try {
      java.nio.file.Files.writeString(
          Path.of("target", "workflow-store-probe.txt"),
          line,
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
