package io.mediaflow.ffmpeg.internal.operators;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.Violation;
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
import io.mediaflow.api.operator.ValidationContext;
import java.util.List;
import java.util.Optional;

/**
 * {@code scale}: resizes video to {@code width} x {@code height}. A missing side, {@code -1} or
 * {@code -2} keeps the aspect ratio ({@code -2} rounds to an even number, as most encoders need).
 * Audio passes through untouched.
 */
public final class ScaleOperator implements Operator {

  static final String WIDTH = "width";
  static final String HEIGHT = "height";
  static final String ALGORITHM = "algorithm";

  /** Stands for a side that is not given: keep the aspect ratio, rounded to an even number. */
  static final long KEEP_ASPECT_EVEN = -2;

  private static final int MAX_SIDE = 16384;

  private static final OperatorDescriptor DESCRIPTOR =
      OperatorDescriptor.builder("scale")
          .description("Resizes video; a missing side, -1 or -2 keeps the aspect ratio.")
          .inputs(1, 1)
          .param(side(WIDTH))
          .param(side(HEIGHT))
          .param(
              ParamSpec.builder(ALGORITHM, ParamType.ENUM)
                  .allowed(
                      "bicubic",
                      "bilinear",
                      "lanczos",
                      "neighbor",
                      "area",
                      "fast_bilinear",
                      "spline")
                  .defaultValue("bicubic")
                  .description("the scaling algorithm")
                  .build())
          .build();

  /** Used by {@link java.util.ServiceLoader}. */
  public ScaleOperator() {}

  @Override
  public OperatorDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public List<Violation> validate(Params params, ValidationContext ctx) {
    Optional<Long> width = params.optLong(WIDTH);
    Optional<Long> height = params.optLong(HEIGHT);
    if (width.isEmpty() && height.isEmpty()) {
      return List.of(
          new Violation(
              ctx.paramsPath(),
              ErrorCode.MISSING_FIELD,
              "scale needs 'width', 'height' or both, but neither was given",
              "give a size in pixels, such as {\"width\": 640}; the other side then keeps the"
                  + " aspect ratio"));
    }
    long w = width.orElse(KEEP_ASPECT_EVEN);
    long h = height.orElse(KEEP_ASPECT_EVEN);
    if (w < 0 && h < 0) {
      return List.of(
          new Violation(
              ctx.paramsPath(),
              ErrorCode.INVALID_VALUE,
              "'width' ("
                  + w
                  + ") and 'height' ("
                  + h
                  + ") cannot both keep the aspect ratio: one of them must be a size",
              "give at least one side in pixels"));
    }
    return List.of();
  }

  @Override
  public MediaInfo outputMetadata(Params params, List<MediaInfo> inputs) {
    return FrameSize.resized(
        inputs.get(0), v -> outputSize(width(params), height(params), v.width(), v.height()));
  }

  @Override
  public FilterFragment compile(Params params, CompileContext ctx) {
    MediaInfo input = ctx.inputs().get(0);
    FilterFragment.Builder fragment = FilterFragment.builder();
    if (input.hasVideo()) {
      fragment.chain(
          StreamType.VIDEO,
          0,
          FilterFragment.filter(
              "scale",
              FilterArg.of("w", width(params)),
              FilterArg.of("h", height(params)),
              FilterArg.of("flags", params.getString(ALGORITHM))));
    }
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
    // scaling costs in proportion to the larger of the two frames
    double weight = inPixels == 0 ? 1.0 : 1.0 + Math.max(inPixels, outPixels) / (double) inPixels;
    return Costs.filtering(input, input.duration(), weight);
  }

  private static long width(Params params) {
    return params.optLong(WIDTH).orElse(KEEP_ASPECT_EVEN);
  }

  private static long height(Params params) {
    return params.optLong(HEIGHT).orElse(KEEP_ASPECT_EVEN);
  }

  /**
   * The size FFmpeg's {@code scale} produces, as its {@code ff_scale_adjust_dimensions} does: a
   * negative side is derived from the other with the input's aspect ratio, rounded to the nearest
   * multiple of its absolute value.
   */
  static int[] outputSize(long width, long height, int inWidth, int inHeight) {
    long w = width;
    long h = height;
    if (w < 0 && h < 0) {
      return new int[] {inWidth, inHeight};
    }
    long factorW = w < 0 ? -w : 1;
    long factorH = h < 0 ? -h : 1;
    if (w < 0) {
      w = rescale(h, inWidth, inHeight * factorW) * factorW;
    }
    if (h < 0) {
      h = rescale(w, inHeight, inWidth * factorH) * factorH;
    }
    return new int[] {Math.toIntExact(w), Math.toIntExact(h)};
  }

  /** {@code a * b / c} rounded to the nearest, halves away from zero (FFmpeg's av_rescale). */
  private static long rescale(long a, long b, long c) {
    return (a * b + c / 2) / c;
  }

  private static ParamSpec side(String name) {
    return ParamSpec.builder(name, ParamType.INT)
        .range(-2, MAX_SIDE)
        .check(
            v ->
                ((Long) v) == 0
                    ? Optional.of(
                        "must be a size in pixels, or -1/-2 to keep the aspect ratio, but was 0")
                    : Optional.empty())
        .description(
            "target "
                + name
                + " in pixels; -1 keeps the aspect ratio, -2 keeps it rounded to an even number;"
                + " when missing, -2")
        .build();
  }
}
