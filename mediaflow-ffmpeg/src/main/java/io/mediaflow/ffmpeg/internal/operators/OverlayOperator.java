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
import io.mediaflow.api.operator.PadRef;
import io.mediaflow.api.operator.Params;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code overlay}: draws the second input (top: a logo, a picture-in-picture) over the first (base)
 * at {@code x}, {@code y}. The result is the base: its size, frame rate, duration and audio (passed
 * through untouched); the top's audio is not used.
 *
 * <p>The top is cut to the base's duration ({@code trim}), so a longer top never lengthens the
 * result. When the top ends first, a still image (duration 0) stays on screen ({@code
 * eof_action=repeat}); a clip disappears ({@code eof_action=pass}) rather than freezing.
 */
public final class OverlayOperator implements Operator {

  static final String X = "x";
  static final String Y = "y";

  private static final OperatorDescriptor DESCRIPTOR =
      OperatorDescriptor.builder("overlay")
          .description("Draws the second input over the first at x, y.")
          .inputs(2, 2)
          .param(
              PositionExpression.param(
                  X, "0", PositionExpression.OVERLAY, "where the top's left edge goes"))
          .param(
              PositionExpression.param(
                  Y, "0", PositionExpression.OVERLAY, "where the top's top edge goes"))
          .build();

  /** Used by {@link java.util.ServiceLoader}. */
  public OverlayOperator() {}

  @Override
  public OperatorDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public MediaInfo outputMetadata(Params params, List<MediaInfo> inputs) {
    MediaInfo base = inputs.get(0);
    return base.withDuration(base.duration());
  }

  @Override
  public FilterFragment compile(Params params, CompileContext ctx) {
    MediaInfo base = ctx.inputs().get(0);
    MediaInfo top = ctx.inputs().get(1);
    FilterFragment.Builder fragment = FilterFragment.builder();
    PadRef topPad = PadRef.input(1, StreamType.VIDEO);
    if (!base.duration().isZero()) {
      PadRef cut = PadRef.local("top");
      fragment.filter(
          new FilterCall(
              "trim",
              List.of(FilterArg.of("duration", base.duration().toFfmpeg())),
              List.of(topPad),
              List.of(cut)));
      topPad = cut;
    }
    List<FilterArg> args = new ArrayList<>();
    args.add(
        FilterArg.of(
            "x", PositionExpression.parse(params.getString(X), PositionExpression.OVERLAY)));
    args.add(
        FilterArg.of(
            "y", PositionExpression.parse(params.getString(Y), PositionExpression.OVERLAY)));
    args.add(FilterArg.of("eof_action", top.duration().isZero() ? "repeat" : "pass"));
    args.add(FilterArg.of("shortest", 0));
    PadRef out = PadRef.local("overlay");
    fragment.filter(
        new FilterCall(
            "overlay", args, List.of(PadRef.input(0, StreamType.VIDEO), topPad), List.of(out)));
    fragment.result(StreamType.VIDEO, out);
    if (base.hasAudio()) {
      fragment.passThrough(StreamType.AUDIO, 0);
    }
    return fragment.build();
  }

  @Override
  public Estimate estimate(Params params, List<MediaInfo> inputs) {
    MediaInfo base = inputs.get(0);
    MediaInfo top = inputs.get(1);
    // both pictures are decoded; blending costs about as much as a light filter on the base
    return Costs.filtering(base, base.duration(), 1.0)
        .alongside(
            Costs.filtering(top.withAudio(List.of()), top.duration().min(base.duration()), 1.0));
  }
}
