package io.mediaflow.ffmpeg.internal.operators;

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

/**
 * {@code crop}: keeps a {@code width} x {@code height} rectangle of the picture at {@code x},
 * {@code y} (centered by default). Audio passes through untouched.
 *
 * <p>A rectangle larger than the input is clamped to the input's size (validation cannot see the
 * media, and FFmpeg would refuse it); like FFmpeg, the size is then rounded down to what the pixel
 * format's chroma subsampling allows (even sides for yuv420p).
 */
public final class CropOperator implements Operator {

  static final String WIDTH = "width";
  static final String HEIGHT = "height";
  static final String X = "x";
  static final String Y = "y";

  private static final int MAX_SIDE = 16384;

  private static final OperatorDescriptor DESCRIPTOR =
      OperatorDescriptor.builder("crop")
          .description("Keeps a width x height rectangle of the picture, centered by default.")
          .inputs(1, 1)
          .param(side(WIDTH))
          .param(side(HEIGHT))
          .param(
              PositionExpression.param(
                  X, "(in_w-out_w)/2", PositionExpression.CROP, "left edge of the rectangle"))
          .param(
              PositionExpression.param(
                  Y, "(in_h-out_h)/2", PositionExpression.CROP, "top edge of the rectangle"))
          .build();

  /** Used by {@link java.util.ServiceLoader}. */
  public CropOperator() {}

  @Override
  public OperatorDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public MediaInfo outputMetadata(Params params, List<MediaInfo> inputs) {
    return FrameSize.resized(inputs.get(0), v -> outputSize(params, v));
  }

  @Override
  public FilterFragment compile(Params params, CompileContext ctx) {
    MediaInfo input = ctx.inputs().get(0);
    FilterFragment.Builder fragment = FilterFragment.builder();
    // no video is reported by the planner: the chain reads a stream the input does not have
    int[] size =
        input
            .primaryVideo()
            .map(v -> outputSize(params, v))
            .orElse(new int[] {width(params), height(params)});
    fragment.chain(
        StreamType.VIDEO,
        0,
        FilterFragment.filter(
            "crop",
            FilterArg.of("w", size[0]),
            FilterArg.of("h", size[1]),
            FilterArg.of(
                "x", PositionExpression.parse(params.getString(X), PositionExpression.CROP)),
            FilterArg.of(
                "y", PositionExpression.parse(params.getString(Y), PositionExpression.CROP))));
    if (input.hasAudio()) {
      fragment.passThrough(StreamType.AUDIO, 0);
    }
    return fragment.build();
  }

  @Override
  public Estimate estimate(Params params, List<MediaInfo> inputs) {
    MediaInfo input = inputs.get(0);
    return Costs.filtering(input, input.duration(), 1.0);
  }

  /** The size FFmpeg's crop produces: clamped to the input, rounded to the chroma subsampling. */
  static int[] outputSize(Params params, VideoStream in) {
    int[] shift = Numbers.chromaShift(in.pixelFormat());
    int w = Numbers.roundDown(Math.min(width(params), in.width()), shift[0]);
    int h = Numbers.roundDown(Math.min(height(params), in.height()), shift[1]);
    return new int[] {Math.max(w, 1 << shift[0]), Math.max(h, 1 << shift[1])};
  }

  private static int width(Params params) {
    return params.getInt(WIDTH);
  }

  private static int height(Params params) {
    return params.getInt(HEIGHT);
  }

  private static ParamSpec side(String name) {
    return ParamSpec.builder(name, ParamType.INT)
        .required()
        .range(1, MAX_SIDE)
        .description(name + " of the kept rectangle in pixels; clamped to the input's " + name)
        .build();
  }
}
