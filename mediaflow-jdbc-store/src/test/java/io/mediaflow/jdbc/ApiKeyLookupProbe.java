package io.mediaflow.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.api.store.ApiScope;
import io.mediaflow.api.store.StoredApiKey;
import io.mediaflow.testkit.SimplePool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * How fast {@code apiKeys().byHash} (run on every request of the HTTP host, unless the engine's
 * 5-second cache answers) goes on an H2 file, the local PostgreSQL and the local MariaDB: 10,000
 * keys stored, then 20,000 look-ups of random known hashes on one thread and on 4 threads, three
 * rounds. A measuring probe, not a test (its name keeps it out of the build's test run). Run it
 * with {@code mvn -o -pl mediaflow-api,mediaflow-testkit,mediaflow-jdbc-store -am test
 * -Dtest=ApiKeyLookupProbe -Dsurefire.failIfNoSpecifiedTests=false}; it prints its figures and
 * writes them to {@code target/api-key-probe.txt}.
 */
class ApiKeyLookupProbe {

  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
  private static final int KEYS = 10_000;
  private static final int LOOKUPS = 20_000;

  @Test
  void measure() throws Exception {
    Path dir = Files.createTempDirectory("api-key-probe");
    try (JdbcStorage h2 = JdbcStorage.h2(dir.resolve("db"))) {
      measure("H2", h2);
    }
    String prefix = TestDatabases.uniquePrefix();
    try (SimplePool pool = TestDatabases.postgres()) {
      try (JdbcStorage pg = JdbcStorage.builder(pool).tablePrefix(prefix).build()) {
        measure("PostgreSQL", pg);
      } finally {
        TestDatabases.drop(pool, prefix);
      }
    }
    try (SimplePool pool = TestDatabases.mariadb()) {
      try (JdbcStorage maria = JdbcStorage.builder(pool).tablePrefix(prefix).build()) {
        measure("MariaDB", maria);
      } finally {
        TestDatabases.drop(pool, prefix);
      }
    }
  }

  private static void measure(String name, JdbcStorage s) throws Exception {
    List<String> hashes = new ArrayList<>();
    for (int i = 0; i < KEYS; i++) {
      String hash = HexFormat.of().toHexDigits(i * 2_654_435_761L).repeat(4);
      hashes.add(hash);
      s.apiKeys().add(new StoredApiKey("k" + i, "n", hash, ApiScope.READ, T0, null));
    }
    for (int round = 0; round < 3; round++) {
      for (int threads : new int[] {1, 4}) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
          long t = System.nanoTime();
          List<Future<?>> done = new ArrayList<>();
          for (int th = 0; th < threads; th++) {
            int first = th;
            done.add(
                pool.submit(
                    () -> {
                      for (int i = first; i < LOOKUPS; i += threads) {
                        String hash = hashes.get((int) ((i * 7_919L) % KEYS));
                        assertThat(s.apiKeys().byHash(hash)).isPresent();
                      }
                    }));
          }
          for (Future<?> f : done) {
            f.get();
          }
          long ns = System.nanoTime() - t;
          TestDatabases.report(
              "api-key-probe.txt",
              String.format(
                  "%s, %d keys, %d byHash on %d thread(s): %d ms, %.0f look-ups/s%n",
                  name, KEYS, LOOKUPS, threads, ns / 1_000_000, LOOKUPS * 1e9 / ns));
        } finally {
          pool.shutdown();
        }
      }
    }
  }
}
