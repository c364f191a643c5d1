package io.mediaflow.benchmarks.watch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Folders and files of the watched-folder benchmarks, made and removed for real. */
final class BenchFolders {

  private BenchFolders() {}

  /** Writes {@code n} small files spread over {@code folders} sub-folders of {@code root}. */
  static void write(Path root, String prefix, int n, int folders) throws IOException {
    for (int i = 0; i < n; i++) {
      Path folder = folders <= 1 ? root : root.resolve("d" + (i % folders));
      if (i < folders || folders <= 1 && i == 0) {
        Files.createDirectories(folder);
      }
      Files.writeString(folder.resolve(prefix + i + ".ts"), prefix + i);
    }
  }

  /** Removes a folder and everything in it. */
  static void delete(Path root) {
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The heap in use after a few full collections. */
  static long usedAfterGc() {
    Runtime runtime = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return runtime.totalMemory() - runtime.freeMemory();
  }

  static long median(long[] values) {
    long[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
