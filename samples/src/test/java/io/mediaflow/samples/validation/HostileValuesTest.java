package io.mediaflow.samples.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.JobSpecJson;
import io.mediaflow.OperatorRegistry;
import io.mediaflow.Planner;
import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.ValidationException;
import io.mediaflow.api.Violation;
import io.mediaflow.api.media.AudioStream;
import io.mediaflow.api.media.MediaDuration;
import io.mediaflow.api.media.MediaInfo;
import io.mediaflow.api.media.VideoStream;
import io.mediaflow.api.operator.Operator;
import io.mediaflow.api.operator.OperatorDescriptor;
import io.mediaflow.api.operator.ParamSpec;
import io.mediaflow.api.operator.ParamType;
import io.mediaflow.api.plan.Invocation;
import io.mediaflow.api.plan.ProcessingPlan;
import io.mediaflow.api.spec.JobSpec;
import io.mediaflow.ffmpeg.FfmpegBackend;
import io.mediaflow.testkit.MediaFixtures;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The class-level guard for values FFmpeg cannot take: every numeric field of a spec (version,
 * codec numbers and bitrates, stream indexes, and every numeric parameter of every installed
 * operator, found through the descriptors so a new operator is covered without touching this test)
 * and every text that reaches an FFmpeg argument (text parameters, metadata values, stream
 * languages) is given hostile values, as JSON, and taken through what {@code mediaflow plan} does:
 * read, validate, plan, check against FFmpeg, render the FFmpeg arguments.
 *
 * <p>A hostile value must be refused by validation with a validation code at the field's own path.
 * A large value a field may legitimately hold must either be refused the same way or plan without
 * any other exception. Before these rules, {@code trim.start: 1e18} ended in an {@code
 * ArithmeticException} and {@code crf: 1e99999999999} in a {@code NumberFormatException}, both
 * reported as {@code INTERNAL}.
 */
class HostileValuesTest {

  /** Each must be refused wherever a number (or numeric text) is expected. */
  private static final List<String> HOSTILE_NUMBERS =
      List.of(
          "1e18",
          "-1e18",
          "1e99999999999",
          "-1e99999999999",
          "1e-99999999999",
          "1e999999999",
          "123456789012345678901234567890",
          "-123456789012345678901234567890",
          "9223372036854775808",
          "-9223372036854775809",
          "1e308",
          "\"NaN\"",
          "\"Infinity\"",
          "\"-Infinity\"",
          "\"1e99999999999\"",
          "\"1e18\"",
          "\"0x7f\"",
          "\"99999999999999999999h\"",
          "\"99999999999999999999M\"",
          "\"PT99999999999999999999H\"",
          "\"999999999999999:00:00\"",
          "\"" + "9".repeat(5_000) + "\"");

  /** Large but maybe acceptable: refused at the field, or planned without an internal error. */
  private static final List<String> EDGE_NUMBERS =
      List.of(
          "9223372036854",
          "9223372036854.775807",
          "2147483647",
          "-2147483648",
          "9223372036854775807",
          "0.0000001",
          "-0",
          "\"2562047788:00:54\"",
          "\"2562047788h\"");

  /** Each must be refused wherever text reaches FFmpeg. */
  private static final List<String> HOSTILE_TEXTS =
      List.of("\"a\\u0000b\"", "\"\\u0000\"", "\"" + "x".repeat(140_000) + "\"");

  private static final Set<ParamType> NUMERIC =
      Set.of(ParamType.INT, ParamType.FLOAT, ParamType.DURATION, ParamType.TIMECODE);

  private static final OperatorRegistry OPERATORS =
      OperatorRegistry.load(HostileValuesTest.class.getClassLoader());

  private static FfmpegBackend backend;

  /** The valid parameters of each operator, as raw JSON by name. */
  private static final Map<String, Map<String, String>> VALID = new ConcurrentHashMap<>();

  private final Planner planner = new Planner(OPERATORS);

  @BeforeAll
  static void ffmpeg() {
    MediaFixtures.requireFfmpeg(); // verify() asks the installed FFmpeg for its encoders
    backend = new FfmpegBackend();
  }

  @Test
  void every_operator_plans_with_the_values_this_test_fills_in() {
    for (Operator op : OPERATORS.all()) {
      String json = operationSpec(op, null, null);
      assertThat(outcome(json)).as("%s with valid values:%n%s", op.name(), json).isEmpty();
    }
  }

