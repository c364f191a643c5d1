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
 * {@code pad}: places the picture on a {@code width} x {@code height} canvas of {@code color} at
 * {@code x}, {@code y} (centered by default). Audio passes through untouched.
 *
 * <p>A canvas smaller than the input is grown to the input's size (validation cannot see the media,
 * and FFmpeg would refuse it); like FFmpeg, the size is then rounded down to what the pixel
 * format's chroma subsampling allows (even sides for yuv420p).
 */
public final class PadOperator implements Operator {

  static final String WIDTH = "width";
  static final String HEIGHT = "height";
  static final String X = "x";
  static final String Y = "y";
  static final String COLOR = "color";

  private static final int MAX_SIDE = 16384;

  private static final OperatorDescriptor DESCRIPTOR =
      OperatorDescriptor.builder("pad")
          .description("Places the picture on a larger canvas of one color, centered by default.")
          .inputs(1, 1)
          .param(side(WIDTH))
          .param(side(HEIGHT))
          .param(
              PositionExpression.param(
                  X, "(ow-iw)/2", PositionExpression.PAD, "where the picture's left edge goes"))
          .param(
              PositionExpression.param(
                  Y, "(oh-ih)/2", PositionExpression.PAD, "where the picture's top edge goes"))
          .param(Colors.param(COLOR, "black", "the canvas color"))
          .build();

  /** Used by {@link java.util.ServiceLoader}. */
  public PadOperator() {}

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
    int[] size =
        input
            .primaryVideo()
            .map(v -> outputSize(params, v))
            .orElse(new int[] {params.getInt(WIDTH), params.getInt(HEIGHT)});
    FilterFragment.Builder fragment = FilterFragment.builder();
    fragment.chain(
        StreamType.VIDEO,
        0,
        FilterFragment.filter(
            "pad",
            FilterArg.of("w", size[0]),
            FilterArg.of("h", size[1]),
            FilterArg.of(
                "x", PositionExpression.parse(params.getString(X), PositionExpression.PAD)),
            FilterArg.of(
                "y", PositionExpression.parse(params.getString(Y), PositionExpression.PAD)),
            FilterArg.of("color", params.getString(COLOR))));
    if (input.hasAudio()) {
      fragment.passThrough(StreamType.AUDIO, 0);
    }
    return fragment.build();
  }

  @Override
  public Estimate estimate(Params params, List<MediaInfo> inputs) {
    MediaInfo input = inputs.get(0);
    MediaInfo output = outputMetadata(params, inputs);
    long inPixels = FrameSize.pixels(input);
    long outPixels = FrameSize.pixels(output);
    double weight = inPixels == 0 ? 1.0 : Math.max(1.0, outPixels / (double) inPixels);
    return Costs.filtering(input, input.duration(), weight);
  }

  /** The canvas FFmpeg's pad produces: at least the input, rounded to the chroma subsampling. */
  static int[] outputSize(Params params, VideoStream in) {
    int[] shift = Numbers.chromaShift(in.pixelFormat());
    int w = Numbers.roundDown(Math.max(params.getInt(WIDTH), in.width()), shift[0]);
    int h = Numbers.roundDown(Math.max(params.getInt(HEIGHT), in.height()), shift[1]);
    return new int[] {w, h};
  }

  private static ParamSpec side(String name) {
    return ParamSpec.builder(name, ParamType.INT)
        .required()
        .range(1, MAX_SIDE)
        .description(
            name + " of the canvas in pixels; grown to the input's " + name + " when smaller")
        .build();
  }
}
