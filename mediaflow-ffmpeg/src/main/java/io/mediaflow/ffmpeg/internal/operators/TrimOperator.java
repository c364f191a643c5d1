package io.mediaflow.ffmpeg.internal.operators;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.Violation;
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
import io.mediaflow.api.operator.ValidationContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code trim}: keeps the part of a clip from {@code start}, for {@code duration} or up to {@code
 * end}, and restarts timestamps at zero. Video uses {@code trim}, audio {@code atrim}.
 */
public final class TrimOperator implements Operator {

  static final String START = "start";
  static final String DURATION = "duration";
  static final String END = "end";

  private static final OperatorDescriptor DESCRIPTOR =
      OperatorDescriptor.builder("trim")
          .description("Keeps the part of a clip from 'start' for 'duration' or up to 'end'.")
          .inputs(1, 1)
          .param(
              ParamSpec.builder(START, ParamType.DURATION)
                  .defaultValue(0)
                  .description("where the kept part begins")
                  .build())
          .param(
              ParamSpec.builder(DURATION, ParamType.DURATION)
                  .check(TrimOperator::positive)
                  .description("how long the kept part is; excludes 'end'")
                  .build())
          .param(
              ParamSpec.builder(END, ParamType.DURATION)
                  .check(TrimOperator::positive)
                  .description("where the kept part ends, after 'start'; excludes 'duration'")
                  .build())
          .build();

  /** Used by {@link java.util.ServiceLoader}. */
  public TrimOperator() {}

  @Override
  public OperatorDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public List<Violation> validate(Params params, ValidationContext ctx) {
    List<Violation> violations = new ArrayList<>();
    Optional<MediaDuration> duration = params.optDuration(DURATION);
    Optional<MediaDuration> end = params.optDuration(END);
    MediaDuration start = start(params);
    if (duration.isPresent() && end.isPresent()) {
      violations.add(
          new Violation(
              ctx.paramsPath(),
              ErrorCode.INVALID_VALUE,
              "'duration' ("
                  + duration.get().toFfmpeg()
                  + "s) and 'end' ("
                  + end.get().toFfmpeg()
                  + "s) exclude each other",
              "give either 'duration' or 'end', not both"));
    } else if (end.isPresent() && end.get().compareTo(start) <= 0) {
      violations.add(
          new Violation(
              ctx.path(END),
              ErrorCode.OUT_OF_RANGE,
              "'end' ("
                  + end.get().toFfmpeg()
                  + "s) must be after 'start' ("
                  + start.toFfmpeg()
                  + "s)",
              "set 'end' later than 'start', or use 'duration'"));
    }
    return violations;
  }

  @Override
  public MediaInfo outputMetadata(Params params, List<MediaInfo> inputs) {
    MediaInfo input = inputs.get(0);
    return input.withDuration(keptDuration(params, input.duration()));
  }

  @Override
  public FilterFragment compile(Params params, CompileContext ctx) {
    MediaInfo input = ctx.inputs().get(0);
    List<FilterArg> args = new ArrayList<>();
    args.add(FilterArg.of(START, start(params).toFfmpeg()));
    params.optDuration(DURATION).ifPresent(d -> args.add(FilterArg.of(DURATION, d.toFfmpeg())));
    params.optDuration(END).ifPresent(e -> args.add(FilterArg.of(END, e.toFfmpeg())));
    FilterArg[] trimArgs = args.toArray(FilterArg[]::new);
    FilterFragment.Builder fragment = FilterFragment.builder();
    if (input.hasVideo()) {
      fragment.chain(
          StreamType.VIDEO,
          0,
          FilterFragment.filter("trim", trimArgs),
          FilterFragment.filter("setpts", FilterArg.positional("PTS-STARTPTS")));
    }
    if (input.hasAudio()) {
      fragment.chain(
          StreamType.AUDIO,
          0,
          FilterFragment.filter("atrim", trimArgs),
          FilterFragment.filter("asetpts", FilterArg.positional("PTS-STARTPTS")));
    }
    return fragment.build();
  }

  @Override
  public Estimate estimate(Params params, List<MediaInfo> inputs) {
    MediaInfo input = inputs.get(0);
    // cost follows the kept media time: decoding what lies before 'start' is cheap next to encoding
    return Costs.filtering(input, keptDuration(params, input.duration()), 1.0);
  }

  private static MediaDuration start(Params params) {
    return params.optDuration(START).orElse(MediaDuration.ZERO);
  }

  /** What is left of {@code total} after trimming, clamped to the input. */
  static MediaDuration keptDuration(Params params, MediaDuration total) {
    MediaDuration start = start(params);
    MediaDuration available = total.minusClamped(start);
    Optional<MediaDuration> duration = params.optDuration(DURATION);
    if (duration.isPresent()) {
      return duration.get().min(available);
    }
    Optional<MediaDuration> end = params.optDuration(END);
    if (end.isPresent()) {
      return end.get().min(total).minusClamped(start);
    }
    return available;
  }

  private static Optional<String> positive(Object value) {
    return ((MediaDuration) value).isZero()
        ? Optional.of("must be longer than zero but was 0")
        : Optional.empty();
  }
}
