package io.mediaflow.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobRequest;
import io.mediaflow.api.store.ClaimRequest;
import io.mediaflow.api.store.Completion;
import io.mediaflow.testkit.DriverDataSource;
import io.mediaflow.testkit.SimplePool;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.Test;

/**
 * A node's lease heartbeat and its workers' batch completions change the same job rows at the same
 * time. Each locks its rows in the order it changes them; they used to take them in different
 * orders (the heartbeat in a hash map's, the completion in its caller's), so they deadlocked, and
 * every deadlock cost the database's {@code deadlock_timeout} (a second) before one was cancelled
 * and run again: seen in the cron benchmark's drain as ten deadlocks a run. Both now take jobs in
 * id order. The database's own deadlock counter is the witness.
 */
class PostgresBatchLockOrderTest {

  private static final Instant NOW = Instant.parse("2026-12-04T16:30:00Z");
  private static final int ROUNDS = 30;
  private static final int BATCH = 60;

  @Test
  void a_heartbeat_and_a_batch_completion_on_the_same_jobs_never_deadlock() throws Exception {
    TestDatabases.inFreshTables(
        TestDatabases.postgres(),
        (setup, prefix) -> {
          long before = deadlocks(setup);
          // the workload's own connections: closed at the end, so their statistics are flushed
          SimplePool pool = new SimplePool(new DriverDataSource(TestDatabases.PG_URL), 8);
          try (pool;
              JdbcStorage storage = JdbcStorage.builder(pool).tablePrefix(prefix).build()) {
            List<JobRequest> requests = new ArrayList<>();
            for (int i = 0; i < ROUNDS * BATCH; i++) {
              requests.add(JobRequest.of("t", "{}"));
            }
            storage.jobs().submitAll(requests, NOW);
            for (int round = 0; round < ROUNDS; round++) {
              List<Job> claimed =
                  storage
                      .jobs()
                      .claim(
                          new ClaimRequest("node", BATCH, Duration.ofMinutes(5), NOW, Set.of("t")));
              assertThat(claimed).hasSize(BATCH);
              // the heartbeat's map in descending id order, the completions ascending
              Map<String, String> tokens = new LinkedHashMap<>();
              claimed.stream()
                  .sorted(Comparator.comparing(Job::id).reversed())
                  .forEach(j -> tokens.put(j.id(), token(j)));
              List<Completion> completions =
                  claimed.stream()
                      .sorted(Comparator.comparing(Job::id))
                      .map(j -> new Completion(j.id(), token(j), Optional.empty()))
                      .toList();
              CyclicBarrier start = new CyclicBarrier(2);
              CompletableFuture<Set<String>> lost =
                  CompletableFuture.supplyAsync(
                      () -> {
                        await(start);
                        return storage.jobs().heartbeatAll(tokens, NOW.plusSeconds(60));
                      });
              CompletableFuture<Set<String>> done =
                  CompletableFuture.supplyAsync(
                      () -> {
                        await(start);
                        return storage.jobs().completeAll(completions, NOW.plusSeconds(1));
                      });
              assertThat(done.get()).hasSize(BATCH);
              lost.get(); // whichever came first: the heartbeat finds them leased or completed
            }
          } catch (Exception e) {
            throw new AssertionError(e);
          }
          assertThat(deadlocks(setup) - before)
              .as("deadlocks the database detected in this database meanwhile")
              .isZero();
        });
  }

  private static String token(Job j) {
    return j.lease().orElseThrow().token();
  }

  private static void await(CyclicBarrier b) {
    try {
      b.await();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The database's deadlock count, once the closed connections' statistics have arrived. */
  private static long deadlocks(javax.sql.DataSource ds) {
    try (Connection c = ds.getConnection();
        Statement st = c.createStatement()) {
      long last = -1;
      // a backend reports its statistics when it exits; a moment after the pool closed they agree
      for (int i = 0; i < 20; i++) {
        st.execute("SELECT pg_stat_clear_snapshot()");
        try (ResultSet rs =
            st.executeQuery(
                "SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()")) {
          rs.next();
          long now = rs.getLong(1);
          if (now == last) {
            return now;
          }
          last = now;
        }
        Thread.sleep(100);
      }
      return last;
    } catch (SQLException | InterruptedException e) {
      throw new AssertionError(e);
    }
  }
}
