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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PadOperatorTest {

  private final PadOperator pad = new PadOperator();
  private final MediaInfo in = clip(320, 240, 2);

  @Test
  void declares_its_parameters_with_a_centered_black_default() {
    assertThat(pad.descriptor().paramNames()).containsExactly("width", "height", "x", "y", "color");
    FilterFragment f =
        pad.compile(
            params(pad, Map.of("width", 400, "height", 300)), new CompileContext(List.of(in), in));

    assertThat(f.filters())
        .extracting(OperatorFixtures::text)
        .containsExactly("pad=w=400:h=300:x=(ow-iw)/2:y=(oh-ih)/2:color=black");
    assertThat(f.results()).containsEntry(StreamType.AUDIO, PadRef.input(0, StreamType.AUDIO));
  }

  @ParameterizedTest
  @ValueSource(strings = {"red", "Navy", "#00ff7F", "lightgoldenrodyellow"})
  void accepts_color_names_ffmpeg_knows_and_hex(String color) {
    assertThat(bind(pad, Map.of("width", 400, "height", 300, "color", color)).violations())
        .isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"notacolor", "#fff", "#12345G", "red:x=1", "0xff0000", "red@0.5", ""})
  void refuses_other_colors_at_the_color_path(String color) {
    assertThat(bind(pad, Map.of("width", 400, "height", 300, "color", color)).violations())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.path()).isEqualTo(PATH + ".color");
              assertThat(v.code()).isEqualTo(ErrorCode.INVALID_VALUE);
              assertThat(v.message()).contains("#RRGGBB");
            });
  }

  @Test
  void a_canvas_smaller_than_the_input_grows_to_it_and_odd_sides_round_down() {
    MediaInfo out =
        pad.outputMetadata(params(pad, Map.of("width", 100, "height", 501)), List.of(in));

    assertThat(out.primaryVideo().orElseThrow().resolution().toString()).isEqualTo("320x500");
    assertThat(
            pad.compile(
                    params(pad, Map.of("width", 100, "height", 501)),
                    new CompileContext(List.of(in), out))
                .filters())
        .extracting(OperatorFixtures::text)
        .singleElement()
        .asString()
        .startsWith("pad=w=320:h=500:");
  }

  @Test
  void a_bigger_canvas_costs_more() {
    double small =
        pad.estimate(params(pad, Map.of("width", 320, "height", 240)), List.of(in)).cpuSeconds();
    double big =
        pad.estimate(params(pad, Map.of("width", 1280, "height", 960)), List.of(in)).cpuSeconds();

    assertThat(big).isGreaterThan(small);
  }
}
