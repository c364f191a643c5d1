package io.mediaflow.ffmpeg.internal.operators;

import static io.mediaflow.ffmpeg.internal.operators.OperatorFixtures.audioOnly;
import static io.mediaflow.ffmpeg.internal.operators.OperatorFixtures.clip;
import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.api.media.MediaDuration;
import io.mediaflow.api.media.MediaInfo;
import io.mediaflow.api.media.StreamType;
import io.mediaflow.api.operator.CompileContext;
import io.mediaflow.api.operator.FilterCall;
import io.mediaflow.api.operator.FilterFragment;
import io.mediaflow.api.operator.PadRef;
import io.mediaflow.api.operator.Params;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConcatOperatorTest {

  private final ConcatOperator concat = new ConcatOperator();

  private FilterFragment compile(MediaInfo... inputs) {
    return concat.compile(Params.empty(), new CompileContext(List.of(inputs), inputs[0]));
  }

  @Test
  void reads_two_or_more_inputs_and_has_no_parameters() {
    assertThat(concat.descriptor().minInputs()).isEqualTo(2);
    assertThat(concat.descriptor().params()).isEmpty();
  }

  @Test
  void joins_video_and_audio_of_each_input_in_order() {
    FilterFragment f = compile(clip(320, 240, 1), clip(320, 240, 2));

    FilterCall call = f.filters().get(0);
    assertThat(f.filters())
        .extracting(OperatorFixtures::text)
        .containsExactly("concat=n=2:v=1:a=1");
    assertThat(call.inputs())
        .containsExactly(
            PadRef.input(0, StreamType.VIDEO),
            PadRef.input(0, StreamType.AUDIO),
            PadRef.input(1, StreamType.VIDEO),
            PadRef.input(1, StreamType.AUDIO));
    assertThat(f.results())
        .containsEntry(StreamType.VIDEO, call.outputs().get(0))
        .containsEntry(StreamType.AUDIO, call.outputs().get(1));
  }

  @Test
  void lasts_the_sum_of_its_inputs_at_the_first_inputs_size() {
    MediaInfo out =
        concat.outputMetadata(Params.empty(), List.of(clip(320, 240, 1), clip(640, 480, 2.5)));

    assertThat(out.duration()).isEqualTo(MediaDuration.ofSeconds(3.5));
    assertThat(out.primaryVideo().orElseThrow().resolution().toString()).isEqualTo("320x240");
    assertThat(out.hasAudio()).isTrue();
  }

  @Test
  void scales_inputs_of_another_size_to_the_first() {
    FilterFragment f = compile(clip(320, 240, 1), clip(640, 480, 1));

    assertThat(f.filters())
        .extracting(OperatorFixtures::text)
        .containsExactly(
            "scale=w=320:h=240", "setsar=1", "scale=w=320:h=240", "setsar=1", "concat=n=2:v=1:a=1");
    assertThat(f.filters().get(4).inputs().get(2)).isEqualTo(f.filters().get(3).outputs().get(0));
  }

  @Test
  void audio_only_inputs_join_audio_only() {
    FilterFragment f = compile(audioOnly(1), audioOnly(2), audioOnly(3));

    assertThat(f.filters())
        .extracting(OperatorFixtures::text)
        .containsExactly("concat=n=3:v=0:a=1");
    assertThat(f.results()).containsOnlyKeys(StreamType.AUDIO);
  }

  @Test
  void an_input_lacking_a_track_another_has_is_still_read_so_the_planner_reports_it() {
    FilterFragment f = compile(clip(320, 240, 1), audioOnly(1));

    assertThat(f.filters().get(0).inputs()).contains(PadRef.input(1, StreamType.VIDEO));
  }
}
