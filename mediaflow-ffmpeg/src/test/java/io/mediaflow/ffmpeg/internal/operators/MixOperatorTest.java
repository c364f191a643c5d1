package io.mediaflow.ffmpeg.internal.operators;

import static io.mediaflow.ffmpeg.internal.operators.OperatorFixtures.PATH;
import static io.mediaflow.ffmpeg.internal.operators.OperatorFixtures.audioOnly;
import static io.mediaflow.ffmpeg.internal.operators.OperatorFixtures.clip;
import static io.mediaflow.ffmpeg.internal.operators.OperatorFixtures.params;
import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.media.MediaDuration;
import io.mediaflow.api.media.MediaInfo;
import io.mediaflow.api.media.StreamType;
import io.mediaflow.api.operator.CompileContext;
import io.mediaflow.api.operator.FilterCall;
import io.mediaflow.api.operator.FilterFragment;
import io.mediaflow.api.operator.PadRef;
import io.mediaflow.api.operator.ValidationContext;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MixOperatorTest {

  private final MixOperator mix = new MixOperator();
  private final ValidationContext ctx = new ValidationContext(PATH);
  private final MediaInfo video = clip(320, 240, 4);
  private final MediaInfo voice = audioOnly(6);

  private FilterFragment compile(Map<String, ?> raw, MediaInfo... inputs) {
    return mix.compile(params(mix, raw), new CompileContext(List.of(inputs), inputs[0]));
  }

  @Test
  void reads_at_least_two_inputs() {
    assertThat(mix.descriptor().minInputs()).isEqualTo(2);
    assertThat(mix.descriptor().paramNames()).containsExactly("weights", "ducking");
  }

  @Test
  void every_weight_must_be_a_number_from_0_to_100_at_its_own_path() {
    assertThat(mix.validate(params(mix, Map.of("weights", List.of(1, "loud", -1, 200))), ctx))
        .extracting(v -> v.path() + " " + v.code().code())
        .containsExactly(
            PATH + ".weights[1] WRONG_TYPE",
            PATH + ".weights[2] OUT_OF_RANGE",
            PATH + ".weights[3] OUT_OF_RANGE");
    assertThat(mix.validate(params(mix, Map.of("weights", List.of(1))), ctx))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.path()).isEqualTo(PATH + ".weights");
              assertThat(v.code()).isEqualTo(ErrorCode.INVALID_VALUE);
            });
    assertThat(mix.validate(params(mix, Map.of("weights", List.of(1, 0.5))), ctx)).isEmpty();
  }

  @Test
  void mixes_every_input_as_long_as_the_longest_and_keeps_the_first_video() {
    FilterFragment f = compile(Map.of("weights", List.of(1, 0.25)), video, voice);

    assertThat(f.filters())
        .extracting(OperatorFixtures::text)
        .containsExactly("amix=inputs=2:weights=1 0.25:duration=longest");
    assertThat(f.filters().get(0).inputs())
        .containsExactly(PadRef.input(0, StreamType.AUDIO), PadRef.input(1, StreamType.AUDIO));
    assertThat(f.results()).containsEntry(StreamType.VIDEO, PadRef.input(0, StreamType.VIDEO));
    assertThat(f.results().get(StreamType.AUDIO)).isEqualTo(f.filters().get(0).outputs().get(0));

    MediaInfo out = mix.outputMetadata(params(mix, Map.of()), List.of(video, voice));
    assertThat(out.duration()).isEqualTo(MediaDuration.ofSeconds(6));
    assertThat(out.video()).isEqualTo(video.video());
    assertThat(out.audio()).isEqualTo(video.audio());
  }

  @Test
  void missing_weights_are_one() {
    assertThat(compile(Map.of("weights", List.of(2, 0.5)), video, voice, voice).filters())
        .extracting(OperatorFixtures::text)
        .containsExactly("amix=inputs=3:weights=2 0.5 1:duration=longest");
  }

  @Test
  void ducking_compresses_the_first_input_keyed_by_the_second() {
    FilterFragment f = compile(Map.of("ducking", true), video, voice);

    FilterCall duck = f.filters().get(0);
    assertThat(OperatorFixtures.text(duck))
        .isEqualTo("sidechaincompress=threshold=0.05:ratio=8:attack=20:release=400");
    assertThat(duck.inputs())
        .containsExactly(PadRef.input(0, StreamType.AUDIO), PadRef.input(1, StreamType.AUDIO));
    FilterCall amix = f.filters().get(1);
    assertThat(amix.inputs())
        .containsExactly(duck.outputs().get(0), PadRef.input(1, StreamType.AUDIO));
  }

  @Test
  void ducking_under_several_voices_keys_on_their_sum() {
    FilterFragment f = compile(Map.of("ducking", true), video, voice, voice);

    assertThat(f.filters())
        .extracting(OperatorFixtures::text)
        .containsExactly(
            "amix=inputs=2:duration=longest:normalize=0",
            "sidechaincompress=threshold=0.05:ratio=8:attack=20:release=400",
            "amix=inputs=3:duration=longest");
    assertThat(f.filters().get(1).inputs().get(1)).isEqualTo(f.filters().get(0).outputs().get(0));
  }

  @Test
  void ducking_costs_more() {
    double plain = mix.estimate(params(mix, Map.of()), List.of(video, voice)).cpuSeconds();
    double ducked =
        mix.estimate(params(mix, Map.of("ducking", true)), List.of(video, voice)).cpuSeconds();

    assertThat(ducked).isGreaterThan(plain);
  }
}
