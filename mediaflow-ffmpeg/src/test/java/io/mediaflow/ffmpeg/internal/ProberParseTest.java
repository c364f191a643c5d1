package io.mediaflow.ffmpeg.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.media.MediaDuration;
import io.mediaflow.api.media.MediaInfo;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProberParseTest {

  private static final Path FILE = Path.of("/media/in.mp4");

  @Test
  void reads_string_numbers_fractions_tags_and_languages() {
    String json =
        """
        {"streams": [
          {"index": 0, "codec_name": "h264", "codec_type": "video", "width": 1920,
           "height": 1080, "pix_fmt": "yuv420p", "r_frame_rate": "30000/1001",
           "avg_frame_rate": "30000/1001", "duration": "12.012000", "nb_frames": "360",
           "disposition": {"attached_pic": 0}, "tags": {"language": "und"}},
          {"index": 1, "codec_name": "aac", "codec_type": "audio", "sample_rate": "48000",
           "channels": 2, "duration": "N/A", "tags": {"language": "eng"}},
          {"index": 2, "codec_name": "mov_text", "codec_type": "subtitle",
           "tags": {"language": "fra"}},
          {"index": 3, "codec_type": "data"}
        ],
        "format": {"format_name": "mov,mp4,m4a,3gp,3g2,mj2", "duration": "12.012000",
          "size": "1048576", "bit_rate": "N/A", "tags": {"title": "A \\"quoted\\" title \\u00e9"}}}
        """;

    MediaInfo info = Prober.parse(FILE, json);

    assertThat(info.container()).isEqualTo("mov,mp4,m4a,3gp,3g2,mj2");
    assertThat(info.duration()).isEqualTo(MediaDuration.ofMicros(12_012_000));
    assertThat(info.sizeBytes()).isEqualTo(1_048_576);
    assertThat(info.bitRate()).isZero();
    assertThat(info.video())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.width()).isEqualTo(1920);
              assertThat(v.fps()).isCloseTo(29.97, org.assertj.core.data.Offset.offset(0.001));
              assertThat(v.pixelFormat()).isEqualTo("yuv420p");
            });
    assertThat(info.audio())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.sampleRate()).isEqualTo(48000);
              assertThat(a.channels()).isEqualTo(2);
              assertThat(a.language()).isEqualTo("eng");
            });
    assertThat(info.subtitles())
        .singleElement()
        .satisfies(s -> assertThat(s.language()).isEqualTo("fra"));
    assertThat(info.tags()).isEqualTo(Map.of("title", "A \"quoted\" title é"));
  }

  @Test
  void a_single_picture_has_zero_duration_and_zero_fps() {
    String json =
        """
        {"streams": [{"index": 0, "codec_name": "png", "codec_type": "video", "width": 320,
          "height": 240, "r_frame_rate": "25/1", "avg_frame_rate": "0/0"}],
         "format": {"format_name": "png_pipe", "size": "8828"}}
        """;

    MediaInfo info = Prober.parse(FILE, json);

    assertThat(info.duration()).isEqualTo(MediaDuration.ZERO);
    assertThat(info.isStillImage()).isTrue();
    assertThat(info.primaryVideo().orElseThrow().fps()).isZero();
  }

  @Test
  void cover_art_in_an_audio_file_is_not_a_video_track() {
    String json =
        """
        {"streams": [
          {"index": 0, "codec_name": "mp3", "codec_type": "audio", "sample_rate": "44100",
           "channels": 2},
          {"index": 1, "codec_name": "mjpeg", "codec_type": "video", "width": 500,
           "height": 500, "disposition": {"attached_pic": 1}}],
         "format": {"format_name": "mp3", "duration": "3.5"}}
        """;

    MediaInfo info = Prober.parse(FILE, json);

    assertThat(info.video()).isEmpty();
    assertThat(info.duration()).isEqualTo(MediaDuration.ofMillis(3500));
  }

  @Test
  void falls_back_to_the_longest_stream_when_the_format_has_no_duration() {
    String json =
        """
        {"streams": [{"index": 0, "codec_type": "audio", "duration": "2.5"},
                     {"index": 1, "codec_type": "audio", "duration": "4"}],
         "format": {"format_name": "ogg", "duration": "N/A"}}
        """;

    assertThat(Prober.parse(FILE, json).duration()).isEqualTo(MediaDuration.ofSeconds(4));
  }

  @Test
  void a_file_without_tracks_is_invalid_input() {
    assertThatThrownBy(
            () -> Prober.parse(FILE, "{\"streams\": [], \"format\": {\"format_name\": \"tty\"}}"))
        .isInstanceOf(MediaFlowException.class)
        .satisfies(
            e -> assertThat(((MediaFlowException) e).code()).isEqualTo(ErrorCode.INPUT_INVALID))
        .hasMessageContaining("/media/in.mp4")
        .hasMessageContaining("tty");
  }

  @Test
  void rates_and_numbers_are_lenient() {
    assertThat(Prober.rate("30000/1001"))
        .hasValueSatisfying(r -> assertThat(r).isBetween(29.97, 29.98));
    assertThat(Prober.rate("0/0")).isEmpty();
    assertThat(Prober.rate("N/A")).isEmpty();
    assertThat(Prober.rate("25")).contains(25.0);
    assertThat(Prober.number("N/A")).isEmpty();
    assertThat(Prober.number(" 12 ")).contains(12.0);
    assertThat(Prober.number("junk")).isEmpty();
  }

  @Test
  void keeps_every_microsecond_and_byte_of_values_past_double_precision() {
    // 2^53 + 1 cannot be a double: read as one, the size and the duration would be off by one
    String json =
        """
        {"streams": [{"index": 0, "codec_type": "audio", "duration": "9007199254.740993"}],
         "format": {"format_name": "wav", "duration": "9007199254.740993",
                    "size": "9007199254740993", "bit_rate": 9007199254740993}}
        """;

    MediaInfo info = Prober.parse(FILE, json);

    assertThat(info.duration()).isEqualTo(MediaDuration.ofMicros(9_007_199_254_740_993L));
    assertThat(info.sizeBytes()).isEqualTo(9_007_199_254_740_993L);
    assertThat(info.bitRate()).isEqualTo(9_007_199_254_740_993L);
  }

  @Test
  void rounds_a_duration_to_the_nearest_microsecond_half_up() {
    assertThat(Prober.micros(new BigDecimal("0.0000015"))).isEqualTo(2);
    assertThat(Prober.micros(new BigDecimal("0.0000014999"))).isEqualTo(1);
    assertThat(Prober.micros(new BigDecimal("12.012000"))).isEqualTo(12_012_000);
    assertThat(Prober.micros(new BigDecimal("-1"))).isZero();
    assertThat(Prober.micros(new BigDecimal("1e-999999999"))).isZero();
    assertThat(Prober.micros(new BigDecimal("1e999999999"))).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void numbers_and_strings_read_alike_and_junk_reads_as_unknown() {
    String json =
        """
        {"streams": [{"index": "0", "codec_type": "video", "width": 640, "height": "480",
                      "avg_frame_rate": "25/1", "duration": 2.5},
                     {"index": 1, "codec_type": "audio", "sample_rate": "junk", "channels": 1e99999}],
         "format": {"format_name": "matroska,webm", "duration": "n/a", "size": true,
                    "tags": {"encoder": "Lavf", "n": 5, "none": null}}}
        """;

    MediaInfo info = Prober.parse(FILE, json);

    assertThat(info.duration()).isEqualTo(MediaDuration.ofMillis(2500));
    assertThat(info.video().get(0).width()).isEqualTo(640);
    assertThat(info.video().get(0).height()).isEqualTo(480);
    assertThat(info.audio().get(0).sampleRate()).isZero();
    assertThat(info.audio().get(0).channels()).isZero();
    assertThat(info.sizeBytes()).isZero();
    assertThat(info.tags()).containsEntry("encoder", "Lavf").containsEntry("n", "5");
  }

  @Test
  void output_nested_too_deep_is_invalid_input_not_a_stack_overflow() {
    String deep = "{\"streams\": " + "[".repeat(200_000) + "]".repeat(200_000) + "}";

    assertThatThrownBy(() -> Prober.parse(FILE, deep))
        .isInstanceOfSatisfying(
            MediaFlowException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INPUT_INVALID))
        .hasMessageContaining("nesting depth");
  }

  @Test
  void output_that_is_not_json_is_invalid_input_naming_where() {
    for (String bad :
        List.of("{\"streams\": }", "{} x", "", "{\"format\": {\"duration\": 1e99999999999}}")) {
      assertThatThrownBy(() -> Prober.parse(FILE, bad))
          .as(bad)
          .isInstanceOfSatisfying(
              MediaFlowException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.INPUT_INVALID))
          .hasMessageContaining("ffprobe's description of /media/in.mp4 could not be read");
    }
    assertThatThrownBy(() -> Prober.parse(FILE, "{\"streams\": }"))
        .hasMessageContaining("at line 1, column 13");
  }
}
