package io.mediaflow.internal.plan;

import io.mediaflow.JobLimits;
import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.Violation;
import io.mediaflow.api.operator.Operator;
import io.mediaflow.api.operator.OperatorDescriptor;
import io.mediaflow.api.operator.ParamBinder;
import io.mediaflow.api.operator.Params;
import io.mediaflow.api.operator.PathResolver;
import io.mediaflow.api.operator.ValidationContext;
import io.mediaflow.api.spec.CodecSpec;
import io.mediaflow.api.spec.JobSpec;
import io.mediaflow.api.spec.OperationSpec;
import io.mediaflow.api.spec.OutputSpec;
import io.mediaflow.internal.Suggestions;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a spec without any I/O and reports every problem with its JSON path: its size against the
 * {@link JobLimits} (alone, before the rest), ids, references, operators and their parameters,
 * arity, cycles, unused and unreachable results, outputs, and the text that reaches the media
 * tool's command line ({@link ArgumentText}).
 */
public final class SpecValidator {

  private static final Pattern BITRATE = Pattern.compile("(\\d{1,12})(\\.\\d{1,6})?([kKmM]?)");

  /** The slowest bitrate any encoder here takes (opus goes down to 6k). */
  private static final long MIN_BITRATE = 1_000;

  /** A bound well above any real stream (8K video is ~100M), far from FFmpeg's integer limits. */
  private static final long MAX_BITRATE = 2_000_000_000L;

  private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

