package io.mediaflow.ffmpeg.internal.operators;

import static io.mediaflow.ffmpeg.internal.operators.OperatorFixtures.clip;
import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.api.media.MediaInfo;
import io.mediaflow.api.media.StreamType;
import io.mediaflow.api.operator.CompileContext;
import io.mediaflow.api.operator.FilterFragment;
import io.mediaflow.api.operator.PadRef;
import io.mediaflow.api.operator.Params;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExtractAudioOperatorTest {

  private final ExtractAudioOperator extract = new ExtractAudioOperator();

  @Test
  void has_no_parameters_and_one_input() {
    assertThat(extract.name()).isEqualTo("extract_audio");
    assertThat(extract.descriptor().params()).isEmpty();
    assertThat(extract.descriptor().arityText()).isEqualTo("1");
  }

  @Test
  void passes_the_audio_through_and_drops_the_video() {
    MediaInfo in = clip(320, 240, 3);

    FilterFragment f = extract.compile(Params.empty(), new CompileContext(List.of(in), in));
    MediaInfo out = extract.outputMetadata(Params.empty(), List.of(in));

    assertThat(f.filters()).isEmpty();
    assertThat(f.results())
        .containsExactly(java.util.Map.entry(StreamType.AUDIO, PadRef.input(0, StreamType.AUDIO)));
    assertThat(out.hasVideo()).isFalse();
    assertThat(out.audio()).isEqualTo(in.audio());
    assertThat(out.duration()).isEqualTo(in.duration());
  }
}
