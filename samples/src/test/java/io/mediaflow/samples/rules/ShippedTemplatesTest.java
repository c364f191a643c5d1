package io.mediaflow.samples.rules;

import static io.mediaflow.samples.rules.RuleBench.aged;
import static io.mediaflow.samples.rules.RuleBench.tree;
import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.InstalledTemplate;
import io.mediaflow.MediaFlow;
import io.mediaflow.api.action.MediaItem;
import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobState;
import io.mediaflow.ffmpeg.FfmpegBackend;
import io.mediaflow.testkit.FakeMediaSource;
import io.mediaflow.testkit.MediaFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
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

  @TempDir Path dir;
  FakeMediaSource source;
  RuleBench bench;
  MediaFlow flow;
  Path clip;

  @BeforeEach
  void start() throws IOException {
    MediaFixtures.requireFfmpeg();
    clip = MediaFixtures.smallClip();
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
    bench = new RuleBench(dir, T0, source);
    flow = bench.flow;
  }

  @AfterEach
  void stop() {
    bench.close();
  }

  @Test
  void auto_download_playlist_fetches_new_items_at_each_check_and_tags_them() {
    InstalledTemplate installed =
        flow.templates()
            .install(
                "auto-download-playlist",
                Map.of("url", PLAYLIST, "cron", "0 */6 * * *", "limit", 10));
    assertThat(installed.rule().nextFireTime()).contains(Instant.parse("2026-01-01T06:00:00Z"));

    bench.fireAt("2026-01-01T06:00:00Z");
    assertThat(source.fetched()).containsExactly("a", "b");
    Path a = dir.resolve("Downloads/a.mp4");
    assertThat(FfmpegBackend.ofDefaults().probe(a).duration().micros()).isPositive();
    assertThat(flow.library().tags(a)).containsExactly("auto-downloaded");

    source.add(PLAYLIST, MediaItem.of("c", "Third", "fake://c"));
    bench.fireAt("2026-01-01T12:00:00Z");

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
    Path talk = bench.copy(MediaFixtures.clip720p(6), "incoming/long-talk.mp4");
    Path teaser = bench.copy(clip, "incoming/teaser.mp4");

    bench.downloaded(talk, "Long talk");
    bench.downloaded(teaser, "Teaser");
    flow.runDueJobs();

    Path mp3 = dir.resolve("Podcasts/2026-01/long-talk.mp3");
    assertThat(FfmpegBackend.ofDefaults().probe(mp3).duration().micros())
        .isBetween(5_500_000L, 6_500_000L);
    assertThat(flow.library().tags(mp3)).containsExactly("auto-converted", "podcast");
    assertThat(tree(dir.resolve("Podcasts"))).containsExactly("2026-01/long-talk.mp3");
    assertThat(flow.rules().runs("convert-to-podcast", 0, 10).items())
        .as("the short teaser fires no run")
        .singleElement()
        .extracting(Job::state)
        .isEqualTo(JobState.COMPLETED);
  }

  @Test
  void archive_old_downloads_moves_files_older_than_the_limit_by_the_runs_month()
      throws IOException {
    Instant run = Instant.parse("2026-01-04T02:00:00Z"); // the first Sunday 02:00 after T0
    Path old = aged(bench.copy(clip, "Downloads/old.mp4"), run.minus(Duration.ofDays(100)));
    aged(bench.copy(clip, "Downloads/shows/older.mkv"), run.minus(Duration.ofDays(91)));
    aged(bench.copy(clip, "Downloads/recent.mp4"), run.minus(Duration.ofDays(10)));
    aged(bench.copy(clip, "Downloads/.hidden.mp4"), run.minus(Duration.ofDays(400)));
    flow.library().tag(old, List.of("keep"), List.of());
    InstalledTemplate installed = flow.templates().install("archive-old-downloads", Map.of());
    assertThat(installed.rule().nextFireTime()).contains(run);

    bench.fireAt(run.toString());

    assertThat(tree(dir.resolve("Archive")))
        .containsExactly("2026/01/old.mp4", "2026/01/older.mkv");
    assertThat(tree(dir.resolve("Downloads"))).containsExactly(".hidden.mp4", "recent.mp4");
    assertThat(flow.library().tags(dir.resolve("Archive/2026/01/old.mp4")))
        .as("the library follows the file")
        .containsExactly("keep");
  }
}
