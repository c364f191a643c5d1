package io.mediaflow.ffmpeg.internal.operators;

import io.mediaflow.api.media.MediaDuration;
import io.mediaflow.api.media.MediaInfo;
import io.mediaflow.api.media.StreamType;
import io.mediaflow.api.media.VideoStream;
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
import java.util.Map;

/**
 * {@code thumbnail}: the picture shown at time {@code at}, as a single still image. The output
 * writes the first frame of the trimmed stream; audio is dropped.
 */
public final class ThumbnailOperator implements Operator {

  static final String AT = "at";

  private static final OperatorDescriptor DESCRIPTOR =
      OperatorDescriptor.builder("thumbnail")
          .description("The picture shown at time 'at', as one still image.")
          .inputs(1, 1)
          .outputKind(OperatorDescriptor.OutputKind.IMAGE)
          .param(
              ParamSpec.builder(AT, ParamType.DURATION)
                  .defaultValue(0)
                  .description("the moment to take the picture from")
                  .build())
          .build();

  /** Used by {@link java.util.ServiceLoader}. */
  public ThumbnailOperator() {}

  @Override
  public OperatorDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public MediaInfo outputMetadata(Params params, List<MediaInfo> inputs) {
    List<VideoStream> video =
        inputs.get(0).primaryVideo().map(v -> List.of(v.withFps(0))).orElse(List.of());
    return new MediaInfo("", MediaDuration.ZERO, 0, 0, video, List.of(), List.of(), Map.of());
  }

  @Override
  public FilterFragment compile(Params params, CompileContext ctx) {
    FilterFragment.Builder fragment = FilterFragment.builder();
    if (ctx.inputs().get(0).hasVideo()) {
      fragment.chain(
          StreamType.VIDEO,
          0,
          FilterFragment.filter("trim", FilterArg.of("start", at(params).toFfmpeg())),
          FilterFragment.filter("setpts", FilterArg.positional("PTS-STARTPTS")));
    }
    return fragment.build();
  }

  @Override
  public Estimate estimate(Params params, List<MediaInfo> inputs) {
    MediaInfo input = inputs.get(0);
    // trim decodes every frame up to 'at'; one frame more is negligible
    MediaDuration decoded = at(params).min(input.duration());
    return Costs.filtering(input.withAudio(List.of()), decoded, 1.0);
  }

  private static MediaDuration at(Params params) {
    return params.optDuration(AT).orElse(MediaDuration.ZERO);
  }
}
