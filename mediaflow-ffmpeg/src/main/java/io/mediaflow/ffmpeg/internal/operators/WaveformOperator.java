package io.mediaflow.ffmpeg.internal.operators;

import io.mediaflow.api.media.MediaDuration;
import io.mediaflow.api.media.MediaInfo;
import io.mediaflow.api.media.StreamType;
import io.mediaflow.api.media.VideoStream;
import io.mediaflow.api.operator.CompileContext;
import io.mediaflow.api.operator.Estimate;
import io.mediaflow.api.operator.FilterArg;
import io.mediaflow.api.operator.FilterCall;
import io.mediaflow.api.operator.FilterFragment;
import io.mediaflow.api.operator.Operator;
import io.mediaflow.api.operator.OperatorDescriptor;
import io.mediaflow.api.operator.PadRef;
import io.mediaflow.api.operator.ParamSpec;
import io.mediaflow.api.operator.ParamType;
import io.mediaflow.api.operator.Params;
import java.util.List;
import java.util.Map;

/**
 * {@code waveform}: a picture of the whole audio track's waveform, {@code width} x {@code height}
 * in {@code color}, as one still image ({@code showwavespic}, which turns audio into one video
 * frame at the end of the track). The result has no audio; an input without audio is a planning
 * error.
 */
public final class WaveformOperator implements Operator {

  static final String WIDTH = "width";
  static final String HEIGHT = "height";
  static final String COLOR = "color";

  private static final int MAX_SIDE = 8192;

  private static final OperatorDescriptor DESCRIPTOR =
      OperatorDescriptor.builder("waveform")
          .description("A picture of the audio's waveform, as one still image.")
          .inputs(1, 1)
          .outputKind(OperatorDescriptor.OutputKind.IMAGE)
          .param(side(WIDTH, 1280))
          .param(side(HEIGHT, 240))
          .param(Colors.param(COLOR, "white", "the waveform's color"))
          .build();

  /** Used by {@link java.util.ServiceLoader}. */
  public WaveformOperator() {}

  @Override
  public OperatorDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public MediaInfo outputMetadata(Params params, List<MediaInfo> inputs) {
    VideoStream picture =
        new VideoStream(0, "", params.getInt(WIDTH), params.getInt(HEIGHT), 0, "rgba", "");
    return new MediaInfo(
        "", MediaDuration.ZERO, 0, 0, List.of(picture), List.of(), List.of(), Map.of());
  }

  @Override
  public FilterFragment compile(Params params, CompileContext ctx) {
    // an audio-to-video filter: it reads the audio pad and writes a video pad
    PadRef out = PadRef.local("wave");
    return FilterFragment.builder()
        .filter(
            new FilterCall(
                "showwavespic",
                List.of(
                    FilterArg.of("s", params.getInt(WIDTH) + "x" + params.getInt(HEIGHT)),
                    FilterArg.of("colors", params.getString(COLOR))),
                List.of(PadRef.input(0, StreamType.AUDIO)),
                List.of(out)))
        .result(StreamType.VIDEO, out)
        .build();
  }

  @Override
  public Estimate estimate(Params params, List<MediaInfo> inputs) {
    MediaInfo input = inputs.get(0);
    // the whole track is decoded and drawn into one picture
    return Costs.filtering(input.withVideo(List.of()), input.duration(), 1.0);
  }

  private static ParamSpec side(String name, int defaultValue) {
    return ParamSpec.builder(name, ParamType.INT)
        .range(1, MAX_SIDE)
        .defaultValue(defaultValue)
        .description("picture " + name + " in pixels, 1 to " + MAX_SIDE)
        .build();
  }
}