  /**
   * A language code as tracks carry it ({@code eng}, {@code en-US}). It goes into FFmpeg's stream
   * specifier {@code 0:a:m:language:eng}, where a ':' would start another field.
   */
  private static final Pattern LANGUAGE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,34}");

  private static final Set<String> VIDEO_CODECS = Set.of("h264", "hevc", "vp9", "copy", "none");
  private static final Set<String> AUDIO_CODECS = Set.of("aac", "mp3", "opus", "copy", "none");

  /** {@code codec.hardware}: a word, a family, or an encoder (group 1: the codec it encodes). */
  private static final Pattern HARDWARE =
      Pattern.compile(
          "auto|off|nvenc|qsv|vaapi|videotoolbox|(h264|hevc|vp9)_(?:nvenc|qsv|vaapi|videotoolbox)");

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

  private static final Set<String> PRESET_SET = Set.copyOf(PRESETS);

  private final Function<String, Optional<Operator>> operators;
  private final List<String> operatorNames;
  private final PathResolver paths;
  private final JobLimits limits;

  /**
   * @param operators finds an operator by name
   * @param names every operator's name, for suggestions
   * @param paths resolves the files parameters name
   * @param limits the largest spec accepted
   */
  public SpecValidator(
      Function<String, Optional<Operator>> operators,
      List<String> names,
      PathResolver paths,
      JobLimits limits) {
    this.operators = operators;
    this.operatorNames = List.copyOf(names);
    this.paths = Objects.requireNonNull(paths, "paths");
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /** The outcome: the checked spec when there is no violation. */
  public record Result(Optional<CheckedSpec> checked, List<Violation> violations) {}

  public Result validate(JobSpec spec) {
    List<Violation> tooLarge = sizeViolations(spec);
    if (!tooLarge.isEmpty()) {
      // the point of the limit is to bound the work: nothing else of such a spec is examined
      return new Result(Optional.empty(), tooLarge);
    }
    Run run = new Run(spec);
    run.check();
    if (!run.violations.isEmpty()) {
      return new Result(
          Optional.empty(), List.copyOf(SwappedIds.explain(spec, run.violations, this::check)));
    }
    return new Result(
        Optional.of(
            new CheckedSpec(
                spec,
                run.resolvedOperators,
                run.boundParams,
                run.containers,
                run.operationInputs,
                run.outputSources)),
        List.of());
  }

  /** Every violation of a spec within the limits. */
  private List<Violation> check(JobSpec spec) {
    Run run = new Run(spec);
    run.check();
    return run.violations;
  }

  private List<Violation> sizeViolations(JobSpec spec) {
    List<Violation> violations = new ArrayList<>(0);
    tooMany(violations, "inputs", spec.inputs().size(), limits.maxInputs(), "--max-inputs");
    tooMany(
        violations,
        "operations",
        spec.operations().size(),
        limits.maxOperations(),
        "--max-operations");
    tooMany(violations, "outputs", spec.outputs().size(), limits.maxOutputs(), "--max-outputs");
    return violations;
  }

  private static void tooMany(
      List<Violation> violations, String what, int count, int limit, String option) {
    if (count > limit) {
      violations.add(
          new Violation(
              what,
              ErrorCode.JOB_TOO_LARGE,
              "the job has " + count + " " + what + "; at most " + limit + " are allowed",
              "split the job, or raise the limit ("
                  + option
                  + " on the command line, MediaFlow.Builder.jobLimits in Java)"));
    }
  }

  /** The state of one validation. */
  private final class Run {
    private final JobSpec spec;
    private final List<Violation> violations = new ArrayList<>();
    private final int inputCount;

    /**
     * Node numbers by id (see {@link CheckedSpec}): the one job-wide map, looked up once per
     * reference; everything after works on the numbers.
     */
    private final Map<String, Integer> nodes;

    /** Whether node {@code k} owns its id (false for a duplicate or an invalid id). */
    private final boolean[] claimed;

    private final boolean[] referenced;
    private final int[][] operationInputs;
    private final int[] outputSources;
    private final List<Operator> resolvedOperators;
    private final List<Params> boundParams;
    private final List<Containers> containers;

    /** Every valid id in spec order, for suggestions; built at the first unknown reference. */
    private List<String> knownIds;

    private final ArgumentText text = new ArgumentText(violations);

    Run(JobSpec spec) {
      this.spec = spec;
      this.inputCount = spec.inputs().size();
      int nodeCount = inputCount + spec.operations().size();
      this.nodes = new HashMap<>(FilterGraphFuser.capacity(nodeCount));
      this.claimed = new boolean[nodeCount];
      this.referenced = new boolean[nodeCount];
      this.operationInputs = new int[spec.operations().size()][];
      this.outputSources = new int[spec.outputs().size()];
      this.resolvedOperators = new ArrayList<>(spec.operations().size());
      this.boundParams = new ArrayList<>(spec.operations().size());
      this.containers = new ArrayList<>(spec.outputs().size());
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
      for (int i = 0; i < inputCount; i++) {
        claimId(spec.inputs().get(i).id(), i);
        int at = i;
        text.location(spec.inputs().get(i).source(), () -> "inputs[" + at + "].source", "source");
      }
      for (int i = 0; i < spec.operations().size(); i++) {
        claimId(spec.operations().get(i).output(), inputCount + i);
      }
      for (int i = 0; i < spec.operations().size(); i++) {
        checkOperation(i, spec.operations().get(i));
      }
      for (int i = 0; i < spec.outputs().size(); i++) {
        checkOutput(i, spec.outputs().get(i));
      }
      new CycleFinder(spec, dependencies(), violations).find();
      checkUnused();
    }

    /** The JSON path of the id of node {@code node}. */
    private String idPath(int node) {
      return node < inputCount
          ? "inputs[" + node + "].id"
          : "operations[" + (node - inputCount) + "].output";
    }

    private void claimId(String id, int node) {
      if (!isValidId(id)) {
        add(
            idPath(node),
            ErrorCode.INVALID_VALUE,
            "id \"" + id + "\" is not valid",
            "use letters, digits, '_', '.' or '-' (at most 64), starting with a letter, digit or '_'");
        return;
      }
      Integer first = nodes.putIfAbsent(id, node);
      if (first != null) {
        add(
            idPath(node),
            ErrorCode.DUPLICATE_ID,
            "id '" + id + "' is already used at " + idPath(first),
            "give each input and operation result its own id");
        return;
      }
      claimed[node] = true;
    }

    /** For each operation, the operations it reads (inputs left out), as operation indexes. */
    private int[][] dependencies() {
      int[][] deps = new int[operationInputs.length][];
      for (int i = 0; i < deps.length; i++) {
        int[] refs = operationInputs[i];
        int count = 0;
        for (int ref : refs) {
          if (ref >= inputCount) {
            count++;
          }
        }
        int[] d = new int[count];
        count = 0;
        for (int ref : refs) {
          if (ref >= inputCount) {
            d[count++] = ref - inputCount;
          }
        }
        deps[i] = d;
      }
      return deps;
    }

    private void checkOperation(int i, OperationSpec op) {
      String base = "operations[" + i + "]";
      Optional<Operator> found = operators.apply(op.op());
      int[] refs = new int[op.inputs().size()];
      for (int k = 0; k < refs.length; k++) {
        refs[k] = resolve(op.inputs().get(k), i, k);
      }
      operationInputs[i] = refs;
      if (found.isEmpty()) {
        add(
            base + ".op",
            ErrorCode.UNKNOWN_OPERATOR,
            "unknown operator '" + op.op() + "'",
            Suggestions.didYouMean(op.op(), operatorNames)
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
      ValidationContext ctx = new ValidationContext(base + ".params", paths);
      ParamBinder.Result bound = ParamBinder.bind(d, op.params(), ctx);
      violations.addAll(bound.violations());
      text.params(op.params(), base + ".params", bound.violations());
      if (bound.ok()) {
        violations.addAll(operator.validate(bound.params(), ctx));
      }
      resolvedOperators.add(operator);
      boundParams.add(bound.params());
    }

    /** The node input {@code k} of operation {@code i} reads, or -1 (reported) when unknown. */
    private int resolve(String ref, int i, int k) {
      int node = resolve(ref);
      if (node < 0) {
        int arity = spec.operations().get(i).inputs().size();
        unknownId(
            ref,
            arity == 1 ? "operations[" + i + "].input" : "operations[" + i + "].input[" + k + "]");
      }
      return node;
    }

    private int resolve(String ref) {
      Integer node = nodes.get(ref);
      if (node == null) {
        return -1;
      }
      referenced[node] = true;
      return node;
    }

    private void unknownId(String ref, String path) {
      if (knownIds == null) {
        knownIds = new ArrayList<>();
        for (int node = 0; node < claimed.length; node++) {
          if (claimed[node]) {
            knownIds.add(CheckedSpec.idOf(spec, node));
          }
        }
      }
      List<String> known = knownIds;
      add(
          path,
          ErrorCode.UNKNOWN_ID,
          "'" + ref + "' is neither an input nor an operation result",
          Suggestions.didYouMean(ref, known).orElse("known ids: " + known));
    }

    private void checkOutput(int i, OutputSpec out) {
      String base = "outputs[" + i + "]";
      outputSources[i] = resolve(out.id());
      if (outputSources[i] < 0) {
        unknownId(out.id(), base + ".id");
      }
      text.location(out.destination(), () -> base + ".destination", "destination");
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
      oneOf(c.video(), VIDEO_CODECS, base, ".codec.video");
      oneOf(c.audio(), AUDIO_CODECS, base, ".codec.audio");
      if (c.preset() != null) {
        oneOf(c.preset(), PRESET_SET, base, ".codec.preset");
      }
      range(c.crf(), 0, 51, base, ".codec.crf");
      range(c.threads(), 1, CodecSpec.MAX_THREADS, base, ".codec.threads");
      hardware(c, base);
      range(c.sampleRate(), 8000, 192000, base, ".codec.sampleRate");
      range(c.channels(), 1, 8, base, ".codec.channels");
      bitrate(c.videoBitrate(), base, ".codec.videoBitrate");
      bitrate(c.audioBitrate(), base, ".codec.audioBitrate");
      if ("none".equals(c.video()) && "none".equals(c.audio())) {
        add(
            base + ".codec",
            ErrorCode.INVALID_VALUE,
            "video and audio are both 'none': the output would be empty",
            "keep at least one stream");
      }
      container.ifPresent(k -> checkCodecsFit(k, c, base));
      for (int k = 0; k < out.streams().size(); k++) {
        String language = out.streams().get(k).language();
        if (!language.isEmpty() && !LANGUAGE.matcher(language).matches()) {
          add(
              base + ".streams[" + k + "].language",
              ErrorCode.INVALID_VALUE,
              "\"" + abbreviate(language) + "\" is not a language code",
              "use an ISO 639 code such as eng or fra (letters, digits, '-', '_')");
        }
      }
      for (Map.Entry<String, String> tag : out.metadata().entrySet()) {
        String key = tag.getKey();
        if (!TAG.matcher(key).matches()) {
          add(
              base + ".metadata." + key,
              ErrorCode.INVALID_VALUE,
              "metadata key \"" + key + "\" is not valid",
              "use letters, digits, '_', '.' or '-'");
        } else {
          text.tag(key, tag.getValue(), () -> base + ".metadata." + key);
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
      for (int i = 0; i < inputCount; i++) {
        String id = spec.inputs().get(i).id();
        if (claimed[i] && !referenced[i]) {
          add(
              "inputs[" + i + "].id",
              ErrorCode.UNUSED_INPUT,
              "input '" + id + "' is never used",
              "remove it, or use it in an operation or an output");
        }
      }
      for (int i = 0; i < spec.operations().size(); i++) {
        String id = spec.operations().get(i).output();
        if (claimed[inputCount + i] && !referenced[inputCount + i]) {
          add(
              "operations[" + i + "].output",
              ErrorCode.UNUSED_RESULT,
              "the result '" + id + "' is never used",
              "write it to an output, feed it to an operation, or remove the operation");
        }
      }
    }

    // a path is built only for a violation: these run for every output of every plan
    private void oneOf(String value, Set<String> allowed, String base, String field) {
      if (value != null && !allowed.contains(value)) {
        add(
            base + field,
            ErrorCode.INVALID_VALUE,
            "must be one of " + sorted(allowed) + " but was \"" + value + "\"",
            "");
      }
    }

    /**
     * {@code codec.hardware}: one of a closed set of words and encoder names, so no text of a spec
     * reaches FFmpeg's arguments; a named encoder must encode the output's video codec.
     */
    private void hardware(CodecSpec c, String base) {
      String value = c.hardware();
      if (value == null) {
        return;
      }
      var m = HARDWARE.matcher(value);
      if (!m.matches()) {
        add(
            base + ".codec.hardware",
            ErrorCode.INVALID_VALUE,
            "\"" + abbreviate(value) + "\" is not a hardware setting",
            "use auto, off, a family (nvenc, qsv, vaapi, videotoolbox) or an encoder such as"
                + " h264_nvenc");
        return;
      }
      String codec = m.group(1);
      if (codec != null && c.video() != null && !c.video().equals(codec)) {
        add(
            base + ".codec.hardware",
            ErrorCode.INVALID_VALUE,
            value + " encodes " + codec + " but this output's video is " + c.video(),
            "name a " + c.video() + " encoder (" + c.video() + "_nvenc, ...) or use auto");
      }
    }

    private void range(Integer value, int min, int max, String base, String field) {
      if (value != null && (value < min || value > max)) {
        add(
            base + field,
            ErrorCode.OUT_OF_RANGE,
            "must be between " + min + " and " + max + " but was " + value,
            "");
      }
    }

    private void bitrate(String value, String base, String field) {
      if (value == null) {
        return;
      }
      Matcher m = BITRATE.matcher(value);
      if (!m.matches()) {
        add(
            base + field,
            ErrorCode.INVALID_VALUE,
            "\"" + abbreviate(value) + "\" is not a bitrate",
            "write bits per second with an optional k or M suffix, such as 192k or 4M");
        return;
      }
      BigDecimal bits = new BigDecimal(m.group(1) + (m.group(2) == null ? "" : m.group(2)));
      String unit = m.group(3).toLowerCase(Locale.ROOT);
      bits = bits.movePointRight(unit.equals("k") ? 3 : unit.equals("m") ? 6 : 0);
      if (bits.compareTo(BigDecimal.valueOf(MIN_BITRATE)) < 0
          || bits.compareTo(BigDecimal.valueOf(MAX_BITRATE)) > 0) {
        add(
            base + field,
            ErrorCode.OUT_OF_RANGE,
            "must be between 1k and 2000M bits per second but was " + value,
            "such as 192k for audio or 4M for video");
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

  private static String abbreviate(String text) {
    return text.length() <= 60 ? text : text.substring(0, 57) + "...";
  }

  private static List<String> sorted(Set<String> values) {
    return values.stream().sorted().toList();
  }
}
