package io.mediaflow.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.api.store.LibraryStore;
import io.mediaflow.testkit.SimplePool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How fast the media library's tag changes, moves and queries go on each database on this machine:
 * a measuring probe, not a test (its name keeps it out of the build's test run). Run it with {@code
 * mvn -pl mediaflow-jdbc-store -am verify -Dtest=LibraryStoreProbe
 * -Dsurefire.failIfNoSpecifiedTests=false}; its figures go to {@code
 * target/library-store-probe.txt}.
 */
class LibraryStoreProbe {

  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
  private static final int FILES = 2_000;
  private static final int QUERIES = 200;

  @TempDir Path dir;

  @Test
  void h2() {
    try (JdbcStorage s = JdbcStorage.h2(dir.resolve("probe"))) {
      probe("H2", s.library());
    }
  }

  @Test
  void postgresql() {
    try (SimplePool pool = TestDatabases.postgres()) {
      String prefix = TestDatabases.uniquePrefix();
      try (JdbcStorage s = JdbcStorage.builder(pool).tablePrefix(prefix).build()) {
        probe("PostgreSQL", s.library());
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
        probe("MariaDB", s.library());
      } finally {
        TestDatabases.drop(pool, prefix);
      }
    }
  }

  private static void probe(String database, LibraryStore library) {
    long start = System.nanoTime();
    for (int i = 0; i < FILES; i++) {
      library.tag(file(i), List.of("podcast", "t" + (i % 50)), List.of());
    }
    double tagsPerSecond = FILES / seconds(start);

    long[] pages = new long[QUERIES];
    for (int q = 0; q < QUERIES; q++) {
      long t = System.nanoTime();
      assertThat(library.filesTagged("podcast", q % 20, 100)).hasSize(100);
      pages[q] = System.nanoTime() - t;
    }
    long[] tagsOf = new long[QUERIES];
    for (int q = 0; q < QUERIES; q++) {
      long t = System.nanoTime();
      assertThat(library.tags(file(q * 7))).hasSize(2);
      tagsOf[q] = System.nanoTime() - t;
    }

    start = System.nanoTime();
    for (int i = 0; i < FILES / 4; i++) {
      library.moveFile(file(i), file(i) + ".moved");
    }
    double movesPerSecond = (FILES / 4) / seconds(start);

    start = System.nanoTime();
    for (int i = 0; i < FILES / 4; i++) {
      library.addToCollection("Probe", file(i), T0.plusSeconds(i));
    }
    double addsPerSecond = (FILES / 4) / seconds(start);

    String line =
        String.format(
            "%s: %,.0f tag changes/s (2 tags each), %,.0f file moves/s, %,.0f collection adds/s;"
                + " a page of 100 of %,d tagged files p50 %.2f ms, a file's tags p50 %.2f ms%n",
            database, tagsPerSecond, movesPerSecond, addsPerSecond, FILES, p50(pages), p50(tagsOf));
    try {
      Files.writeString(
          Path.of("target", "library-store-probe.txt"),
          line,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String file(int i) {
    return "/srv/media/shows/show-" + (i % 40) + "/episode-" + i + ".mp3";
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private static double p50(long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2] / 1e6;
  }
}
