package io.mediaflow.internal.plan;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.Violation;
import io.mediaflow.api.operator.Operator;
import io.mediaflow.api.operator.OperatorDescriptor;
import io.mediaflow.api.operator.ParamBinder;
import io.mediaflow.api.operator.Params;
import io.mediaflow.api.operator.ValidationContext;
import io.mediaflow.api.spec.CodecSpec;
import io.mediaflow.api.spec.InputSpec;
import io.mediaflow.api.spec.JobSpec;
import io.mediaflow.api.spec.OperationSpec;
import io.mediaflow.api.spec.OutputSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Checks a spec without any I/O and reports every problem with its JSON path: ids, references,
 * operators and their parameters, arity, cycles, unused and unreachable results, and outputs.
 */
public final class SpecValidator {

  private static final Pattern BITRATE = Pattern.compile("\\d+(\\.\\d+)?[kKmM]?");
  private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
  private static final Set<String> VIDEO_CODECS = Set.of("h264", "hevc", "vp9", "copy", "none");
  private static final Set<String> AUDIO_CODECS = Set.of("aac", "mp3", "opus", "copy", "none");

  /** The only rates libopus encodes at. */
  private static final List<Integer> OPUS_RATES = List.of(8000, 12000, 16000, 24000, 48000);

  private static final List<String> PRESETS =
      List.of(
          "ultrafast",
          "superfast",
          "veryfast",
          "faster",
          "fast",
          "medium",
          "slow",
          "slower",
          "veryslow");

  private final Function<String, Optional<Operator>> operators;
  private final List<String> operatorNames;

  public SpecValidator(Function<String, Optional<Operator>> operators, List<String> names) {
    this.operators = operators;
    this.operatorNames = List.copyOf(names);
  }

  /** The outcome: the checked spec when there is no violation. */
  public record Result(Optional<CheckedSpec> checked, List<Violation> violations) {}

  public Result validate(JobSpec spec) {
    Run run = new Run(spec);
    run.check();
    if (!run.violations.isEmpty()) {
      return new Result(Optional.empty(), List.copyOf(run.violations));
    }
    return new Result(
        Optional.of(
            new CheckedSpec(
                spec,
                run.resolvedOperators,
                run.boundParams,
                run.containers,
                Map.copyOf(run.operationByResult))),
        List.of());
  }

  /** The state of one validation. */
  private final class Run {
    private final JobSpec spec;
    private final List<Violation> violations = new ArrayList<>();
    private final Map<String, String> idOwners = new HashMap<>();
    private final Set<String> inputIds = new HashSet<>();
    private final Map<String, Integer> operationByResult = new LinkedHashMap<>();
    private final List<Operator> resolvedOperators = new ArrayList<>();
    private final List<Params> boundParams = new ArrayList<>();
    private final List<Containers> containers = new ArrayList<>();
    private final Set<String> referenced = new HashSet<>();

    Run(JobSpec spec) {
      this.spec = spec;
    }

    void check() {
      if (spec.version() > JobSpec.CURRENT_VERSION) {
        add(
            "version",
            ErrorCode.UNSUPPORTED_VERSION,
            "spec version "
                + spec.version()
                + " is newer than the newest this library reads ("
                + JobSpec.CURRENT_VERSION
                + ")",
            "upgrade mediaflow, or write the spec in version " + JobSpec.CURRENT_VERSION);
      } else if (spec.version() < 1) {
        add(
            "version",
            ErrorCode.INVALID_VALUE,
            "version must be 1 or more but was " + spec.version(),
            "");
      }
      if (spec.inputs().isEmpty()) {
        add(
            "inputs",
            ErrorCode.NO_INPUTS,
            "a job needs at least one input",
            "add an entry to inputs");
      }
      if (spec.outputs().isEmpty()) {
        add(
            "outputs",
            ErrorCode.NO_OUTPUTS,
            "a job needs at least one output",
            "add an entry to outputs");
      }
      for (int i = 0; i < spec.inputs().size(); i++) {
        InputSpec input = spec.inputs().get(i);
        if (claimId(input.id(), "inputs[" + i + "].id")) {
          inputIds.add(input.id());
        }
      }
      for (int i = 0; i < spec.operations().size(); i++) {
        if (claimId(spec.operations().get(i).output(), "operations[" + i + "].output")) {
          operationByResult.put(spec.operations().get(i).output(), i);
        }
      }
      for (int i = 0; i < spec.operations().size(); i++) {
        checkOperation(i, spec.operations().get(i));
      }
      for (int i = 0; i < spec.outputs().size(); i++) {
        checkOutput(i, spec.outputs().get(i));
      }
      new CycleFinder(spec, operationByResult, violations).find();
      checkUnused();
    }

