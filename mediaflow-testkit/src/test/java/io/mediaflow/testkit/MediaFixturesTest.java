package io.mediaflow.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MediaFixturesTest {

  @BeforeAll
  static void ffmpeg() {
    MediaFixtures.requireFfmpeg();
  }

  @Test
  void small_clip_is_generated_once_and_reused() throws IOException {
    Path first = MediaFixtures.smallClip();
    Path second = MediaFixtures.smallClip();

    assertThat(first).isSameAs(second).isRegularFile();
    assertThat(Files.size(first)).isPositive();
    assertThat(first.getParent()).isEqualTo(MediaFixtures.directory());
  }

  @Test
  void clip_has_the_requested_size_and_tracks() throws Exception {
    Path clip =
        MediaFixtures.clip(MediaFixtures.Spec.builder().size(160, 120).fps(10).seconds(1).build());

    assertThat(ffprobe(clip, "stream=codec_type,width,height"))
        .contains("video,160,120")
        .contains("audio");
  }

  @Test
  void silent_clip_has_no_audio_and_audio_only_has_no_video() throws Exception {
    assertThat(ffprobe(MediaFixtures.silentClip(), "stream=codec_type"))
        .contains("video")
        .doesNotContain("audio");
    assertThat(ffprobe(MediaFixtures.audioOnly(), "stream=codec_type"))
        .contains("audio")
        .doesNotContain("video");
  }

  @Test
  void still_image_is_a_png() throws Exception {
    Path still = MediaFixtures.stillImage();

    assertThat(still.getFileName().toString()).endsWith(".png");
    assertThat(ffprobe(still, "stream=codec_name")).contains("png");
  }

  @Test
  void corrupt_file_is_random_bytes_with_an_mp4_name() throws IOException {
    Path corrupt = MediaFixtures.corruptFile();

    assertThat(corrupt.getFileName().toString()).isEqualTo("corrupt.mp4");
    assertThat(Files.size(corrupt)).isEqualTo(4096);
  }

  @Test
  void rejects_a_spec_without_any_track() {
    assertThatThrownBy(() -> MediaFixtures.Spec.builder().noAudio().noVideo().build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("both were 'none'");
  }

  @Test
  void rejects_a_spec_with_a_non_positive_size() {
    assertThatThrownBy(() -> MediaFixtures.Spec.builder().size(0, 240).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0x240");
  }

  private static String ffprobe(Path file, String entries) throws Exception {
    Process p =
        new ProcessBuilder(
                List.of(
                    MediaFixtures.ffprobe().orElseThrow().toString(),
                    "-v",
                    "error",
                    "-show_entries",
                    entries,
                    "-of",
                    "csv=p=0",
                    file.toString()))
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return out;
  }
}
