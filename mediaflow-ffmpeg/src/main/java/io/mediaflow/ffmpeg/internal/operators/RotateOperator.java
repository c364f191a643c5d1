package io.mediaflow.ffmpeg.internal.operators;

import io.mediaflow.api.media.MediaInfo;
import io.mediaflow.api.media.StreamType;
import io.mediaflow.api.operator.CompileContext;
import io.mediaflow.api.operator.Estimate;
import io.mediaflow.api.operator.FilterArg;
import io.mediaflow.api.operator.FilterCall;
import io.mediaflow.api.operator.FilterFragment;
import io.mediaflow.api.operator.Operator;
import io.mediaflow.api.operator.OperatorDescriptor;
import io.mediaflow.api.operator.ParamSpec;
import io.mediaflow.api.operator.ParamType;
import io.mediaflow.api.operator.Params;
import java.util.List;

/**
 * {@code rotate}: turns the picture clockwise by {@code degrees} (negative: counter-clockwise).
 * Quarter turns are exact and lossless in geometry: 90 and -270 use {@code transpose=clock}, -90
 * and 270 {@code transpose=cclock} (width and height swap), 180 {@code hflip,vflip}, 0 and 360
 * change nothing. Any other angle uses {@code rotate} in radians and keeps the frame size, filling
 * the uncovered corners with black. Audio passes through untouched.
 */
public final class RotateOperator implements Operator {

  static final String DEGREES = "degrees";

  private static final OperatorDescriptor DESCRIPTOR =
      OperatorDescriptor.builder("rotate")
          .description("Turns the picture clockwise by 'degrees'; quarter turns are exact.")
          .inputs(1, 1)
          .param(
              ParamSpec.builder(DEGREES, ParamType.FLOAT)
                  .required()
                  .range(-360, 360)
                  .description(
                      "clockwise angle in degrees, -360 to 360; multiples of 90 swap or flip"
                          + " exactly, other angles keep the frame size")
                  .build())
          .build();

  /** Used by {@link java.util.ServiceLoader}. */
  public RotateOperator() {}

  @Override
  public OperatorDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public MediaInfo outputMetadata(Params params, List<MediaInfo> inputs) {
    MediaInfo input = inputs.get(0);
    int quarter = quarterTurns(params);
    return input
        .primaryVideo()
        .map(
            v ->
                quarter == 1 || quarter == 3
                    ? input.withPrimaryVideo(v.withSize(v.height(), v.width()))
                    : input.withDuration(input.duration()))
        .orElse(input.withDuration(input.duration()));
  }

  @Override
  public FilterFragment compile(Params params, CompileContext ctx) {
    FilterFragment.Builder fragment = FilterFragment.builder();
    fragment.chain(StreamType.VIDEO, 0, filters(params));
    if (ctx.inputs().get(0).hasAudio()) {
      fragment.passThrough(StreamType.AUDIO, 0);
    }
    return fragment.build();
  }

  @Override
  public Estimate estimate(Params params, List<MediaInfo> inputs) {
    MediaInfo input = inputs.get(0);
    // an arbitrary angle interpolates every pixel; a quarter turn only moves them
    double weight = quarterTurns(params) >= 0 ? 1.0 : 2.0;
    return Costs.filtering(input, input.duration(), weight);
  }

  private static FilterCall[] filters(Params params) {
    return switch (quarterTurns(params)) {
      case 0 -> new FilterCall[0];
      case 1 -> new FilterCall[] {FilterFragment.filter("transpose", FilterArg.of("dir", "clock"))};
      case 2 -> new FilterCall[] {FilterFragment.filter("hflip"), FilterFragment.filter("vflip")};
      case 3 ->
          new FilterCall[] {FilterFragment.filter("transpose", FilterArg.of("dir", "cclock"))};
      default ->
          new FilterCall[] {
            FilterFragment.filter(
                "rotate",
                FilterArg.of("a", Numbers.plain(Math.toRadians(params.getDouble(DEGREES)))))
          };
    };
  }

  /** Clockwise quarter turns, 0 to 3, or -1 when the angle is not a multiple of 90. */
  static int quarterTurns(Params params) {
    double degrees = params.getDouble(DEGREES);
    if (degrees % 90 != 0) {
      return -1;
    }
    return Math.floorMod((long) (degrees / 90), 4);
  }
}
