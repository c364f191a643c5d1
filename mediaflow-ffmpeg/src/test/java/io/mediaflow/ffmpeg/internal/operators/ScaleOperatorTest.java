package io.mediaflow.ffmpeg.internal.operators;

import static io.mediaflow.ffmpeg.internal.operators.OperatorFixtures.PATH;
import static io.mediaflow.ffmpeg.internal.operators.OperatorFixtures.audioOnly;
import static io.mediaflow.ffmpeg.internal.operators.OperatorFixtures.bind;
import static io.mediaflow.ffmpeg.internal.operators.OperatorFixtures.clip;
import static io.mediaflow.ffmpeg.internal.operators.OperatorFixtures.params;
import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.media.MediaInfo;
import io.mediaflow.api.media.StreamType;
import io.mediaflow.api.operator.CompileContext;
import io.mediaflow.api.operator.FilterFragment;
import io.mediaflow.api.operator.PadRef;
import io.mediaflow.api.operator.ParamBinder;
import io.mediaflow.api.operator.ValidationContext;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScaleOperatorTest {

  private final ScaleOperator scale = new ScaleOperator();
  private final ValidationContext ctx = new ValidationContext(PATH);

  @Test
  void declares_width_height_and_algorithm_with_bicubic_by_default() {
    assertThat(scale.name()).isEqualTo("scale");
    assertThat(scale.descriptor().paramNames()).containsExactly("width", "height", "algorithm");
    assertThat(params(scale, Map.of("width", 640)).getString("algorithm")).isEqualTo("bicubic");
    assertThat(scale.descriptor().param("algorithm").orElseThrow().allowed())
        .containsExactly(
            "bicubic", "bilinear", "lanczos", "neighbor", "area", "fast_bilinear", "spline");
  }

  @Test
  void converts_numeric_text_to_an_integer() {
    assertThat(params(scale, Map.of("width", "720")).getLong("width")).isEqualTo(720);
  }

  @Test
  void rejects_a_width_out_of_range_at_its_path() {
    ParamBinder.Result result = bind(scale, Map.of("width", 20000, "height", -3));

    assertThat(result.violations())
        .extracting(v -> v.path() + " " + v.code())
        .containsExactly(PATH + ".width OUT_OF_RANGE", PATH + ".height OUT_OF_RANGE");
    assertThat(result.violations().get(0).message()).contains("-2", "16384", "20000");
  }

  @Test
  void rejects_a_zero_size() {
    ParamBinder.Result result = bind(scale, Map.of("width", 0));

    assertThat(result.violations())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.code()).isEqualTo(ErrorCode.INVALID_VALUE);
              assertThat(v.path()).isEqualTo(PATH + ".width");
              assertThat(v.message()).contains("but was 0");
            });
  }

  @Test
  void rejects_an_unknown_algorithm() {
    ParamBinder.Result result = bind(scale, Map.of("width", 640, "algorithm", "magic"));

    assertThat(result.violations())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.code()).isEqualTo(ErrorCode.INVALID_VALUE);
              assertThat(v.path()).isEqualTo(PATH + ".algorithm");
              assertThat(v.message()).contains("lanczos", "\"magic\"");
            });
  }

  @Test
  void rejects_neither_width_nor_height_at_the_params_path() {
    assertThat(scale.validate(params(scale, Map.of()), ctx))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.code()).isEqualTo(ErrorCode.MISSING_FIELD);
              assertThat(v.path()).isEqualTo(PATH);
              assertThat(v.message()).contains("'width'", "'height'");
            });
  }

  @Test
  void rejects_both_sides_keeping_the_aspect_ratio() {
    assertThat(scale.validate(params(scale, Map.of("width", -1, "height", -2)), ctx))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.code()).isEqualTo(ErrorCode.INVALID_VALUE);
              assertThat(v.path()).isEqualTo(PATH);
            });
  }

  @Test
  void accepts_one_side_alone() {
    assertThat(scale.validate(params(scale, Map.of("width", 640)), ctx)).isEmpty();
    assertThat(scale.validate(params(scale, Map.of("height", 360)), ctx)).isEmpty();
  }

  @Test
  void scales_720p_to_640_by_minus_2_as_640x360_and_keeps_fps_and_audio() {
    MediaInfo in = clip(1280, 720, 60);

    MediaInfo out =
        scale.outputMetadata(params(scale, Map.of("width", 640, "height", -2)), List.of(in));

    assertThat(out.primaryVideo().orElseThrow().width()).isEqualTo(640);
    assertThat(out.primaryVideo().orElseThrow().height()).isEqualTo(360);
    assertThat(out.primaryVideo().orElseThrow().fps()).isEqualTo(25);
    assertThat(out.audio()).isEqualTo(in.audio());
    assertThat(out.duration()).isEqualTo(in.duration());
  }

  @Test
  void a_missing_side_keeps_the_aspect_ratio_rounded_to_even() {
    MediaInfo in = clip(1280, 720, 1);

    MediaInfo out = scale.outputMetadata(params(scale, Map.of("height", 360)), List.of(in));

    assertThat(out.primaryVideo().orElseThrow().resolution().toString()).isEqualTo("640x360");
  }

  @Test
  void minus_1_keeps_the_exact_rounding_and_minus_2_rounds_to_even() {
    // 1920x1080 -> width 500: exact height 281.25
    assertThat(ScaleOperator.outputSize(500, -1, 1920, 1080)).containsExactly(500, 281);
    assertThat(ScaleOperator.outputSize(500, -2, 1920, 1080)).containsExactly(500, 282);
    // 640x480 -> height 101: exact width 134.67
    assertThat(ScaleOperator.outputSize(-1, 101, 640, 480)).containsExactly(135, 101);
    assertThat(ScaleOperator.outputSize(-2, 101, 640, 480)).containsExactly(134, 101);
    assertThat(ScaleOperator.outputSize(320, 200, 640, 480)).containsExactly(320, 200);
  }

  @Test
  void compiles_one_scale_filter_and_passes_audio_through() {
    MediaInfo in = clip(1280, 720, 60);

    FilterFragment f =
        scale.compile(
            params(scale, Map.of("width", 640, "algorithm", "lanczos")),
            new CompileContext(List.of(in), in));

    assertThat(f.filters())
        .extracting(OperatorFixtures::text)
        .containsExactly("scale=w=640:h=-2:flags=lanczos");
    assertThat(f.filters().get(0).inputs()).containsExactly(PadRef.input(0, StreamType.VIDEO));
    assertThat(f.results())
        .containsEntry(StreamType.VIDEO, f.filters().get(0).outputs().get(0))
        .containsEntry(StreamType.AUDIO, PadRef.input(0, StreamType.AUDIO));
  }

  @Test
  void leaves_audio_only_media_untouched() {
    MediaInfo in = audioOnly(5);

    FilterFragment f =
        scale.compile(params(scale, Map.of("width", 640)), new CompileContext(List.of(in), in));

    assertThat(f.filters()).isEmpty();
    assertThat(f.results()).containsOnlyKeys(StreamType.AUDIO);
    assertThat(scale.outputMetadata(params(scale, Map.of("width", 640)), List.of(in)))
        .isEqualTo(in);
  }

  @Test
  void estimate_grows_with_the_frame_size() {
    double small =
        scale
            .estimate(params(scale, Map.of("width", 320)), List.of(clip(640, 360, 10)))
            .cpuSeconds();
    double big =
        scale
            .estimate(params(scale, Map.of("width", 3840)), List.of(clip(1920, 1080, 10)))
            .cpuSeconds();

    assertThat(small).isPositive();
    assertThat(big).isGreaterThan(small * 4);
  }
}
