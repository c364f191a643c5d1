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
import org.junit.jupiter.params.provider.CsvSource;

class RotateOperatorTest {

  private final RotateOperator rotate = new RotateOperator();
  private final MediaInfo in = clip(640, 360, 4);

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "90|transpose=dir=clock|360x640",
        "-270|transpose=dir=clock|360x640",
        "270|transpose=dir=cclock|360x640",
        "-90|transpose=dir=cclock|360x640",
        "180|hflip=,vflip=|640x360",
        "-180|hflip=,vflip=|640x360",
        "30|rotate=a=0.523599|640x360",
        "-45.5|rotate=a=-0.794125|640x360"
      })
  void compiles_quarter_turns_exactly_and_other_angles_in_radians(
      double degrees, String filters, String size) {
    FilterFragment f =
        rotate.compile(
            params(rotate, Map.of("degrees", degrees)), new CompileContext(List.of(in), in));

    assertThat(String.join(",", f.filters().stream().map(OperatorFixtures::text).toList()))
        .isEqualTo(filters);
    assertThat(f.results()).containsEntry(StreamType.AUDIO, PadRef.input(0, StreamType.AUDIO));
    assertThat(
            rotate
                .outputMetadata(params(rotate, Map.of("degrees", degrees)), List.of(in))
                .primaryVideo()
                .orElseThrow()
                .resolution()
                .toString())
        .isEqualTo(size);
  }

  @Test
  void a_full_turn_changes_nothing_and_lets_video_be_copied() {
    FilterFragment f =
        rotate.compile(params(rotate, Map.of("degrees", 360)), new CompileContext(List.of(in), in));

    assertThat(f.filters()).isEmpty();
    assertThat(f.results()).containsEntry(StreamType.VIDEO, PadRef.input(0, StreamType.VIDEO));
  }

  @Test
  void degrees_are_required_and_within_one_turn() {
    assertThat(bind(rotate, Map.of()).violations())
        .singleElement()
        .satisfies(v -> assertThat(v.code()).isEqualTo(ErrorCode.MISSING_FIELD));
    assertThat(bind(rotate, Map.of("degrees", 400)).violations())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.path()).isEqualTo(PATH + ".degrees");
              assertThat(v.code()).isEqualTo(ErrorCode.OUT_OF_RANGE);
            });
  }

  @Test
  void an_arbitrary_angle_costs_more_than_a_quarter_turn() {
    double quarter =
        rotate.estimate(params(rotate, Map.of("degrees", 90)), List.of(in)).cpuSeconds();
    double free = rotate.estimate(params(rotate, Map.of("degrees", 10)), List.of(in)).cpuSeconds();

    assertThat(free).isGreaterThan(quarter);
  }
}