  @Test
  void hostile_numbers_in_operator_parameters_are_refused_at_their_path() {
    List<String> failures = new ArrayList<>();
    for (Operator op : OPERATORS.all()) {
      for (ParamSpec p : op.descriptor().params()) {
        if (NUMERIC.contains(p.type())) {
          String path = "operations[0].params." + p.name();
          for (String value : HOSTILE_NUMBERS) {
            refused(operationSpec(op, p.name(), value), path, value, failures);
          }
          for (String value : EDGE_NUMBERS) {
            refusedOrPlanned(operationSpec(op, p.name(), value), path, value, failures);
          }
        }
      }
    }
    assertThat(failures).isEmpty();
  }

  @Test
  void hostile_numbers_in_array_parameters_are_refused_at_their_path() {
    Operator mix = OPERATORS.find("mix").orElseThrow();
    List<String> failures = new ArrayList<>();
    for (String value : HOSTILE_NUMBERS) {
      String json = operationSpec(mix, "weights", "[" + value + ", 1]");
      refused(json, "operations[0].params.weights[0]", value, failures);
    }
    assertThat(failures).isEmpty();
  }

  @Test
  void hostile_numbers_in_the_spec_fields_are_refused_at_their_path() {
    List<String> failures = new ArrayList<>();
    for (String value : HOSTILE_NUMBERS) {
      refused(plainSpec("\"version\": " + value + ",", ""), "version", value, failures);
      for (String field :
          List.of("crf", "sampleRate", "channels", "videoBitrate", "audioBitrate")) {
        String json = plainSpec("", ", \"codec\": { \"" + field + "\": " + value + " }");
        refused(json, "outputs[0].codec." + field, value, failures);
      }
      String streams = ", \"streams\": [{ \"type\": \"audio\", \"index\": " + value + " }]";
      refused(plainSpec("", streams), "outputs[0].streams[0].index", value, failures);
    }
    for (String value : EDGE_NUMBERS) {
      for (String field : List.of("crf", "sampleRate", "channels")) {
        String json = plainSpec("", ", \"codec\": { \"" + field + "\": " + value + " }");
        refusedOrPlanned(json, "outputs[0].codec." + field, value, failures);
      }
      String streams = ", \"streams\": [{ \"type\": \"audio\", \"index\": " + value + " }]";
      refusedOrPlanned(plainSpec("", streams), "outputs[0].streams[0].index", value, failures);
    }
    assertThat(failures).isEmpty();
  }

  @Test
  void text_that_no_ffmpeg_argument_can_hold_is_refused_at_its_path() {
    List<String> failures = new ArrayList<>();
    for (String value : HOSTILE_TEXTS) {
      String metadata = ", \"metadata\": { \"title\": " + value + " }";
      refused(plainSpec("", metadata), "outputs[0].metadata.title", value, failures);
      String streams = ", \"streams\": [{ \"type\": \"audio\", \"language\": " + value + " }]";
      refused(plainSpec("", streams), "outputs[0].streams[0].language", value, failures);
      for (Operator op : OPERATORS.all()) {
        for (ParamSpec p : op.descriptor().params()) {
          if (p.type() == ParamType.STRING) {
            String path = "operations[0].params." + p.name();
            refused(operationSpec(op, p.name(), value), path, value, failures);
          }
        }
      }
    }
    assertThat(failures).isEmpty();
  }

  // ------------------------------------------------------------------ outcomes

  private void refused(String json, String path, String value, List<String> failures) {
    Outcome o = run(json);
    if (o.unexpected() != null) {
      failures.add(path + " = " + shorten(value) + ": " + o.unexpected());
    } else if (o.violations().stream().noneMatch(v -> at(v, path))) {
      failures.add(
          path + " = " + shorten(value) + ": not refused at its path, got " + o.violations());
    }
  }

  private void refusedOrPlanned(String json, String path, String value, List<String> failures) {
    Outcome o = run(json);
    if (o.unexpected() != null) {
      failures.add(path + " = " + shorten(value) + ": " + o.unexpected());
    } else if (!o.violations().isEmpty() && o.violations().stream().noneMatch(v -> at(v, path))) {
      failures.add(path + " = " + shorten(value) + ": refused elsewhere: " + o.violations());
    }
  }

  private static boolean at(Violation v, String path) {
    return v.path().equals(path) && v.code().category() == ErrorCode.Category.VALIDATION;
  }

  /** The violations, empty when the spec planned; fails on anything but a validation error. */
  private List<Violation> outcome(String json) {
    Outcome o = run(json);
    assertThat(o.unexpected()).isNull();
    return o.violations();
  }

  private record Outcome(List<Violation> violations, String unexpected) {}

  /** What {@code mediaflow plan} does with the spec, without files: media is described. */
  private Outcome run(String json) {
    return run(planner, json);
  }

