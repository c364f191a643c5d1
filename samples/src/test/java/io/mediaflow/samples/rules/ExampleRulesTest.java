package io.mediaflow.samples.rules;

import static io.mediaflow.samples.rules.RuleBench.aged;
import static io.mediaflow.samples.rules.RuleBench.tree;
import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.MediaFlow;
import io.mediaflow.RegisteredRule;
import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobState;
import io.mediaflow.ffmpeg.FfmpegBackend;
import io.mediaflow.testkit.MediaFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ExampleRules}, the specification's two example rules, running for real: FFmpeg on clips
 * generated with lavfi, the sample {@link FolderChannelSource}, the manual clock and {@code
 * rules().tick()} for the six-hourly schedule.
 */
class ExampleRulesTest {

  // a second past midnight on the last day of March: the schedule's first slot is 06:00
  static final Instant T0 = Instant.parse("2026-03-31T00:00:01Z");

  @TempDir Path dir;
  Path media;
  Path channels;
  RuleBench bench;
  MediaFlow flow;
  Path clip;

  @BeforeEach
  void start() throws IOException {
    MediaFixtures.requireFfmpeg();
    clip = MediaFixtures.smallClip();
    media = Files.createDirectories(dir.resolve("media"));
    channels = Files.createDirectories(dir.resolve("channels"));
    bench = new RuleBench(media, T0, new FolderChannelSource(channels));
    flow = bench.flow;
  }

  @AfterEach
  void stop() {
    bench.close();
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

    bench.fireAt("2026-03-31T06:00:00Z");
    assertThat(tree(media.resolve("Channels"))).containsExactly("keynote.mp4");
    Path keynote = media.resolve("Channels/keynote.mp4");
    assertThat(flow.library().tags(keynote)).containsExactly("auto-downloaded");
    assertThat(FfmpegBackend.ofDefaults().probe(keynote).duration().micros()).isPositive();

    upload("talks/panel.mp4", Instant.parse("2026-03-31T09:00:00Z"));
    Files.delete(keynote); // watched and removed by the user: not downloaded again
    bench.fireAt("2026-03-31T12:00:00Z");

    assertThat(tree(media.resolve("Channels")))
        .as("the new video only")
        .containsExactly("panel.mp4");
    assertThat(flow.library().tags(media.resolve("Channels/panel.mp4")))
        .containsExactly("auto-downloaded");
    assertThat(flow.rules().runs("favourite-1", 0, 10).items())
        .extracting(Job::state)
        .containsExactly(JobState.COMPLETED, JobState.COMPLETED);
  }

  @Test
  void long_talks_become_mp3s_under_the_month_of_the_run() throws IOException {
    ExampleRules.longVideosToPodcast(flow, Duration.ofSeconds(4));
    Path talk = MediaFixtures.clip720p(6);
    bench.downloaded(bench.copy(talk, "downloads/builders.mp4"), "Interview with builders");
    bench.downloaded(bench.copy(talk, "downloads/concert.mp4"), "Live concert");
    bench.downloaded(bench.copy(clip, "downloads/teaser.mp4"), "Talk teaser");
    // the runs start on the last day of March; April has begun when they are done
    bench.clock.advance(Duration.ofDays(1));
    flow.runDueJobs();

    assertThat(tree(media.resolve("Podcasts"))).containsExactly("2026-03/builders.mp3");
    assertThat(
            FfmpegBackend.ofDefaults()
                .probe(media.resolve("Podcasts/2026-03/builders.mp3"))
                .duration()
                .micros())
        .isBetween(5_500_000L, 6_500_000L);
    assertThat(flow.rules().runs(ExampleRules.PODCAST_WORKFLOW, 0, 10).items())
        .as("only the long talk fired a run")
        .singleElement()
        .extracting(Job::state)
        .isEqualTo(JobState.COMPLETED);
  }

  private void upload(String name, Instant published) throws IOException {
    aged(RuleBench.copy(clip, channels, name), published);
  }
}
