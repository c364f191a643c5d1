package io.mediaflow.ffmpeg.internal.operators;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.Violation;
import io.mediaflow.api.media.MediaDuration;
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
import io.mediaflow.api.operator.ParamSpec;
import io.mediaflow.api.operator.ParamType;
import io.mediaflow.api.operator.Params;
import io.mediaflow.api.operator.ValidationContext;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code mix}: mixes the audio of two or more inputs with {@code amix}, as long as the longest.
 * {@code weights} scale each input (FFmpeg then divides by their sum, so the mix does not clip);
 * missing weights are 1. The video of the first input, if any, passes through untouched. Every
 * input needs audio.
 *
 * <p>With {@code ducking}, the first input (typically music) is lowered while the others (typically
 * a voice) sound: it goes through {@code sidechaincompress} keyed by the others (their sum when
 * there are several, by {@code amix} without normalization) with threshold {@value #DUCK_THRESHOLD}
 * (about -26 dBFS), ratio {@value #DUCK_RATIO}, attack {@value #DUCK_ATTACK_MS} ms and release
 * {@value #DUCK_RELEASE_MS} ms, then is mixed with the others as above. The planner inserts the
 * {@code asplit} that lets each other input feed both the key and the mix.
 */
public final class MixOperator implements Operator {

  static final String WEIGHTS = "weights";
  static final String DUCKING = "ducking";

  static final int MAX_INPUTS = 32;
  static final double MAX_WEIGHT = 100;
  static final String DUCK_THRESHOLD = "0.05";
  static final String DUCK_RATIO = "8";
  static final String DUCK_ATTACK_MS = "20";
  static final String DUCK_RELEASE_MS = "400";

  private static final OperatorDescriptor DESCRIPTOR =
      OperatorDescriptor.builder("mix")
          .description(
              "Mixes the audio of several inputs; optionally ducks the first under the rest.")
          .inputs(2, MAX_INPUTS)
          .param(
              ParamSpec.builder(WEIGHTS, ParamType.ARRAY)
                  .description("one number per input, 0 to 100, in input order; missing ones are 1")
                  .build())
          .param(
              ParamSpec.builder(DUCKING, ParamType.BOOL)
                  .defaultValue(false)
                  .description("lower the first input while the others sound")
                  .build())
          .build();

  /** Used by {@link java.util.ServiceLoader}. */
  public MixOperator() {}

  @Override
  public OperatorDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public List<Violation> validate(Params params, ValidationContext ctx) {
    List<Violation> violations = new ArrayList<>();
    List<?> weights = (List<?>) params.get(WEIGHTS).orElse(List.of());
    if (params.has(WEIGHTS) && weights.size() < 2) {
      violations.add(
          new Violation(
              ctx.path(WEIGHTS),
              ErrorCode.INVALID_VALUE,
              "must hold one weight per input (at least 2) but held " + weights.size(),
              "give one number per input, such as [1, 0.5]"));
    }
    if (weights.size() > MAX_INPUTS) {
      violations.add(
          Violation.of(
              ctx.path(WEIGHTS),
              ErrorCode.INVALID_VALUE,
              "holds "
                  + weights.size()
                  + " weights but mix reads at most "
                  + MAX_INPUTS
                  + " inputs"));
    }
    for (int k = 0; k < weights.size(); k++) {
      Object w = weights.get(k);
      String path = ctx.path(WEIGHTS) + "[" + k + "]";
      if (!(w instanceof Number n) || !Double.isFinite(n.doubleValue())) {
        violations.add(
            Violation.of(
                path, ErrorCode.WRONG_TYPE, "expected a number but was " + ParamType.describe(w)));
      } else if (n.doubleValue() < 0 || n.doubleValue() > MAX_WEIGHT) {
        violations.add(
            Violation.of(
                path,
                ErrorCode.OUT_OF_RANGE,
                "must be between 0 and " + (int) MAX_WEIGHT + " but was " + n));
      }
    }
    return violations;
  }

  @Override
  public MediaInfo outputMetadata(Params params, List<MediaInfo> inputs) {
    MediaInfo first = inputs.get(0);
    MediaDuration longest =
        inputs.stream().map(MediaInfo::duration).reduce(MediaDuration.ZERO, MediaDuration::max);
    // amix works in one format, the first input's: the others are converted to it
    List<io.mediaflow.api.media.AudioStream> audio =
        inputs.stream()
            .filter(MediaInfo::hasAudio)
            .findFirst()
            .map(m -> List.of(m.primaryAudio().orElseThrow()))
            .orElse(List.of());
    return new MediaInfo(
        first.container(),
        longest,
        0,
        0,
        first.primaryVideo().map(List::of).orElse(List.of()),
        audio,
        List.of(),
        first.tags());
  }

  @Override
  public FilterFragment compile(Params params, CompileContext ctx) {
    int n = ctx.inputs().size();
    FilterFragment.Builder fragment = FilterFragment.builder();
    List<PadRef> mixed = new ArrayList<>();
    if (params.optBool(DUCKING).orElse(false)) {
      PadRef key;
      if (n == 2) {
        key = PadRef.input(1, StreamType.AUDIO);
      } else {
        List<PadRef> others = new ArrayList<>();
        for (int k = 1; k < n; k++) {
          others.add(PadRef.input(k, StreamType.AUDIO));
        }
        key = PadRef.local("key");
        fragment.filter(
            new FilterCall(
                "amix",
                List.of(
                    FilterArg.of("inputs", n - 1),
                    FilterArg.of("duration", "longest"),
                    FilterArg.of("normalize", 0)),
                others,
                List.of(key)));
      }
      PadRef ducked = PadRef.local("ducked");
      fragment.filter(
          new FilterCall(
              "sidechaincompress",
              List.of(
                  FilterArg.of("threshold", DUCK_THRESHOLD),
                  FilterArg.of("ratio", DUCK_RATIO),
                  FilterArg.of("attack", DUCK_ATTACK_MS),
                  FilterArg.of("release", DUCK_RELEASE_MS)),
              List.of(PadRef.input(0, StreamType.AUDIO), key),
              List.of(ducked)));
      mixed.add(ducked);
    } else {
      mixed.add(PadRef.input(0, StreamType.AUDIO));
    }
    for (int k = 1; k < n; k++) {
      mixed.add(PadRef.input(k, StreamType.AUDIO));
    }
    List<FilterArg> args = new ArrayList<>();
    args.add(FilterArg.of("inputs", n));
    if (params.has(WEIGHTS)) {
      args.add(FilterArg.of("weights", weights(params, n)));
    }
    args.add(FilterArg.of("duration", "longest"));
    PadRef out = PadRef.local("mix");
    fragment.filter(new FilterCall("amix", args, mixed, List.of(out)));
    fragment.result(StreamType.AUDIO, out);
    if (ctx.inputs().get(0).hasVideo()) {
      fragment.passThrough(StreamType.VIDEO, 0);
    }
    return fragment.build();
  }

  @Override
  public Estimate estimate(Params params, List<MediaInfo> inputs) {
    Estimate total = Estimate.ZERO;
    for (MediaInfo in : inputs) {
      // every input's audio is decoded and mixed; ducking analyses the others once more
      total = total.alongside(Costs.filtering(in.withVideo(List.of()), in.duration(), 1.0));
    }
    return params.optBool(DUCKING).orElse(false) ? total.plus(total) : total;
  }

  /** {@code "1 0.5 1"}: one weight per input, 1 where none is given, extra ones left out. */
  static String weights(Params params, int inputs) {
    List<?> given = (List<?>) params.get(WEIGHTS).orElse(List.of());
    List<String> out = new ArrayList<>();
    for (int k = 0; k < inputs; k++) {
      out.add(k < given.size() ? Numbers.plain(((Number) given.get(k)).doubleValue()) : "1");
    }
    return out.stream().collect(Collectors.joining(" "));
  }
}
