package io.mediaflow.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.api.job.JobRequest;
import io.mediaflow.api.store.JobQuery;
import io.mediaflow.testkit.SimplePool;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How fast {@code JobQuery.withText} goes on the local PostgreSQL over 100,000 jobs (a substring
 * scans: no index serves it): a first page of 50 matches with the total, alone and combined with a
 * type filter. A measuring probe, not a test (its name keeps it out of the build's test run). Run
 * it with {@code mvn -o -pl mediaflow-api,mediaflow-testkit,mediaflow-core,mediaflow-jdbc-store
 * test -Dtest=PostgresJobTextProbe -Dsurefire.failIfNoSpecifiedTests=false}; it prints its figures
 * and writes them to {@code target/pg-jobtext-probe.txt}.
 */
class PostgresJobTextProbe {

  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
  private static final int JOBS = 100_000;

  @Test
  void measure() {
    String prefix = TestDatabases.uniquePrefix();
    try (SimplePool pool = TestDatabases.postgres();
        JdbcStorage s = JdbcStorage.builder(pool).tablePrefix(prefix).build()) {
      try {
        for (int from = 0; from < JOBS; from += 1_000) {
          List<JobRequest> batch = new ArrayList<>(1_000);
          for (int i = from; i < from + 1_000; i++) {
            batch.add(
                JobRequest.of(i % 10 == 0 ? "workflow" : "media", "{}")
                    .withRuleId("rule:r" + (i % 500))
                    .withRuleName(i % 1000 == 7 ? "Nightly Archive " + i : "Rule " + (i % 500)));
          }
          s.jobs().submitAll(batch, T0);
        }
        TestDatabases.run(pool, List.of("ANALYZE " + prefix + "jobs"));
        for (int round = 0; round < 3; round++) {
          long t = System.nanoTime();
          long total = s.jobs().query(JobQuery.all().withText("archive")).total();
          long alone = System.nanoTime() - t;
          t = System.nanoTime();
          s.jobs().query(JobQuery.all().withText("archive").withType("workflow"));
          long typed = System.nanoTime() - t;
          t = System.nanoTime();
          s.jobs().query(JobQuery.all().withType("workflow"));
          long plain = System.nanoTime() - t;
          assertThat(total).isEqualTo(JOBS / 1000);
          TestDatabases.report(
              "pg-jobtext-probe.txt",
              String.format(
                  "%,d jobs: withText first page + total %d ms; with a type filter %d ms;"
                      + " type filter alone %d ms%n",
                  JOBS, alone / 1_000_000, typed / 1_000_000, plain / 1_000_000));
        }
      } finally {
        TestDatabases.drop(pool, prefix);
      }
    }
  }
}
