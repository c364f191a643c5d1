package io.mediaflow.benchmarks.watch;

import io.mediaflow.InMemoryStorage;
import io.mediaflow.api.rule.FileTrigger;
import io.mediaflow.api.rule.Rule;
import io.mediaflow.api.store.FileStateStore;
import io.mediaflow.internal.rule.watch.FileWatches;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The cost of rescanning a watched folder whose files did not change: {@code -Dfiles} (100,000)
 * small files in {@code -Dfolders} (100) sub-folders, all handled once, then {@code -Dreps} (10)
 * full listings. Prints the time and the bytes allocated per rescan (median, min, max), and the
 * heap the watch keeps (after a full GC, with the watch minus without it; the store's own state is
 * not counted). Drives {@link FileWatches} directly, a second of its time per tick, as the rule
 * loop does. Not JMH: each rescan is one long operation on real files. {@code
 * benchmarks/run-watch.sh}.
 */
public final class WatchRescanMain {

  private WatchRescanMain() {}

  /** Makes the folder, measures, removes it. */
  public static void main(String[] args) throws Exception {
    int files = Integer.getInteger("files", 100_000);
    int folders = Integer.getInteger("folders", 100);
    int reps = Integer.getInteger("reps", 10);
    Path root = Files.createTempDirectory("mediaflow-watch-rescan");
    try {
      long t = System.nanoTime();
      BenchFolders.write(root, "f", files, folders);
      System.out.printf(
          "wrote %,d files in %d folders under %s in %,d ms%n",
          files, folders, root, (System.nanoTime() - t) / 1_000_000);
      measure(root, files, reps);
    } finally {
      BenchFolders.delete(root);
    }
  }

  private static void measure(Path root, int files, int reps) {
    FileStateStore store = new InMemoryStorage().files();
    // the watch takes each tick's time as an argument; the clock only times its own listings
    Clock clock = Clock.systemUTC();
    Instant now = Instant.parse("2026-12-04T00:00:00Z");
    Rule rule =
        Rule.builder("bench")
            .trigger(
                FileTrigger.folder(root.toString())
                    .recursive(true)
                    .debounce(Duration.ZERO)
                    .rescan(Duration.ofSeconds(1)))
            .action("bench.noop", Map.of())
            .build();
    FileWatches.Firing none = (id, triggers, keys) -> {};

    FileWatches watches = new FileWatches(() -> store, clock, Path::of);
    long t = System.nanoTime();
    watches.sync(Map.of("bench", rule));
    int claimed = watches.tick(now, none);
    System.out.printf(
        "first listing: %,d files claimed in %,d ms%n",
        claimed, (System.nanoTime() - t) / 1_000_000);

    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long self = Thread.currentThread().getId();
    long[] nanos = new long[reps];
    long[] bytes = new long[reps];
    for (int r = 0; r < reps; r++) {
      now = now.plusSeconds(1);
      long a = threads.getThreadAllocatedBytes(self);
      long s = System.nanoTime();
      int fired = watches.tick(now, none);
      nanos[r] = System.nanoTime() - s;
      bytes[r] = threads.getThreadAllocatedBytes(self) - a;
      if (fired != 0) {
        throw new IllegalStateException("an unchanged folder fired " + fired + " files");
      }
      System.out.printf(
          "rescan %d: %,d ms, %,d KB allocated%n", r, nanos[r] / 1_000_000, bytes[r] / 1024);
    }
    System.out.printf(
        "rescan of %,d unchanged files: median %,d ms (min %,d, max %,d), median %,d KB allocated"
            + " (%d bytes per file)%n",
        files,
        BenchFolders.median(nanos) / 1_000_000,
        java.util.Arrays.stream(nanos).min().orElseThrow() / 1_000_000,
        java.util.Arrays.stream(nanos).max().orElseThrow() / 1_000_000,
        BenchFolders.median(bytes) / 1024,
        BenchFolders.median(bytes) / files);

    long with = BenchFolders.usedAfterGc();
    watches.close();
    long without = BenchFolders.usedAfterGc();
    System.out.printf(
        "heap kept by the watch: %,d KB (%d bytes per file)%n",
        (with - without) / 1024, (with - without) / files);

    FileWatches restarted = new FileWatches(() -> store, clock, Path::of);
    t = System.nanoTime();
    restarted.sync(Map.of("bench", rule));
    int again = restarted.tick(now.plusSeconds(1), none);
    System.out.printf(
        "restart (load %,d handled files, list the folder): %,d ms, %d fired%n",
        files, (System.nanoTime() - t) / 1_000_000, again);
    restarted.close();
  }
}
