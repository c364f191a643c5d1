package io.mediaflow.ffmpeg.internal.operators;

import static io.mediaflow.ffmpeg.internal.operators.OperatorFixtures.PATH;
import static io.mediaflow.ffmpeg.internal.operators.OperatorFixtures.audioOnly;
import static io.mediaflow.ffmpeg.internal.operators.OperatorFixtures.bind;
import static io.mediaflow.ffmpeg.internal.operators.OperatorFixtures.clip;
import static io.mediaflow.ffmpeg.internal.operators.OperatorFixtures.params;
import static io.mediaflow.ffmpeg.internal.operators.OperatorFixtures.silent;
import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.Violation;
import io.mediaflow.api.media.MediaDuration;
import io.mediaflow.api.media.MediaInfo;
import io.mediaflow.api.media.StreamType;
import io.mediaflow.api.operator.CompileContext;
import io.mediaflow.api.operator.FilterFragment;
import io.mediaflow.api.operator.PadRef;
import io.mediaflow.api.operator.ParamBinder;
import io.mediaflow.api.operator.Params;
import io.mediaflow.api.operator.ValidationContext;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrimOperatorTest {

  private final TrimOperator trim = new TrimOperator();
  private final ValidationContext ctx = new ValidationContext(PATH);

  @Test
  void is_named_trim_and_reads_one_input() {
    assertThat(trim.name()).isEqualTo("trim");
    assertThat(trim.descriptor().minInputs()).isEqualTo(1);
    assertThat(trim.descriptor().maxInputs()).isEqualTo(1);
    assertThat(trim.descriptor().paramNames()).containsExactly("start", "duration", "end");
  }

  @Test
  void start_defaults_to_zero_and_accepts_every_duration_form() {
    Params p = params(trim, Map.of("duration", "1m30s"));
    assertThat(p.getDuration("start")).isEqualTo(MediaDuration.ZERO);
    assertThat(p.getDuration("duration")).isEqualTo(MediaDuration.ofSeconds(90));

    assertThat(params(trim, Map.of("start", "00:00:02.5")).getDuration("start"))
        .isEqualTo(MediaDuration.ofMillis(2500));
  }

  @Test
  void rejects_a_value_that_is_not_a_duration_at_its_path() {
    ParamBinder.Result result = bind(trim, Map.of("start", "soon"));

    assertThat(result.violations())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.code()).isEqualTo(ErrorCode.WRONG_TYPE);
              assertThat(v.path()).isEqualTo(PATH + ".start");
              assertThat(v.message()).contains("\"soon\"");
            });
  }

  @Test
  void rejects_a_zero_duration() {
    ParamBinder.Result result = bind(trim, Map.of("duration", 0));

    assertThat(result.violations())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.code()).isEqualTo(ErrorCode.INVALID_VALUE);
              assertThat(v.path()).isEqualTo(PATH + ".duration");
            });
  }

  @Test
  void rejects_duration_and_end_together() {
    List<Violation> violations = trim.validate(params(trim, Map.of("duration", 5, "end", 10)), ctx);

    assertThat(violations)
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.code()).isEqualTo(ErrorCode.INVALID_VALUE);
              assertThat(v.path()).isEqualTo(PATH);
              assertThat(v.message()).contains("'duration'", "'end'", "5s", "10s");
              assertThat(v.suggestion()).contains("either");
            });
  }

  @Test
  void rejects_an_end_that_is_not_after_start() {
    List<Violation> violations = trim.validate(params(trim, Map.of("start", 10, "end", 4)), ctx);

    assertThat(violations)
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.code()).isEqualTo(ErrorCode.OUT_OF_RANGE);
              assertThat(v.path()).isEqualTo(PATH + ".end");
              assertThat(v.message()).contains("4s", "10s");
            });
  }

  @Test
  void accepts_start_alone_and_start_with_end() {
    assertThat(trim.validate(params(trim, Map.of("start", 3)), ctx)).isEmpty();
    assertThat(trim.validate(params(trim, Map.of("start", 3, "end", 4)), ctx)).isEmpty();
  }

  @Test
  void ten_seconds_of_a_sixty_second_clip_last_ten_seconds() {
    MediaInfo out =
        trim.outputMetadata(params(trim, Map.of("duration", 10)), List.of(clip(1280, 720, 60)));

    assertThat(out.duration()).isEqualTo(MediaDuration.ofSeconds(10));
    assertThat(out.video()).isEqualTo(clip(1280, 720, 60).video());
    assertThat(out.audio()).isEqualTo(clip(1280, 720, 60).audio());
  }

  @Test
  void duration_is_clamped_to_what_the_input_has() {
    MediaInfo in = clip(1280, 720, 60);

    assertThat(
            trim.outputMetadata(params(trim, Map.of("start", 55, "duration", 10)), List.of(in))
                .duration())
        .isEqualTo(MediaDuration.ofSeconds(5));
    assertThat(
            trim.outputMetadata(params(trim, Map.of("start", 50, "end", 90)), List.of(in))
                .duration())
        .isEqualTo(MediaDuration.ofSeconds(10));
    assertThat(trim.outputMetadata(params(trim, Map.of("start", 20)), List.of(in)).duration())
        .isEqualTo(MediaDuration.ofSeconds(40));
    assertThat(trim.outputMetadata(params(trim, Map.of("start", 90)), List.of(in)).duration())
        .isEqualTo(MediaDuration.ZERO);
  }

  @Test
  void compiles_trim_and_atrim_chains_for_a_clip_with_both_tracks() {
    Params p = params(trim, Map.of("start", "2s", "duration", 5));
    MediaInfo in = clip(1280, 720, 60);

    FilterFragment f = trim.compile(p, new CompileContext(List.of(in), in));

    assertThat(f.filters())
        .extracting(OperatorFixtures::text)
        .containsExactly(
            "trim=start=2:duration=5",
            "setpts=PTS-STARTPTS",
            "atrim=start=2:duration=5",
            "asetpts=PTS-STARTPTS");
    assertThat(f.filters().get(0).inputs()).containsExactly(PadRef.input(0, StreamType.VIDEO));
    assertThat(f.filters().get(1).inputs()).isEqualTo(f.filters().get(0).outputs());
    assertThat(f.filters().get(2).inputs()).containsExactly(PadRef.input(0, StreamType.AUDIO));
    assertThat(f.results())
        .containsEntry(StreamType.VIDEO, f.filters().get(1).outputs().get(0))
        .containsEntry(StreamType.AUDIO, f.filters().get(3).outputs().get(0));
  }

  @Test
  void compiles_end_rather_than_duration_when_end_is_given() {
    Params p = params(trim, Map.of("start", 1.5, "end", "00:00:04"));
    MediaInfo in = silent(320, 240, 10);

    FilterFragment f = trim.compile(p, new CompileContext(List.of(in), in));

    assertThat(f.filters())
        .extracting(OperatorFixtures::text)
        .containsExactly("trim=start=1.5:end=4", "setpts=PTS-STARTPTS");
    assertThat(f.results()).containsOnlyKeys(StreamType.VIDEO);
  }

  @Test
  void compiles_only_audio_filters_for_an_audio_only_input() {
    MediaInfo in = audioOnly(10);

    FilterFragment f =
        trim.compile(params(trim, Map.of("duration", 1)), new CompileContext(List.of(in), in));

    assertThat(f.filters()).extracting(c -> c.name()).containsExactly("atrim", "asetpts");
    assertThat(f.results()).containsOnlyKeys(StreamType.AUDIO);
  }

  @Test
  void estimate_grows_with_output_duration_and_pixels() {
    Params shortCut = params(trim, Map.of("duration", 5));
    Params longCut = params(trim, Map.of("duration", 20));

    double small = trim.estimate(shortCut, List.of(clip(640, 360, 60))).cpuSeconds();
    double longer = trim.estimate(longCut, List.of(clip(640, 360, 60))).cpuSeconds();
    double bigger = trim.estimate(shortCut, List.of(clip(1920, 1080, 60))).cpuSeconds();

    assertThat(small).isPositive();
    assertThat(longer).isGreaterThan(small * 3);
    assertThat(bigger).isGreaterThan(small * 3);
  }
}
