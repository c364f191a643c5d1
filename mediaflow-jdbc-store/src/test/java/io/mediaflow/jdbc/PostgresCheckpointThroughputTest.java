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
 * with {@code -Dmediaflow.probe=true} (it prints its figures, it asserts none).
 */
class PostgresCheckpointThroughputTest {

  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

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
        for (int batch : new int[] {1, 10, 50}) {
          for (int threads : new int[] {1, 8}) {
            AtomicInteger next = new AtomicInteger();
            int seqBase = batch * 1000 + threads * 100;
            long t0 = System.nanoTime();
            List<Thread> all = new ArrayList<>();
            int calls = Math.max(1, 2000 / batch);
            for (int t = 0; t < threads; t++) {
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
                          s.checkpoints().saveAll(cps);
                        }
                      });
              th.start();
              all.add(th);
            }
            for (Thread th : all) {
              th.join();
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            System.out.printf(
                "saveAll batch=%d threads=%d: %.0f commits/s, %.0f checkpoints/s%n",
                batch, threads, calls / secs, calls * batch / secs);
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
        AtomicInteger next = new AtomicInteger();
        long t0 = System.nanoTime();
        List<Thread> all = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
          Thread th =
              new Thread(
                  () -> {
                    int i;
                    while ((i = next.getAndIncrement()) * 50 < claimed.size()) {
                      List<Completion> batch = new ArrayList<>();
                      for (Job j : claimed.subList(i * 50, Math.min(claimed.size(), i * 50 + 50))) {
                        batch.add(
                            new Completion(
                                j.id(), j.lease().orElseThrow().token(), Optional.empty()));
                      }
                      s.jobs().completeAll(batch, T0);
                    }
                  });
          th.start();
          all.add(th);
        }
        for (Thread th : all) {
          th.join();
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.printf("completeAll batch=50 threads=8: %.0f jobs/s%n", claimed.size() / secs);
        assertThat(claimed).hasSize(jobs);
      } finally {
        TestDatabases.drop(pool, prefix);
      }
    }
  }
}
