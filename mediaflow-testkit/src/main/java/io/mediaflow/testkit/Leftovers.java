package io.mediaflow.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * What a stopped run may have left behind: FFmpeg processes still alive under this JVM, and files
 * in an output folder. A cancelled, timed-out or failed job must leave neither.
 *
 * {@snippet :
 * handle.cancel();
 * assertThat(Leftovers.ffmpegProcesses()).isEmpty();
 * assertThat(Leftovers.filesIn(outputFolder)).isEmpty();
 * }
 */
public final class Leftovers {

  private Leftovers() {}

  /** The live descendants of this JVM whose command is an {@code ffmpeg} or {@code ffprobe}. */
  public static List<ProcessHandle> ffmpegProcesses() {
    return ProcessHandle.current()
        .descendants()
        .filter(ProcessHandle::isAlive)
        .filter(p -> p.info().command().map(c -> c.contains("ffmpeg")).orElse(false))
        .toList();
  }

  /** Every file and folder below {@code folder}; empty when it does not exist. */
  public static List<Path> filesIn(Path folder) {
    Objects.requireNonNull(folder, "folder");
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(folder)) {
      return files.filter(p -> !p.equals(folder)).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + folder, e);
    }
  }
}
