package io.mediaflow.samples.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.InMemoryStorage;
import io.mediaflow.MediaFlow;
import io.mediaflow.Workspace;
import io.mediaflow.api.action.MediaSource;
import io.mediaflow.api.event.Event;
import io.mediaflow.api.job.Job;
import io.mediaflow.ffmpeg.FfmpegBackend;
import io.mediaflow.testkit.ManualClock;
import io.mediaflow.testkit.MediaFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * An engine for the rule samples' tests: real FFmpeg, a media source, the manual clock, work run on
 * the calling thread; schedules fired with {@link #fireAt}, events with {@link #publish}.
 */
final class RuleBench implements AutoCloseable {

  final Path base;
  final ManualClock clock;
  final MediaFlow flow;

  /** Fails the test in CI and skips it elsewhere when FFmpeg is missing. */
  RuleBench(Path base, Instant start, MediaSource source) {
    MediaFixtures.requireFfmpeg();
    this.base = base;
    this.clock = ManualClock.at(start);
    this.flow =
        MediaFlow.builder()
            .storage(new InMemoryStorage())
            .clock(clock)
            .runOnCallingThread()
            .workspace(Workspace.builder().baseDirectory(base).build())
            .mediaBackend(FfmpegBackend.ofDefaults())
            .actionService(MediaSource.class, source)
            .build();
    flow.start();
  }

  /** Sets the clock to a slot, fires the one rule due and runs its work to the end. */
  void fireAt(String instant) {
    clock.set(Instant.parse(instant));
    assertThat(flow.rules().tick()).isEqualTo(1);
    flow.runDueJobs();
    for (Job j : flow.dead()) {
      throw new AssertionError("dead run: " + j.error());
    }
  }

  /**
   * Publishes a {@code download.completed} event for {@code file}, as a host's downloader would.
   */
  void downloaded(Path file, String title) {
    flow.events()
        .publish(
            Event.of(
                "download.completed",
                clock.instant(),
                Map.of("path", file.toString(), "title", title)));
  }

  /** Copies {@code from} to {@code to} under the base folder, making its folders. */
  Path copy(Path from, String to) throws IOException {
    return copy(from, base, to);
  }

  static Path copy(Path from, Path root, String to) throws IOException {
    Path target = root.resolve(to);
    Files.createDirectories(target.getParent());
    return Files.copy(from, target);
  }

  static Path aged(Path file, Instant modified) throws IOException {
    Files.setLastModifiedTime(file, FileTime.from(modified));
    return file;
  }

  /** The files under {@code root}, relative and sorted, without mediaflow's own hidden files. */
  static List<String> tree(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(Files::isRegularFile)
          .filter(p -> !p.getFileName().toString().startsWith(".mediaflow"))
          .map(p -> root.relativize(p).toString())
          .sorted()
          .toList();
    }
  }

  @Override
  public void close() {
    flow.close();
  }
}
