package io.mediaflow.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobRequest;
import io.mediaflow.api.store.Checkpoint;
import io.mediaflow.api.store.ClaimRequest;
import io.mediaflow.api.store.Completion;
import io.mediaflow.testkit.SimplePool;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * How fast the PostgreSQL checkpoint group commit and the completion batch go on this machine; run
 * with {@code -Dmediaflow.probe=true}. It asserts nothing: it writes its figures to {@code
 * target/pg-checkpoint-probe.txt} (a passing test's output is not shown).
 */
class PostgresCheckpointThroughputTest {

  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

  private static void report(String format, Object... args) {
    String line = String.format(format, args);
    System.out.print(line);
    try {
      java.nio.file.Files.writeString(
          java.nio.file.Path.of("target", "pg-checkpoint-probe.txt"),
          line,
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void jdbcBatch(javax.sql.DataSource pool, String sql, List<Checkpoint> cps) {
    try (java.sql.Connection c = pool.getConnection()) {
      c.setAutoCommit(false);
      try (java.sql.PreparedStatement ps = c.prepareStatement(sql)) {
        for (Checkpoint cp : cps) {
          ps.setString(1, cp.jobId());
          ps.setInt(2, cp.seq());
          ps.setString(3, cp.kind().name());
          ps.setString(4, cp.name());
          ps.setString(5, cp.value());
          ps.addBatch();
        }
        ps.executeBatch();
      }
      c.commit();
      c.setAutoCommit(true);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void oldBatch(javax.sql.DataSource pool, String sql, List<Job> batch) {
    try (java.sql.Connection c = pool.getConnection()) {
      c.setAutoCommit(false);
      try (java.sql.PreparedStatement ps = c.prepareStatement(sql)) {
        for (Job j : batch) {
          ps.setNull(1, java.sql.Types.VARCHAR);
          ps.setLong(2, Rows.micros(T0));
          ps.setString(3, j.id());
          ps.setString(4, j.lease().orElseThrow().token());
          ps.addBatch();
        }
        ps.executeBatch();
      }
      c.commit();
      c.setAutoCommit(true);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void group_commits_of_checkpoints_and_completions_per_second() throws Exception {
    Assumptions.assumeTrue(
        Boolean.getBoolean("mediaflow.probe"), "a probe: -Dmediaflow.probe=true");
    String prefix = TestDatabases.uniquePrefix();
    try (SimplePool pool = TestDatabases.postgres();
        JdbcStorage s = JdbcStorage.builder(pool).tablePrefix(prefix).build()) {
      try {
        int jobs = 2000;
        List<JobRequest> requests = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
          requests.add(JobRequest.of("probe", "{}"));
        }
        List<Job> submitted = s.jobs().submitAll(requests, T0);
        String value = "\"" + "x".repeat(98) + "\"";
        // each size on 8 threads, as the store writes it (one unnest INSERT in auto-commit) and as
        // a JDBC batch of single-row inserts in a transaction would, alternately
        String single = new PostgresDialect().insertCheckpoint(new Tables(prefix));
        int config = 0;
        for (int batch : new int[] {1, 10, 50}) {
          for (int mode = 0; mode < 4; mode++) {
            boolean unnest = mode % 2 == 0;
            int seqBase = ++config * 1000;
            int calls = 600;
            AtomicInteger next = new AtomicInteger();
            long t0 = System.nanoTime();
            List<Thread> all = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
              Thread th =
                  new Thread(
                      () -> {
                        int i;
                        while ((i = next.getAndIncrement()) < calls) {
                          List<Checkpoint> cps = new ArrayList<>(batch);
                          for (int k = 0; k < batch; k++) {
                            Job j = submitted.get((i * batch + k) % jobs);
                            cps.add(
                                new Checkpoint(
                                    j.id(), seqBase + i, Checkpoint.Kind.STEP, "step", value));
                          }
                          if (unnest) {
                            s.checkpoints().saveAll(cps);
                          } else {
                            jdbcBatch(pool, single, cps);
                          }
                        }
                      });
              th.start();
              all.add(th);
            }
            for (Thread th : all) {
              th.join();
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            report(
                "%s batch=%d threads=8: %.0f commits/s, %.0f checkpoints/s%n",
                unnest ? "saveAll as the store writes" : "JDBC batch + commit",
                batch,
                calls / secs,
                calls * batch / secs);
          }
        }
        // completions of claimed jobs, in batches of 50 on 8 threads
        List<Job> claimed = new ArrayList<>();
        while (true) {
          List<Job> got =
              s.jobs().claim(new ClaimRequest("n", 500, Duration.ofMinutes(5), T0, Set.of()));
          if (got.isEmpty()) {
            break;
          }
          claimed.addAll(got);
        }
        // the same completions, half through the batch of UPDATEs that completeAll ran before
        // schema V3, half through completeAll as it is now
        String before = new JobSql(new PostgresDialect(), new Tables(prefix)).completeBatch;
        List<Job> old = claimed.subList(0, claimed.size() / 2);
        List<Job> now = claimed.subList(claimed.size() / 2, claimed.size());
        for (int round = 0; round < 2; round++) {
          List<Job> share = round == 0 ? old : now;
          boolean useOld = round == 0;
          AtomicInteger next = new AtomicInteger();
          long t0 = System.nanoTime();
          List<Thread> all = new ArrayList<>();
          for (int t = 0; t < 8; t++) {
            Thread th =
                new Thread(
                    () -> {
                      int i;
                      while ((i = next.getAndIncrement()) * 50 < share.size()) {
                        List<Job> batch =
                            share.subList(i * 50, Math.min(share.size(), i * 50 + 50));
                        if (useOld) {
                          oldBatch(pool, before, batch);
                        } else {
                          List<Completion> done = new ArrayList<>();
                          for (Job j : batch) {
                            done.add(
                                new Completion(
                                    j.id(), j.lease().orElseThrow().token(), Optional.empty()));
                          }
                          s.jobs().completeAll(done, T0);
                        }
                      }
                    });
            th.start();
            all.add(th);
          }
          for (Thread th : all) {
            th.join();
          }
          double secs = (System.nanoTime() - t0) / 1e9;
          report(
              "%s batch=50 threads=8: %.0f jobs/s%n",
              useOld ? "V2 completeAll (JDBC batch + commit)" : "completeAll (one statement)",
              share.size() / secs);
        }
        assertThat(claimed).hasSize(jobs);
      } finally {
        TestDatabases.drop(pool, prefix);
      }
    }
  }
}
