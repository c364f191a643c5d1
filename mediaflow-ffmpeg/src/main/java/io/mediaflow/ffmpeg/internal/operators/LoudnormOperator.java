package io.mediaflow.ffmpeg.internal.operators;

import io.mediaflow.api.media.AudioStream;
import io.mediaflow.api.media.MediaInfo;
import io.mediaflow.api.media.StreamType;
import io.mediaflow.api.operator.CompileContext;
import io.mediaflow.api.operator.Estimate;
import io.mediaflow.api.operator.FilterArg;
import io.mediaflow.api.operator.FilterFragment;
import io.mediaflow.api.operator.Operator;
import io.mediaflow.api.operator.OperatorDescriptor;
import io.mediaflow.api.operator.ParamSpec;
import io.mediaflow.api.operator.ParamType;
import io.mediaflow.api.operator.Params;
import java.util.List;
import java.util.Optional;

/**
 * {@code loudnorm}: EBU R128 loudness normalization in two passes. The analysis run measures the
 * whole input with {@code loudnorm=...:print_format=json}; the encoding run feeds the measured
 * {@code input_i}, {@code input_tp}, {@code input_lra}, {@code input_thresh} and {@code
 * target_offset} back with {@code linear=true}, which applies one gain to the whole track when the
 * target can be reached (FFmpeg falls back to dynamic mode otherwise). Either mode may work at 192
 * kHz, so {@code aformat=sample_rates=...} sets the input's sample rate back (48 kHz when unknown)
 * through the resampler FFmpeg inserts itself. Not an explicit {@code aresample}: FFmpeg 5.1 then
 * fails with "Cannot select channel layout" when the graph is reconfigured on the first decoded
 * frame (every stereo input, and mono inputs shorter than loudnorm's 3 s window). Video passes
 * through untouched; an input without audio is a planning error.
 */
public final class LoudnormOperator implements Operator {

  static final String TARGET = "target";
  static final String TRUE_PEAK = "truePeak";
  static final String LRA = "lra";

  /** The rate set back after loudnorm when the input's is not known. */
  static final int DEFAULT_SAMPLE_RATE = 48000;

  /** The values the analysis prints and the encoding run reads, as loudnorm names them. */
  static final List<String> MEASURED =
      List.of("input_i", "input_tp", "input_lra", "input_thresh", "target_offset");

  private static final OperatorDescriptor DESCRIPTOR =
      OperatorDescriptor.builder("loudnorm")
          .description("EBU R128 loudness normalization, measured first (two passes).")
          .inputs(1, 1)
          .param(
              ParamSpec.builder(TARGET, ParamType.FLOAT)
                  .range(-70, -5)
                  .defaultValue(-16)
                  .description("integrated loudness target in LUFS, -70 to -5")
                  .build())
          .param(
              ParamSpec.builder(TRUE_PEAK, ParamType.FLOAT)
                  .range(-9, 0)
                  .defaultValue(-1.5)
                  .description("maximum true peak in dBTP, -9 to 0")
                  .build())
          .param(
              ParamSpec.builder(LRA, ParamType.FLOAT)
                  .range(1, 50)
                  .defaultValue(11)
                  .description("loudness range target in LU, 1 to 50")
                  .build())
          .build();

  /** Used by {@link java.util.ServiceLoader}. */
  public LoudnormOperator() {}

  @Override
  public OperatorDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public MediaInfo outputMetadata(Params params, List<MediaInfo> inputs) {
    MediaInfo input = inputs.get(0);
    return input.withDuration(input.duration());
  }

  @Override
  public Optional<FilterFragment> analysis(Params params, CompileContext ctx) {
    // audio only: the measuring run need not decode the video at all
    return Optional.of(
        FilterFragment.builder()
            .chain(
                StreamType.AUDIO,
                0,
                FilterFragment.filter(
                    "loudnorm",
                    FilterArg.of("I", Numbers.plain(params.getDouble(TARGET))),
                    FilterArg.of("TP", Numbers.plain(params.getDouble(TRUE_PEAK))),
                    FilterArg.of("LRA", Numbers.plain(params.getDouble(LRA))),
                    FilterArg.of("print_format", "json")))
            .build());
  }

  @Override
  public FilterFragment compile(Params params, CompileContext ctx) {
    MediaInfo input = ctx.inputs().get(0);
    int rate =
        input
            .primaryAudio()
            .map(AudioStream::sampleRate)
            .filter(r -> r > 0)
            .orElse(DEFAULT_SAMPLE_RATE);
    FilterFragment.Builder fragment = FilterFragment.builder();
    fragment.chain(
        StreamType.AUDIO,
        0,
        FilterFragment.filter(
            "loudnorm",
            FilterArg.of("I", Numbers.plain(params.getDouble(TARGET))),
            FilterArg.of("TP", Numbers.plain(params.getDouble(TRUE_PEAK))),
            FilterArg.of("LRA", Numbers.plain(params.getDouble(LRA))),
            FilterArg.of("measured_I", ctx.measured("input_i")),
            FilterArg.of("measured_TP", ctx.measured("input_tp")),
            FilterArg.of("measured_LRA", ctx.measured("input_lra")),
            FilterArg.of("measured_thresh", ctx.measured("input_thresh")),
            FilterArg.of("offset", ctx.measured("target_offset")),
            FilterArg.of("linear", "true"),
            FilterArg.of("print_format", "summary")),
        FilterFragment.filter("aformat", FilterArg.of("sample_rates", rate)));
    if (input.hasVideo()) {
      fragment.passThrough(StreamType.VIDEO, 0);
    }
    return fragment.build();
  }

  @Override
  public Estimate estimate(Params params, List<MediaInfo> inputs) {
    MediaInfo input = inputs.get(0);
    MediaInfo audio = input.withVideo(List.of());
    // two passes over the audio, and loudnorm works at up to 192 kHz: several times a light filter
    Estimate pass = Costs.filtering(audio, input.duration(), 1.0);
    return pass.plus(pass).plus(pass).plus(pass);
  }
}
