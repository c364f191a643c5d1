package io.mediaflow.samples.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.InMemoryStorage;
import io.mediaflow.MediaFlow;
import io.mediaflow.RegisteredRule;
import io.mediaflow.Workspace;
import io.mediaflow.api.action.MediaSource;
import io.mediaflow.api.event.Event;
import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobState;
import io.mediaflow.ffmpeg.FfmpegBackend;
import io.mediaflow.testkit.ManualClock;
import io.mediaflow.testkit.MediaFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * {@link ExampleRules}, the specification's two example rules, running for real: FFmpeg on clips
 * generated with lavfi, the sample {@link FolderChannelSource}, the manual clock and {@code
 * rules().tick()} for the six-hourly schedule.
 */
class ExampleRulesTest {

  // a second past midnight: the schedule's first slot is 06:00
  static final Instant T0 = Instant.parse("2026-03-31T00:00:01Z");

  static Path clip;
  static Path talk;

  @TempDir Path dir;
  Path media;
  Path channels;
  final ManualClock clock = ManualClock.at(T0);
  MediaFlow flow;

  @BeforeAll
  static void clips() {
    MediaFixtures.requireFfmpeg();
    clip = MediaFixtures.smallClip();
    talk = MediaFixtures.clip720p(6);
  }

  @BeforeEach
  void start() throws IOException {
    media = Files.createDirectories(dir.resolve("media"));
    channels = Files.createDirectories(dir.resolve("channels"));
    flow =
        MediaFlow.builder()
            .storage(new InMemoryStorage())
            .clock(clock)
            .runOnCallingThread()
            .workspace(Workspace.builder().baseDirectory(media).build())
            .mediaBackend(FfmpegBackend.ofDefaults())
            .actionService(MediaSource.class, new FolderChannelSource(channels))
            .build();
    flow.start();
  }

  @AfterEach
  void stop() {
    flow.close();
  }

  @Test
  void favourite_channels_are_checked_every_six_hours_and_only_new_videos_are_downloaded()
      throws IOException {
    upload("talks/keynote.mp4", T0.minus(Duration.ofDays(1)));
    upload("music/song.mp4", T0.minus(Duration.ofDays(1)));
    List<RegisteredRule> rules =
        ExampleRules.favouriteChannels(
            flow,
            List.of(
                new ExampleRules.Channel("folder://talks", true),
                new ExampleRules.Channel("folder://music", false)));

    assertThat(rules).extracting(RegisteredRule::id).containsExactly("favourite-1");
    assertThat(rules.get(0).nextFireTime()).contains(Instant.parse("2026-03-31T06:00:00Z"));

    fireAt("2026-03-31T06:00:00Z");
    assertThat(downloaded()).containsExactly("keynote.mp4");
    assertThat(flow.library().tags(media.resolve("Channels/keynote.mp4")))
        .containsExactly("auto-downloaded");
    assertThat(FfmpegBackend.ofDefaults().probe(media.resolve("Channels/keynote.mp4")).duration())
        .isNotNull();

    upload("talks/panel.mp4", Instant.parse("2026-03-31T09:00:00Z"));
    Files.delete(media.resolve("Channels/keynote.mp4")); // watched and removed by the user
    fireAt("2026-03-31T12:00:00Z");

    assertThat(downloaded()).as("the new video only").containsExactly("panel.mp4");
    assertThat(flow.library().tags(media.resolve("Channels/panel.mp4")))
        .containsExactly("auto-downloaded");
    assertThat(flow.rules().runs("favourite-1", 0, 10).items())
        .extracting(Job::state)
        .containsExactly(JobState.COMPLETED, JobState.COMPLETED);
  }

  @Test
  void long_talks_become_mp3s_under_the_month_of_the_run() throws IOException {
    ExampleRules.longVideosToPodcast(flow, Duration.ofSeconds(4));
    Path longTalk = copy(talk, "downloads/builders.mp4");
    Path longMusic = copy(talk, "downloads/concert.mp4");
    Path shortTalk = copy(clip, "downloads/teaser.mp4");

    completed(longTalk, "Interview with builders");
    completed(longMusic, "Live concert");
    completed(shortTalk, "Talk teaser");
    // the runs start on the last day of March; April has begun when they are done
    clock.advance(Duration.ofDays(1));
    flow.runDueJobs();

    Path mp3 = media.resolve("Podcasts/2026-03/builders.mp3");
    assertThat(mp3).isNotEmptyFile();
    assertThat(FfmpegBackend.ofDefaults().probe(mp3).duration().micros())
        .isBetween(5_500_000L, 6_500_000L);
    try (Stream<Path> files = Files.walk(media.resolve("Podcasts"))) {
      assertThat(files.filter(Files::isRegularFile).toList()).containsExactly(mp3);
    }
    assertThat(flow.rules().runs(ExampleRules.PODCAST_WORKFLOW, 0, 10).items())
        .as("only the long talk fired a run")
        .singleElement()
        .extracting(Job::state)
        .isEqualTo(JobState.COMPLETED);
  }

  private void completed(Path file, String title) {
    flow.events()
        .publish(
            Event.of(
                "download.completed",
                clock.instant(),
                Map.of("path", file.toString(), "title", title)));
  }

  private void fireAt(String instant) {
    clock.set(Instant.parse(instant));
    assertThat(flow.rules().tick()).isEqualTo(1);
    flow.runDueJobs();
  }

  private void upload(String name, Instant published) throws IOException {
    Path file = copy(clip, channels, name);
    Files.setLastModifiedTime(file, FileTime.from(published));
  }

  private Path copy(Path from, String to) throws IOException {
    return copy(from, media, to);
  }

  private static Path copy(Path from, Path root, String to) throws IOException {
    Path target = root.resolve(to);
    Files.createDirectories(target.getParent());
    return Files.copy(from, target);
  }

  private List<String> downloaded() throws IOException {
    try (Stream<Path> files = Files.list(media.resolve("Channels"))) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> !n.startsWith("."))
          .sorted()
          .toList();
    }
  }
}
