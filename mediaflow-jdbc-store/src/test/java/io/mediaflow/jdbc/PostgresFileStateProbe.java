package io.mediaflow.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.api.store.SeenFile;
import io.mediaflow.testkit.SimplePool;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How fast the handled-file state goes on the local PostgreSQL: a claim of 10,000 new files in one
 * call, the same claim again (all known), and reading back 100,000 claimed rows page by page. A
 * measuring probe, not a test (its name keeps it out of the build's test run). Run it with {@code
 * mvn -pl mediaflow-api,mediaflow-testkit,mediaflow-core,mediaflow-jdbc-store test
 * -Dtest=PostgresFileStateProbe -Dsurefire.failIfNoSpecifiedTests=false}; it prints its figures and
 * writes them to {@code target/pg-files-probe.txt}.
 */
class PostgresFileStateProbe {

  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

  private static void report(String format, Object... args) {
    TestDatabases.report("pg-files-probe.txt", String.format(format, args));
  }

  private static List<SeenFile> files(int from, int n) {
    List<SeenFile> out = new ArrayList<>(n);
    for (int i = from; i < from + n; i++) {
      out.add(
          new SeenFile(
              "/srv/share/incoming/season-" + (i % 40) + "/episode-" + i + ".mkv",
              1_000_000L + i,
              T0.plusNanos(i * 1_001L)));
    }
    return out;
  }

  @Test
  void measure() {
    String prefix = TestDatabases.uniquePrefix();
    try (SimplePool pool = TestDatabases.postgres();
        JdbcStorage s = JdbcStorage.builder(pool).tablePrefix(prefix).build()) {
      try {
        for (int round = 0; round < 3; round++) {
          TestDatabases.truncate(pool, prefix);
          List<SeenFile> batch = files(0, 10_000);
          long t = System.nanoTime();
          assertThat(s.files().claim("w", batch, T0)).hasSize(10_000);
          long claimNew = System.nanoTime() - t;
          t = System.nanoTime();
          assertThat(s.files().claim("w", batch, T0)).isEmpty();
          long claimKnown = System.nanoTime() - t;
          report(
              "claim of 10,000 new files in one call: %d ms; the same 10,000 again (none new): %d"
                  + " ms%n",
              claimNew / 1_000_000, claimKnown / 1_000_000);
        }
        for (int from = 10_000; from < 100_000; from += 10_000) {
          s.files().claim("w", files(from, 10_000), T0);
        }
        TestDatabases.run(pool, List.of("ANALYZE " + prefix + "watched_files"));
        for (int round = 0; round < 3; round++) {
          long t = System.nanoTime();
          int rows = 0;
          for (int page = 0; ; page++) {
            List<SeenFile> got = s.files().claimed("w", page, 10_000);
            rows += got.size();
            if (got.size() < 10_000) {
              break;
            }
          }
          assertThat(rows).isEqualTo(100_000);
          report(
              "claimed() of 100,000 rows in pages of 10,000: %d ms%n",
              (System.nanoTime() - t) / 1_000_000);
        }
        List<String> present = new ArrayList<>();
        for (SeenFile f : files(0, 100_000)) {
          present.add(f.path());
        }
        long t = System.nanoTime();
        assertThat(s.files().forgetMissing("w", present.subList(0, 99_000))).isEqualTo(1_000);
        report(
            "forgetMissing with 99,000 present of 100,000: %d ms%n",
            (System.nanoTime() - t) / 1_000_000);
      } finally {
        TestDatabases.drop(pool, prefix);
      }
    }
  }
}