  private static Outcome run(Planner planner, String json) {
    try {
      JobSpec spec = JobSpecJson.parse(json);
      ValidationException.throwIfAny(planner.validate(spec));
      ProcessingPlan plan = planner.plan(spec, media(spec));
      ValidationException.throwIfAny(backend.verify(plan));
      for (Invocation invocation : plan.invocations()) {
        backend.arguments(invocation);
      }
      return new Outcome(List.of(), null);
    } catch (ValidationException e) {
      return new Outcome(e.violations(), null);
    } catch (RuntimeException e) {
      return new Outcome(List.of(), e.toString());
    }
  }

  private static Map<String, MediaInfo> media(JobSpec spec) {
    MediaInfo clip =
        MediaInfo.of(
            MediaDuration.ofSeconds(10),
            List.of(new VideoStream(0, "h264", 320, 240, 25, "yuv420p", "")),
            List.of(new AudioStream(1, "aac", 48000, 2, "eng")));
    Map<String, MediaInfo> media = new LinkedHashMap<>();
    spec.inputs().forEach(i -> media.put(i.id(), clip));
    return media;
  }

  // ------------------------------------------------------------------ specs

  /** One input written to one output; {@code root} goes first, {@code output} into the output. */
  private static String plainSpec(String root, String output) {
    return """
        { %s "inputs": [{ "id": "in0", "source": "file:in.mp4" }],
          "outputs": [{ "id": "in0", "destination": "file:out/o.mkv" %s }] }
        """
        .formatted(root, output);
  }

  /**
   * One operation of {@code op} over as many inputs as it needs, with valid values where it needs
   * them, and {@code name} (when not null) set to the raw JSON {@code value}.
   */
  private static String operationSpec(Operator op, String name, String value) {
    Map<String, String> params = new LinkedHashMap<>(validParams(op));
    if (name != null) {
      params.put(name, value);
    }
    return spec(op, params);
  }

  private static String spec(Operator op, Map<String, String> params) {
    OperatorDescriptor d = op.descriptor();
    int inputs = d.minInputs();
    String ids =
        Stream.iterate(0, i -> i + 1)
            .limit(inputs)
            .map(i -> "\"in" + i + "\"")
            .collect(Collectors.joining(", "));
    String inputList =
        Stream.iterate(0, i -> i + 1)
            .limit(inputs)
            .map(i -> "{ \"id\": \"in" + i + "\", \"source\": \"file:in.mp4\" }")
            .collect(Collectors.joining(", "));
    String paramText =
        params.entrySet().stream()
            .map(e -> "\"" + e.getKey() + "\": " + e.getValue())
            .collect(Collectors.joining(", "));
    String extension = d.outputKind() == OperatorDescriptor.OutputKind.IMAGE ? "png" : "mkv";
    return """
        { "inputs": [%s],
          "operations": [{ "op": "%s", "input": [%s], "output": "r", "params": { %s } }],
          "outputs": [{ "id": "r", "destination": "file:out/r.%s" }] }
        """
        .formatted(inputList, op.name(), ids, paramText, extension);
  }

  /**
   * The required parameters with valid values; when an operator needs more than its required ones
   * (scale wants a width or a height), every numeric one without a default as well.
   */
  private static Map<String, String> validParams(Operator op) {
    return VALID.computeIfAbsent(
        op.name(),
        name -> {
          Map<String, String> required = new LinkedHashMap<>();
          Map<String, String> more = new LinkedHashMap<>();
          for (ParamSpec p : op.descriptor().params()) {
            boolean number = p.type() == ParamType.INT || p.type() == ParamType.FLOAT;
            if (p.required() || (number && p.defaultValue() == null)) {
              more.put(p.name(), validValue(p));
            }
            if (p.required()) {
              required.put(p.name(), validValue(p));
            }
          }
          String json = spec(op, required);
          return run(new Planner(OPERATORS), json).violations().isEmpty() ? required : more;
        });
  }

  private static String validValue(ParamSpec p) {
    return switch (p.type()) {
      case ENUM -> "\"" + p.allowed().get(0) + "\"";
      case INT, FLOAT -> {
        double v = 1;
        if (p.min() != null) {
          v = Math.max(v, p.min());
        }
        if (p.max() != null) {
          v = Math.min(v, p.max());
        }
        yield p.type() == ParamType.INT ? Long.toString((long) v) : Double.toString(v);
      }
      case DURATION, TIMECODE -> "1";
      case BOOL -> "false";
      case RESOLUTION -> "\"320x240\"";
      case CODEC -> "\"h264\"";
      case ARRAY -> "[]";
      case OBJECT -> "{}";
      default -> "\"x\"";
    };
  }

  private static String shorten(String value) {
    return value.length() <= 40 ? value : value.substring(0, 37) + "...";
  }
}