    private boolean claimId(String id, String path) {
      if (!isValidId(id)) {
        add(
            path,
            ErrorCode.INVALID_VALUE,
            "id \"" + id + "\" is not valid",
            "use letters, digits, '_', '.' or '-' (at most 64), starting with a letter, digit or '_'");
        return false;
      }
      String first = idOwners.putIfAbsent(id, path);
      if (first != null) {
        add(
            path,
            ErrorCode.DUPLICATE_ID,
            "id '" + id + "' is already used at " + first,
            "give each input and operation result its own id");
        return false;
      }
      return true;
    }

    private void checkOperation(int i, OperationSpec op) {
      String base = "operations[" + i + "]";
      Optional<Operator> found = operators.apply(op.op());
      for (int k = 0; k < op.inputs().size(); k++) {
        String ref = op.inputs().get(k);
        String path = op.inputs().size() == 1 ? base + ".input" : base + ".input[" + k + "]";
        checkReference(ref, path);
      }
      if (found.isEmpty()) {
        add(
            base + ".op",
            ErrorCode.UNKNOWN_OPERATOR,
            "unknown operator '" + op.op() + "'",
            Suggestions.closest(op.op(), operatorNames)
                .map(s -> "did you mean '" + s + "'?")
                .orElse("known operators: " + operatorNames));
        resolvedOperators.add(null);
        boundParams.add(Params.empty());
        return;
      }
      Operator operator = found.get();
      OperatorDescriptor d = operator.descriptor();
      int n = op.inputs().size();
      if (n < d.minInputs() || n > d.maxInputs()) {
        add(
            base + ".input",
            ErrorCode.WRONG_ARITY,
            "operator '" + d.name() + "' takes " + d.arityText() + " input(s) but was given " + n,
            "");
      }
      ParamBinder.Result bound = ParamBinder.bind(d, op.params(), base + ".params");
      violations.addAll(bound.violations());
      if (bound.ok()) {
        violations.addAll(
            operator.validate(bound.params(), new ValidationContext(base + ".params")));
      }
      resolvedOperators.add(operator);
      boundParams.add(bound.params());
    }

    private void checkReference(String ref, String path) {
      referenced.add(ref);
      if (!inputIds.contains(ref) && !operationByResult.containsKey(ref)) {
        List<String> known = new ArrayList<>(inputIds);
        known.addAll(operationByResult.keySet());
        add(
            path,
            ErrorCode.UNKNOWN_ID,
            "'" + ref + "' is neither an input nor an operation result",
            Suggestions.closest(ref, known)
                .map(s -> "did you mean '" + s + "'?")
                .orElse("known ids: " + known));
      }
    }

    private void checkOutput(int i, OutputSpec out) {
      String base = "outputs[" + i + "]";
      checkReference(out.id(), base + ".id");
      if (out.destination().isBlank()) {
        add(
            base + ".destination",
            ErrorCode.MISSING_FIELD,
            "destination is empty",
            "write file:out/name.mp4");
      }
      CodecSpec c = out.codec();
      Optional<Containers> container;
      if (c.container() != null) {
        container = Containers.byName(c.container());
        if (container.isEmpty()) {
          add(
              base + ".codec.container",
              ErrorCode.INVALID_VALUE,
              "unknown container '" + c.container() + "'",
              "use one of " + sorted(Containers.names()));
        }
      } else {
        container = Containers.forDestination(out.destination());
        if (container.isEmpty() && !out.destination().isBlank()) {
          add(
              base + ".destination",
              ErrorCode.INVALID_VALUE,
              "cannot tell the container from \"" + out.destination() + "\"",
              "use a known extension (" + sorted(Containers.names()) + ") or set codec.container");
        }
      }
      containers.add(container.orElse(null));
      oneOf(c.video(), VIDEO_CODECS, base + ".codec.video");
      oneOf(c.audio(), AUDIO_CODECS, base + ".codec.audio");
      if (c.preset() != null) {
        oneOf(c.preset(), Set.copyOf(PRESETS), base + ".codec.preset");
      }
      range(c.crf(), 0, 51, base + ".codec.crf");
      range(c.sampleRate(), 8000, 192000, base + ".codec.sampleRate");
      range(c.channels(), 1, 8, base + ".codec.channels");
      bitrate(c.videoBitrate(), base + ".codec.videoBitrate");
      bitrate(c.audioBitrate(), base + ".codec.audioBitrate");
      if ("none".equals(c.video()) && "none".equals(c.audio())) {
        add(
            base + ".codec",
            ErrorCode.INVALID_VALUE,
            "video and audio are both 'none': the output would be empty",
            "keep at least one stream");
      }
      container.ifPresent(k -> checkCodecsFit(k, c, base));
      for (String key : out.metadata().keySet()) {
        if (!TAG.matcher(key).matches()) {
          add(
              base + ".metadata." + key,
              ErrorCode.INVALID_VALUE,
              "metadata key \"" + key + "\" is not valid",
              "use letters, digits, '_', '.' or '-'");
        }
      }
    }

