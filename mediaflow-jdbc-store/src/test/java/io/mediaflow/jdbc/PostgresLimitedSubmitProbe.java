package io.mediaflow.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobRequest;
import io.mediaflow.api.rule.OverlapPolicy;
import io.mediaflow.api.store.Admission;
import io.mediaflow.api.store.ClaimRequest;
import io.mediaflow.api.store.LimitedRequest;
import io.mediaflow.testkit.SimplePool;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * How fast {@code submitLimited} and a limited job's completion go on the local PostgreSQL: a
 * measuring probe, not a test (its name keeps it out of the build's test run). Run it with {@code
 * mvn -pl mediaflow-api,mediaflow-testkit,mediaflow-core,mediaflow-jdbc-store test
 * -Dtest=PostgresLimitedSubmitProbe -Dsurefire.failIfNoSpecifiedTests=false}; it prints its figures
 * and writes them to {@code target/pg-limited-probe.txt}.
 */
class PostgresLimitedSubmitProbe {

  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
  private static final int N = 10_000;

  private static void report(String format, Object... args) {
    String line = String.format(format, args);
    System.out.print(line);
    try {
      java.nio.file.Files.writeString(
          java.nio.file.Path.of("target", "pg-limited-probe.txt"),
          line,
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void measure() {
    String prefix = TestDatabases.uniquePrefix();
    try (SimplePool pool = TestDatabases.postgres();
        JdbcStorage s = JdbcStorage.builder(pool).tablePrefix(prefix).build()) {
      try {
        submits(pool, prefix, s, "one key, max 10, BUFFER_ALL", i -> limited("k", 10));
        submits(pool, prefix, s, "10,000 keys (one per rule)", i -> limited("rule-" + i, 1));
        List<JobRequest> plain = new ArrayList<>();
        for (int i = 0; i < N; i++) {
          plain.add(JobRequest.of("run", "{}"));
        }
        for (int round = 0; round < 3; round++) {
          TestDatabases.truncate(pool, prefix);
          long t = System.nanoTime();
          s.jobs().submitAll(plain, T0);
          report("submitAll of %d plain requests: %d ms%n", N, (System.nanoTime() - t) / 1_000_000);
        }
        completions(pool, prefix, s);
      } finally {
        TestDatabases.drop(pool, prefix);
      }
    }
  }

  private static LimitedRequest limited(String key, int max) {
    return new LimitedRequest(JobRequest.of("run", "{}"), key, max, OverlapPolicy.BUFFER_ALL);
  }

  private static void submits(
      SimplePool pool, String prefix, JdbcStorage s, String what, IntFunction<LimitedRequest> r) {
    List<LimitedRequest> requests = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      requests.add(r.apply(i));
    }
    for (int round = 0; round < 3; round++) {
      TestDatabases.truncate(pool, prefix);
      long t = System.nanoTime();
      List<Admission> out = s.jobs().submitLimited(requests, T0);
      long ms = (System.nanoTime() - t) / 1_000_000;
      assertThat(out).hasSize(N);
      report("submitLimited of %d requests in one call, %s: %d ms%n", N, what, ms);
    }
  }

  /** 1,000 completions one by one: plain jobs, then limited ones each waking a buffered one. */
  private static void completions(SimplePool pool, String prefix, JdbcStorage s) {
    int n = 1000;
    TestDatabases.truncate(pool, prefix);
    List<JobRequest> plain = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      plain.add(JobRequest.of("plain", "{}"));
    }
    s.jobs().submitAll(plain, T0);
    List<Job> claimed =
        s.jobs().claim(new ClaimRequest("n", n, Duration.ofMinutes(5), T0, Set.of("plain")));
    long t = System.nanoTime();
    for (Job j : claimed) {
      s.jobs().complete(j.id(), j.lease().orElseThrow().token(), Optional.empty(), T0);
    }
    report(
        "complete one by one, %d plain jobs: %.1f us each%n",
        n, (System.nanoTime() - t) / 1000.0 / n);

    List<LimitedRequest> limited = new ArrayList<>();
    for (int i = 0; i < 2 * n; i++) {
      limited.add(limited("k", n));
    }
    s.jobs().submitLimited(limited, T0);
    List<Job> running =
        s.jobs().claim(new ClaimRequest("n", n, Duration.ofMinutes(5), T0, Set.of("run")));
    assertThat(running).hasSize(n);
    t = System.nanoTime();
    for (Job j : running) {
      s.jobs().complete(j.id(), j.lease().orElseThrow().token(), Optional.empty(), T0);
    }
    report(
        "complete one by one, %d limited jobs each waking a buffered one: %.1f us each%n",
        n, (System.nanoTime() - t) / 1000.0 / n);
  }
}
