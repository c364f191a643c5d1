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

class FpsOperatorTest {

  private final FpsOperator fps = new FpsOperator();
  private final MediaInfo in = clip(320, 240, 3);

  @Test
  void fps_must_be_above_zero_and_at_most_240() {
    assertThat(bind(fps, Map.of("fps", 0)).violations())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.path()).isEqualTo(PATH + ".fps");
              assertThat(v.code()).isEqualTo(ErrorCode.INVALID_VALUE);
              assertThat(v.message()).contains("above 0");
            });
    assertThat(bind(fps, Map.of("fps", 241)).violations())
        .singleElement()
        .satisfies(v -> assertThat(v.code()).isEqualTo(ErrorCode.OUT_OF_RANGE));
    assertThat(bind(fps, Map.of("fps", "29.97")).violations()).isEmpty();
  }

  @Test
  void sets_the_frame_rate_and_keeps_the_duration() {
    MediaInfo out = fps.outputMetadata(params(fps, Map.of("fps", 12.5)), List.of(in));

    assertThat(out.primaryVideo().orElseThrow().fps()).isEqualTo(12.5);
    assertThat(out.duration()).isEqualTo(in.duration());
    assertThat(out.audio()).isEqualTo(in.audio());
  }

  @Test
  void compiles_fps_and_passes_audio_through() {
    FilterFragment f =
        fps.compile(params(fps, Map.of("fps", 10)), new CompileContext(List.of(in), in));

    assertThat(f.filters()).extracting(OperatorFixtures::text).containsExactly("fps=fps=10");
    assertThat(f.results()).containsEntry(StreamType.AUDIO, PadRef.input(0, StreamType.AUDIO));
  }

  @Test
  void more_frames_out_cost_more() {
    double same = fps.estimate(params(fps, Map.of("fps", 25)), List.of(in)).cpuSeconds();
    double more = fps.estimate(params(fps, Map.of("fps", 100)), List.of(in)).cpuSeconds();

    assertThat(more).isGreaterThan(same);
  }
}