    private void checkCodecsFit(Containers k, CodecSpec c, String base) {
      if (c.video() != null && !c.video().equals("none") && !c.video().equals("copy")) {
        if (!k.holdsVideo()) {
          add(
              base + ".codec.video",
              ErrorCode.INCOMPATIBLE_STREAM,
              "a ." + k.id() + " file holds no video but video is '" + c.video() + "'",
              "set video to none or choose a video container");
        } else if (!k.acceptsVideo(c.video()) && VIDEO_CODECS.contains(c.video())) {
          add(
              base + ".codec.video",
              ErrorCode.INCOMPATIBLE_STREAM,
              "a ." + k.id() + " file cannot hold " + c.video() + " video",
              "use one of " + sorted(k.videoCodecs()));
        }
      }
      if (c.audio() != null && !c.audio().equals("none") && !c.audio().equals("copy")) {
        if (!k.holdsAudio()) {
          add(
              base + ".codec.audio",
              ErrorCode.INCOMPATIBLE_STREAM,
              "a ." + k.id() + " file holds no audio but audio is '" + c.audio() + "'",
              "set audio to none or choose a container with audio");
        } else if (!k.acceptsAudio(c.audio()) && AUDIO_CODECS.contains(c.audio())) {
          add(
              base + ".codec.audio",
              ErrorCode.INCOMPATIBLE_STREAM,
              "a ." + k.id() + " file cannot hold " + c.audio() + " audio",
              "use one of " + sorted(k.audioCodecs()));
        }
      }
      String audio = c.audio() != null ? c.audio() : k.defaultAudio().orElse(null);
      if ("opus".equals(audio) && c.sampleRate() != null && !OPUS_RATES.contains(c.sampleRate())) {
        // libopus refuses any other rate when FFmpeg opens it, after the job started
        add(
            base + ".codec.sampleRate",
            ErrorCode.INVALID_VALUE,
            "opus cannot encode at " + c.sampleRate() + " Hz",
            "use one of " + OPUS_RATES + ", or another audio codec");
      }
    }

    private void checkUnused() {
      for (int i = 0; i < spec.inputs().size(); i++) {
        String id = spec.inputs().get(i).id();
        if (inputIds.contains(id) && !referenced.contains(id)) {
          add(
              "inputs[" + i + "].id",
              ErrorCode.UNUSED_INPUT,
              "input '" + id + "' is never used",
              "remove it, or use it in an operation or an output");
        }
      }
      for (int i = 0; i < spec.operations().size(); i++) {
        String id = spec.operations().get(i).output();
        if (operationByResult.get(id) != null
            && operationByResult.get(id) == i
            && !referenced.contains(id)) {
          add(
              "operations[" + i + "].output",
              ErrorCode.UNUSED_RESULT,
              "the result '" + id + "' is never used",
              "write it to an output, feed it to an operation, or remove the operation");
        }
      }
    }

    private void oneOf(String value, Set<String> allowed, String path) {
      if (value != null && !allowed.contains(value)) {
        add(
            path,
            ErrorCode.INVALID_VALUE,
            "must be one of " + sorted(allowed) + " but was \"" + value + "\"",
            "");
      }
    }

    private void range(Integer value, int min, int max, String path) {
      if (value != null && (value < min || value > max)) {
        add(
            path,
            ErrorCode.OUT_OF_RANGE,
            "must be between " + min + " and " + max + " but was " + value,
            "");
      }
    }

    private void bitrate(String value, String path) {
      if (value != null && !BITRATE.matcher(value).matches()) {
        add(
            path,
            ErrorCode.INVALID_VALUE,
            "\"" + value + "\" is not a bitrate",
            "write bits per second with an optional k or M suffix, such as 192k or 4M");
      }
    }

    private void add(String path, ErrorCode code, String message, String suggestion) {
      violations.add(new Violation(path, code, message, suggestion));
    }
  }

  /** {@code [A-Za-z0-9_][A-Za-z0-9_.-]{0,63}}, without a regex: it runs for every id. */
  static boolean isValidId(String id) {
    int n = id.length();
    if (n == 0 || n > 64) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = id.charAt(i);
      boolean word =
          (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
      if (!word && (i == 0 || (c != '.' && c != '-'))) {
        return false;
      }
    }
    return true;
  }

  private static List<String> sorted(Set<String> values) {
    return values.stream().sorted().toList();
  }
}
