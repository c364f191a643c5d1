package io.mediaflow.ffmpeg.internal.operators;

import static io.mediaflow.ffmpeg.internal.operators.OperatorFixtures.PATH;
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
import io.mediaflow.api.operator.Params;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CropOperatorTest {

  private final CropOperator crop = new CropOperator();

  @Test
  void declares_its_parameters() {
    assertThat(crop.name()).isEqualTo("crop");
    assertThat(crop.descriptor().paramNames()).containsExactly("width", "height", "x", "y");
    assertThat(crop.descriptor().param("width").orElseThrow().required()).isTrue();
  }

  @Test
  void width_and_height_are_required_and_positive() {
    assertThat(bind(crop, Map.of()).violations())
        .extracting(v -> v.path() + " " + v.code().code())
        .containsExactlyInAnyOrder(PATH + ".width MISSING_FIELD", PATH + ".height MISSING_FIELD");
    assertThat(bind(crop, Map.of("width", 0, "height", 10)).violations())
        .singleElement()
        .satisfies(v -> assertThat(v.path()).isEqualTo(PATH + ".width"));
  }

  @Test
  void a_position_outside_crops_variables_is_refused_at_its_path() {
    assertThat(bind(crop, Map.of("width", 10, "height", 10, "y", "main_h-10")).violations())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.path()).isEqualTo(PATH + ".y");
              assertThat(v.code()).isEqualTo(ErrorCode.INVALID_VALUE);
              assertThat(v.message()).contains("in_h", "out_h");
            });
  }

  @Test
  void output_size_is_the_rectangle() {
    MediaInfo out =
        crop.outputMetadata(
            params(crop, Map.of("width", 640, "height", 360)), List.of(clip(1280, 720, 10)));

    assertThat(out.primaryVideo().orElseThrow().resolution().toString()).isEqualTo("640x360");
    assertThat(out.audio()).isEqualTo(clip(1280, 720, 10).audio());
    assertThat(out.duration()).isEqualTo(clip(1280, 720, 10).duration());
  }

  @Test
  void a_rectangle_larger_than_the_input_is_clamped_and_odd_sides_round_down() {
    MediaInfo in = clip(320, 240, 1);

    assertThat(
            crop.outputMetadata(params(crop, Map.of("width", 1000, "height", 101)), List.of(in))
                .primaryVideo()
                .orElseThrow()
                .resolution()
                .toString())
        .isEqualTo("320x100");
  }

  @Test
  void compiles_a_centered_crop_and_passes_audio_through() {
    Params p = params(crop, Map.of("width", 100, "height", 50));
    MediaInfo in = clip(320, 240, 1);

    FilterFragment f = crop.compile(p, new CompileContext(List.of(in), in));

    assertThat(f.filters())
        .extracting(OperatorFixtures::text)
        .containsExactly("crop=w=100:h=50:x=(in_w-out_w)/2:y=(in_h-out_h)/2");
    assertThat(f.filters().get(0).inputs()).containsExactly(PadRef.input(0, StreamType.VIDEO));
    assertThat(f.results()).containsEntry(StreamType.AUDIO, PadRef.input(0, StreamType.AUDIO));
  }

  @Test
  void compiles_a_given_position_without_spaces() {
    Params p = params(crop, Map.of("width", 100, "height", 50, "x", "in_w - out_w", "y", 0));
    MediaInfo in = clip(320, 240, 1);

    assertThat(crop.compile(p, new CompileContext(List.of(in), in)).filters())
        .extracting(OperatorFixtures::text)
        .containsExactly("crop=w=100:h=50:x=in_w-out_w:y=0");
  }
}
