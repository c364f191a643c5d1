package io.mediaflow.samples.templates;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.InMemoryStorage;
import io.mediaflow.InstalledTemplate;
import io.mediaflow.MediaFlow;
import io.mediaflow.Workspace;
import io.mediaflow.api.action.MediaItem;
import io.mediaflow.api.action.MediaSource;
import io.mediaflow.api.event.Event;
import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobState;
import io.mediaflow.ffmpeg.FfmpegBackend;
import io.mediaflow.testkit.FakeMediaSource;
import io.mediaflow.testkit.ManualClock;
import io.mediaflow.testkit.MediaFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The three shipped templates installed and run end to end: real FFmpeg on generated clips, the
 * testkit's fake media source, the manual clock and {@code rules().tick()} firing the schedules.
 */
class ShippedTemplatesTest {

  // a Thursday, a second past midnight: a schedule's first slot is the first after installing
  static final Instant T0 = Instant.parse("2026-01-01T00:00:01Z");
  static final String PLAYLIST = "fake://playlist/talks";

  static Path clip;
  static Path longClip;

  @TempDir Path dir;
  final ManualClock clock = ManualClock.at(T0);
  FakeMediaSource source;
  MediaFlow flow;

  @BeforeAll
  static void clips() {
    MediaFixtures.requireFfmpeg();
    clip = MediaFixtures.smallClip();
    longClip = MediaFixtures.clip720p(6);
  }

  @BeforeEach
  void start() throws IOException {
    byte[] media = Files.readAllBytes(clip);
    source =
        FakeMediaSource.builder()
            .playlist(
                PLAYLIST,
                MediaItem.of("a", "First", "fake://a"),
                MediaItem.of("b", "Second", "fake://b"))
            .content("a", media)
            .content("b", media)
            .content("c", media)
            .build();
    flow =
        MediaFlow.builder()
            .storage(new InMemoryStorage())
            .clock(clock)
            .runOnCallingThread()
            .workspace(Workspace.builder().baseDirectory(dir).build())
            .mediaBackend(FfmpegBackend.ofDefaults())
            .actionService(MediaSource.class, source)
            .build();
    flow.start();
  }

  @AfterEach
  void stop() {
    flow.close();
  }

  @Test
  void auto_download_playlist_fetches_new_items_at_each_check_and_tags_them() {
    InstalledTemplate installed =
        flow.templates()
            .install(
                "auto-download-playlist",
                Map.of("url", PLAYLIST, "cron", "0 */6 * * *", "limit", 10));
    assertThat(installed.rule().nextFireTime()).contains(Instant.parse("2026-01-01T06:00:00Z"));

    fireAt("2026-01-01T06:00:00Z");
    assertThat(source.fetched()).containsExactly("a", "b");
    Path a = dir.resolve("Downloads/a.mp4");
    assertThat(FfmpegBackend.ofDefaults().probe(a).duration().micros()).isPositive();
    assertThat(flow.library().tags(a)).containsExactly("auto-downloaded");

    source.add(PLAYLIST, MediaItem.of("c", "Third", "fake://c"));
    fireAt("2026-01-01T12:00:00Z");

    assertThat(source.fetched()).as("only the new item").containsExactly("a", "b", "c");
    assertThat(flow.library().tags(dir.resolve("Downloads/c.mp4")))
        .containsExactly("auto-downloaded");
    assertThat(flow.rules().runs("auto-download-playlist", 0, 10).items())
        .extracting(Job::state)
        .containsExactly(JobState.COMPLETED, JobState.COMPLETED);
  }

  @Test
  void convert_to_podcast_extracts_mp3_of_long_videos_only_into_the_month_folder()
      throws IOException {
    flow.templates().install("convert-to-podcast", Map.of("minDuration", 4, "bitrate", 128));
    Path talk = copy(longClip, "incoming/long-talk.mp4");
    Path teaser = copy(clip, "incoming/teaser.mp4");

    flow.events()
        .publish(Event.of("download.completed", clock.instant(), Map.of("path", talk.toString())));
    flow.events()
        .publish(
            Event.of("download.completed", clock.instant(), Map.of("path", teaser.toString())));
    flow.runDueJobs();

    Path mp3 = dir.resolve("Podcasts/2026-01/long-talk.mp3");
    assertThat(mp3).isNotEmptyFile();
    assertThat(FfmpegBackend.ofDefaults().probe(mp3).duration().micros())
        .isBetween(5_500_000L, 6_500_000L);
    assertThat(flow.library().tags(mp3)).containsExactly("auto-converted", "podcast");
    assertThat(dir.resolve("incoming/teaser.mp3")).doesNotExist();
    assertThat(tree(dir.resolve("Podcasts"))).containsExactly("2026-01/long-talk.mp3");
    assertThat(flow.rules().runs("convert-to-podcast", 0, 10).items())
        .as("the short teaser fires no run")
        .hasSize(1);
    assertThat(flow.rules().runs("convert-to-podcast", 0, 10).items().get(0).state())
        .isEqualTo(JobState.COMPLETED);
  }

  @Test
  void archive_old_downloads_moves_files_older_than_the_limit_by_the_runs_month()
      throws IOException {
    Instant run = Instant.parse("2026-01-04T02:00:00Z"); // the first Sunday 02:00 after T0
    Path old = aged(copy(clip, "Downloads/old.mp4"), run.minus(Duration.ofDays(100)));
    aged(copy(clip, "Downloads/shows/older.mkv"), run.minus(Duration.ofDays(91)));
    aged(copy(clip, "Downloads/recent.mp4"), run.minus(Duration.ofDays(10)));
    aged(copy(clip, "Downloads/.hidden.mp4"), run.minus(Duration.ofDays(400)));
    flow.library().tag(old, List.of("keep"), List.of());
    InstalledTemplate installed = flow.templates().install("archive-old-downloads", Map.of());
    assertThat(installed.rule().nextFireTime()).contains(run);

    fireAt(run.toString());

    assertThat(tree(dir.resolve("Archive")))
        .containsExactlyInAnyOrder("2026/01/old.mp4", "2026/01/older.mkv");
    assertThat(tree(dir.resolve("Downloads")))
        .containsExactlyInAnyOrder("recent.mp4", ".hidden.mp4");
    assertThat(flow.library().tags(dir.resolve("Archive/2026/01/old.mp4")))
        .as("the library follows the file")
        .containsExactly("keep");
  }

  /** Sets the clock to a slot, fires what is due and runs it to the end. */
  private void fireAt(String instant) {
    clock.set(Instant.parse(instant));
    assertThat(flow.rules().tick()).isEqualTo(1);
    flow.runDueJobs();
    for (Job j : flow.dead()) {
      throw new AssertionError("dead run: " + j.error());
    }
  }

  private Path copy(Path from, String to) throws IOException {
    Path target = dir.resolve(to);
    Files.createDirectories(target.getParent());
    return Files.copy(from, target, StandardCopyOption.REPLACE_EXISTING);
  }

  private static Path aged(Path file, Instant modified) throws IOException {
    Files.setLastModifiedTime(file, FileTime.from(modified));
    return file;
  }

  private static List<String> tree(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(Files::isRegularFile)
          .filter(p -> !p.getFileName().toString().startsWith(".mediaflow"))
          .map(p -> root.relativize(p).toString())
          .sorted()
          .toList();
    }
  }
}
