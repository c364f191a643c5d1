package io.mediaflow.ffmpeg.internal.operators;

import io.mediaflow.api.media.MediaDuration;
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
 * {@code fade}: fades in from black and silence, or out to them, over {@code duration} from {@code
 * start}. Video uses {@code fade}, audio {@code afade}. {@code stream} picks the tracks: {@code
 * both} (the default) fades whichever the input has, {@code video} or {@code audio} only that one
 * (an input without it is a planning error) and passes the other through.
 *
 * <p>Without {@code start}, a fade in starts at 0 and a fade out ends with the media: it starts at
 * the media's duration minus {@code duration} (at 0 when the media is shorter).
 */
public final class FadeOperator implements Operator {

  static final String TYPE = "type";
  static final String START = "start";
  static final String DURATION = "duration";
  static final String STREAM = "stream";

  private static final OperatorDescriptor DESCRIPTOR =
      OperatorDescriptor.builder("fade")
          .description("Fades in from, or out to, black and silence.")
          .inputs(1, 1)
          .param(
              ParamSpec.builder(TYPE, ParamType.ENUM)
                  .required()
                  .allowed("in", "out")
                  .description("in: from black and silence; out: to them")
                  .build())
          .param(
              ParamSpec.builder(START, ParamType.DURATION)
                  .description(
                      "when the fade begins; by default 0 for in, and so that it ends with the"
                          + " media for out")
                  .build())
          .param(
              ParamSpec.builder(DURATION, ParamType.DURATION)
                  .required()
                  .check(
                      v ->
                          ((MediaDuration) v).isZero()
                              ? Optional.of("must be longer than zero but was 0")
                              : Optional.empty())
                  .description("how long the fade lasts")
                  .build())
          .param(
              ParamSpec.builder(STREAM, ParamType.ENUM)
                  .allowed("both", "video", "audio")
                  .defaultValue("both")
                  .description("which tracks fade; both fades whichever the input has")
                  .build())
          .build();

  /** Used by {@link java.util.ServiceLoader}. */
  public FadeOperator() {}

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
  public FilterFragment compile(Params params, CompileContext ctx) {
    MediaInfo input = ctx.inputs().get(0);
    String stream = params.getString(STREAM);
    FilterArg[] args = {
      FilterArg.of("t", params.getString(TYPE)),
      FilterArg.of("st", start(params, input.duration()).toFfmpeg()),
      FilterArg.of("d", params.getDuration(DURATION).toFfmpeg())
    };
    FilterFragment.Builder fragment = FilterFragment.builder();
    boolean video = stream.equals("video") || (stream.equals("both") && input.hasVideo());
    boolean audio = stream.equals("audio") || (stream.equals("both") && input.hasAudio());
    if (video) {
      fragment.chain(StreamType.VIDEO, 0, FilterFragment.filter("fade", args));
    } else if (input.hasVideo()) {
      fragment.passThrough(StreamType.VIDEO, 0);
    }
    if (audio) {
      fragment.chain(StreamType.AUDIO, 0, FilterFragment.filter("afade", args));
    } else if (input.hasAudio()) {
      fragment.passThrough(StreamType.AUDIO, 0);
    }
    return fragment.build();
  }

  @Override
  public Estimate estimate(Params params, List<MediaInfo> inputs) {
    MediaInfo input = inputs.get(0);
    return Costs.filtering(input, input.duration(), 1.0);
  }

  /** The given start, or the default of the fade's type. */
  static MediaDuration start(Params params, MediaDuration mediaDuration) {
    Optional<MediaDuration> start = params.optDuration(START);
    if (start.isPresent()) {
      return start.get();
    }
    return params.getString(TYPE).equals("out")
        ? mediaDuration.minusClamped(params.getDuration(DURATION))
        : MediaDuration.ZERO;
  }
}
