package io.mediaflow.ffmpeg.internal.operators;

import static io.mediaflow.ffmpeg.internal.operators.OperatorFixtures.PATH;
import static io.mediaflow.ffmpeg.internal.operators.OperatorFixtures.audioOnly;
import static io.mediaflow.ffmpeg.internal.operators.OperatorFixtures.bind;
import static io.mediaflow.ffmpeg.internal.operators.OperatorFixtures.params;
import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.api.media.MediaDuration;
import io.mediaflow.api.media.MediaInfo;
import io.mediaflow.api.media.StreamType;
import io.mediaflow.api.operator.CompileContext;
import io.mediaflow.api.operator.FilterFragment;
import io.mediaflow.api.operator.OperatorDescriptor;
import io.mediaflow.api.operator.PadRef;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WaveformOperatorTest {

  private final WaveformOperator waveform = new WaveformOperator();
  private final MediaInfo in = audioOnly(30);

  @Test
  void produces_an_image_of_1280_by_240_in_white_by_default() {
    assertThat(waveform.descriptor().outputKind()).isEqualTo(OperatorDescriptor.OutputKind.IMAGE);
    FilterFragment f =
        waveform.compile(params(waveform, Map.of()), new CompileContext(List.of(in), in));

    assertThat(f.filters())
        .extracting(OperatorFixtures::text)
        .containsExactly("showwavespic=s=1280x240:colors=white");
  }

  @Test
  void reads_the_audio_pad_and_writes_a_video_result() {
    FilterFragment f =
        waveform.compile(
            params(waveform, Map.of("width", 640, "height", 120, "color", "#ff8800")),
            new CompileContext(List.of(in), in));

    assertThat(f.filters().get(0).inputs()).containsExactly(PadRef.input(0, StreamType.AUDIO));
    assertThat(f.results()).containsOnlyKeys(StreamType.VIDEO);
    assertThat(f.results().get(StreamType.VIDEO)).isEqualTo(f.filters().get(0).outputs().get(0));
    assertThat(OperatorFixtures.text(f.filters().get(0)))
        .isEqualTo("showwavespic=s=640x120:colors=#ff8800");
  }

  @Test
  void the_result_is_one_still_picture_without_audio() {
    MediaInfo out = waveform.outputMetadata(params(waveform, Map.of("width", 800)), List.of(in));

    assertThat(out.duration()).isEqualTo(MediaDuration.ZERO);
    assertThat(out.hasAudio()).isFalse();
    assertThat(out.isStillImage()).isTrue();
    assertThat(out.primaryVideo().orElseThrow().resolution().toString()).isEqualTo("800x240");
  }

  @Test
  void sizes_and_color_are_checked() {
    assertThat(
            bind(waveform, Map.of("width", 0, "height", 9000, "color", "rgb(1,2,3)")).violations())
        .extracting(v -> v.path())
        .containsExactlyInAnyOrder(PATH + ".width", PATH + ".height", PATH + ".color");
  }
}
