package io.mediaflow.ffmpeg.internal.operators;

import static io.mediaflow.ffmpeg.internal.operators.OperatorFixtures.PATH;
import static io.mediaflow.ffmpeg.internal.operators.OperatorFixtures.bind;
import static io.mediaflow.ffmpeg.internal.operators.OperatorFixtures.clip;
import static io.mediaflow.ffmpeg.internal.operators.OperatorFixtures.params;
import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.api.media.AudioStream;
import io.mediaflow.api.media.MediaInfo;
import io.mediaflow.api.media.StreamType;
import io.mediaflow.api.operator.CompileContext;
import io.mediaflow.api.operator.FilterFragment;
import io.mediaflow.api.operator.PadRef;
import io.mediaflow.api.plan.Invocation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoudnormOperatorTest {

  private final LoudnormOperator loudnorm = new LoudnormOperator();
  private final MediaInfo in = clip(320, 240, 10);
  private final CompileContext ctx = new CompileContext(List.of(in), in, "norm");

  @Test
  void defaults_to_minus_16_lufs_and_checks_ranges() {
    assertThat(params(loudnorm, Map.of()).asMap())
        .containsEntry("target", -16.0)
        .containsEntry("truePeak", -1.5)
        .containsEntry("lra", 11.0);
    assertThat(bind(loudnorm, Map.of("target", -3, "truePeak", 1, "lra", 0.5)).violations())
        .extracting(v -> v.path() + " " + v.code().code())
        .containsExactlyInAnyOrder(
            PATH + ".target OUT_OF_RANGE",
            PATH + ".truePeak OUT_OF_RANGE",
            PATH + ".lra OUT_OF_RANGE");
  }

  @Test
  void the_analysis_measures_audio_only_and_prints_json() {
    FilterFragment f =
        loudnorm.analysis(params(loudnorm, Map.of("target", -23)), ctx).orElseThrow();

    assertThat(f.filters())
        .extracting(OperatorFixtures::text)
        .containsExactly("loudnorm=I=-23:TP=-1.5:LRA=11:print_format=json");
    assertThat(f.filters().get(0).inputs()).containsExactly(PadRef.input(0, StreamType.AUDIO));
    assertThat(f.results()).containsOnlyKeys(StreamType.AUDIO);
  }

  @Test
  void the_encoding_pass_reads_the_measured_values_and_sets_the_rate_back() {
    FilterFragment f = loudnorm.compile(params(loudnorm, Map.of()), ctx);

    assertThat(f.filters())
        .extracting(OperatorFixtures::text)
        .containsExactly(
            "loudnorm=I=-16:TP=-1.5:LRA=11"
                + ":measured_I=${norm.input_i}:measured_TP=${norm.input_tp}"
                + ":measured_LRA=${norm.input_lra}:measured_thresh=${norm.input_thresh}"
                + ":offset=${norm.target_offset}:linear=true:print_format=summary",
            "aformat=sample_rates=48000");
    assertThat(f.results()).containsEntry(StreamType.VIDEO, PadRef.input(0, StreamType.VIDEO));
    assertThat(f.filters().get(0).args())
        .filteredOn(a -> a.key().equals("measured_I"))
        .singleElement()
        .satisfies(a -> assertThat(a.value()).isEqualTo(Invocation.placeholder("norm", "input_i")));
  }

  @Test
  void sets_back_the_inputs_own_sample_rate() {
    MediaInfo cd = in.withAudio(List.of(new AudioStream(1, "aac", 44100, 2, "")));

    FilterFragment f =
        loudnorm.compile(params(loudnorm, Map.of()), new CompileContext(List.of(cd), cd, "n"));

    assertThat(OperatorFixtures.text(f.filters().get(1))).isEqualTo("aformat=sample_rates=44100");
    assertThat(loudnorm.outputMetadata(params(loudnorm, Map.of()), List.of(cd))).isEqualTo(cd);
  }

  @Test
  void costs_more_than_one_pass_of_audio() {
    assertThat(loudnorm.estimate(params(loudnorm, Map.of()), List.of(in)).cpuSeconds())
        .isGreaterThan(10 * Costs.AUDIO_SECONDS_PER_SECOND);
  }
}
