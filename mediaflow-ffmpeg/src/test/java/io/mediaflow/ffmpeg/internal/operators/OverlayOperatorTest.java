package io.mediaflow.ffmpeg.internal.operators;

import static io.mediaflow.ffmpeg.internal.operators.OperatorFixtures.clip;
import static io.mediaflow.ffmpeg.internal.operators.OperatorFixtures.params;
import static io.mediaflow.ffmpeg.internal.operators.OperatorFixtures.silent;
import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.api.media.MediaDuration;
import io.mediaflow.api.media.MediaInfo;
import io.mediaflow.api.media.StreamType;
import io.mediaflow.api.operator.CompileContext;
import io.mediaflow.api.operator.FilterFragment;
import io.mediaflow.api.operator.PadRef;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OverlayOperatorTest {

  private final OverlayOperator overlay = new OverlayOperator();
  private final MediaInfo base = clip(1280, 720, 5);
  private final MediaInfo logo = silent(64, 64, 0);

  @Test
  void reads_exactly_two_inputs() {
    assertThat(overlay.descriptor().minInputs()).isEqualTo(2);
    assertThat(overlay.descriptor().maxInputs()).isEqualTo(2);
    assertThat(overlay.descriptor().paramNames()).containsExactly("x", "y");
  }

  @Test
  void keeps_a_still_top_on_screen_for_the_base_duration() {
    FilterFragment f =
        overlay.compile(
            params(overlay, Map.of("x", "W-w-10", "y", 10)),
            new CompileContext(List.of(base, logo), base));

    assertThat(f.filters())
        .extracting(OperatorFixtures::text)
        .containsExactly("trim=duration=5", "overlay=x=W-w-10:y=10:eof_action=repeat:shortest=0");
    assertThat(f.filters().get(0).inputs()).containsExactly(PadRef.input(1, StreamType.VIDEO));
    assertThat(f.filters().get(1).inputs())
        .containsExactly(PadRef.input(0, StreamType.VIDEO), f.filters().get(0).outputs().get(0));
    assertThat(f.results())
        .containsEntry(StreamType.VIDEO, f.filters().get(1).outputs().get(0))
        .containsEntry(StreamType.AUDIO, PadRef.input(0, StreamType.AUDIO));
  }

  @Test
  void a_clip_on_top_disappears_when_it_ends() {
    MediaInfo pip = clip(320, 180, 2);

    FilterFragment f =
        overlay.compile(params(overlay, Map.of()), new CompileContext(List.of(base, pip), base));

    assertThat(OperatorFixtures.text(f.filters().get(1)))
        .isEqualTo("overlay=x=0:y=0:eof_action=pass:shortest=0");
  }

  @Test
  void the_result_is_the_base() {
    MediaInfo out =
        overlay.outputMetadata(params(overlay, Map.of()), List.of(base, clip(1920, 1080, 60)));

    assertThat(out).isEqualTo(base);
    assertThat(out.duration()).isEqualTo(MediaDuration.ofSeconds(5));
  }
}
