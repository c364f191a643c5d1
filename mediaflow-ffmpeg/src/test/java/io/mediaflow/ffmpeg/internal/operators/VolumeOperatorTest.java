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

class VolumeOperatorTest {

  private final VolumeOperator volume = new VolumeOperator();

  @Test
  void gain_is_required_and_between_minus_and_plus_60_db() {
    assertThat(bind(volume, Map.of()).violations())
        .singleElement()
        .satisfies(v -> assertThat(v.code()).isEqualTo(ErrorCode.MISSING_FIELD));
    assertThat(bind(volume, Map.of("gain", -61)).violations())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.path()).isEqualTo(PATH + ".gain");
              assertThat(v.code()).isEqualTo(ErrorCode.OUT_OF_RANGE);
            });
  }

  @Test
  void compiles_volume_in_decibels_and_passes_video_through() {
    MediaInfo in = clip(320, 240, 2);

    FilterFragment f =
        volume.compile(params(volume, Map.of("gain", -3.5)), new CompileContext(List.of(in), in));

    assertThat(f.filters())
        .extracting(OperatorFixtures::text)
        .containsExactly("volume=volume=-3.5dB");
    assertThat(f.filters().get(0).inputs()).containsExactly(PadRef.input(0, StreamType.AUDIO));
    assertThat(f.results()).containsEntry(StreamType.VIDEO, PadRef.input(0, StreamType.VIDEO));
    assertThat(volume.outputMetadata(params(volume, Map.of("gain", 1)), List.of(in))).isEqualTo(in);
  }

  @Test
  void reads_audio_even_when_the_input_has_none_so_the_planner_reports_it() {
    MediaInfo in = OperatorFixtures.silent(320, 240, 2);

    FilterFragment f =
        volume.compile(params(volume, Map.of("gain", 6)), new CompileContext(List.of(in), in));

    assertThat(f.filters().get(0).inputs()).containsExactly(PadRef.input(0, StreamType.AUDIO));
  }
}
