package io.mediaflow;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.ValidationException;
import io.mediaflow.api.Violation;
import io.mediaflow.api.media.MediaDuration;
import io.mediaflow.api.media.StreamType;
import io.mediaflow.api.spec.CodecSpec;
import io.mediaflow.api.spec.InputSpec;
import io.mediaflow.api.spec.JobSpec;
import io.mediaflow.api.spec.OperationSpec;
import io.mediaflow.api.spec.OutputSpec;
import io.mediaflow.api.spec.StreamSelector;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The JSON form of a {@link JobSpec}: the public, versioned wire format described in {@code
 * docs/jobspec.md} and {@code docs/jobspec.schema.json}.
 *
 * <p>Reading is strict: an unknown field, a missing required field or a value of the wrong JSON
 * type is an error, and every problem in the document is reported at once in one {@link
 * ValidationException}, each {@link Violation} with the JSON path where it is ({@code
 * outputs[0].codec.crf}). Reading checks the shape of the document only; what the values mean
 * (known operators, ids that exist, paths inside the allowed roots) is checked by the planner.
 *
 * {@snippet :
 * JobSpec spec = JobSpecJson.read(Path.of("job.json"));
 * String json = JobSpecJson.write(spec); // JobSpecJson.parse(json) equals spec
 * }
 */
public final class JobSpecJson {

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
          .build();

  private static final DefaultPrettyPrinter PRETTY =
      new DefaultPrettyPrinter(
              Separators.createDefaultInstance()
                  .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
          .withObjectIndenter(new DefaultIndenter("  ", "\n"))
          .withArrayIndenter(new DefaultIndenter("  ", "\n"));

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /** Root fields. {@code $schema} is accepted (and ignored) so editors can find the schema. */
  private static final List<String> ROOT_FIELDS =
      List.of("$schema", "version", "inputs", "operations", "outputs");

  private static final List<String> INPUT_FIELDS = List.of("id", "source");
  private static final List<String> OPERATION_FIELDS = List.of("op", "input", "output", "params");
  private static final List<String> OUTPUT_FIELDS =
      List.of("id", "destination", "codec", "metadata", "streams", "overwrite");
  private static final List<String> CODEC_FIELDS =
      List.of(
          "video",
          "audio",
          "crf",
          "videoBitrate",
          "audioBitrate",
          "preset",
          "sampleRate",
          "channels",
          "container");
  private static final List<String> STREAM_FIELDS = List.of("type", "language", "index");

  private JobSpecJson() {}

  /**
   * Reads a spec from JSON text.
   *
   * @throws ValidationException listing every problem, each with its JSON path: {@code
   *     MALFORMED_JSON} (with line and column), {@code UNKNOWN_FIELD}, {@code MISSING_FIELD},
   *     {@code WRONG_TYPE}, {@code OUT_OF_RANGE}, {@code INVALID_VALUE} or {@code
   *     UNSUPPORTED_VERSION}
   */
  public static JobSpec parse(String json) {
    Objects.requireNonNull(json, "json");
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new ValidationException(malformed(e));
    } catch (NumberFormatException e) {
      // Jackson reads floats as BigDecimal, whose exponent is an int: 1e99999999999 is well-formed
      // JSON that no number type holds
      throw new ValidationException(unreadableNumbers(json, e));
    }
    if (root == null || root.isMissingNode()) {
      throw new ValidationException(
          Violation.of(
              "", ErrorCode.MALFORMED_JSON, "the document is empty; expected a JSON object"));
    }
    return new Reader().spec(root);
  }

  /**
   * Reads a spec from a UTF-8 JSON file.
   *
   * @throws MediaFlowException {@code INPUT_NOT_FOUND} when the file does not exist, {@code
   *     INPUT_UNREADABLE} when it cannot be read or is not UTF-8 text
   * @throws ValidationException as {@link #parse}
   */
  public static JobSpec read(Path file) {
    Objects.requireNonNull(file, "file");
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new MediaFlowException(
          ErrorCode.INPUT_NOT_FOUND,
          "job spec file " + file + " does not exist",
          "check the path; relative paths are resolved against " + Path.of("").toAbsolutePath(),
          false,
          e);
    } catch (AccessDeniedException e) {
      throw new MediaFlowException(
          ErrorCode.INPUT_UNREADABLE,
          "job spec file " + file + " cannot be read: permission denied",
          "give the process read access to the file",
          false,
          e);
    } catch (CharacterCodingException e) {
      throw new MediaFlowException(
          ErrorCode.INPUT_UNREADABLE,
          "job spec file " + file + " is not UTF-8 text",
          "save the file as UTF-8 JSON",
          false,
          e);
    } catch (IOException e) {
      throw new MediaFlowException(
          ErrorCode.INPUT_UNREADABLE,
          "job spec file " + file + " cannot be read: " + describe(e),
          "check that the path names a readable file",
          false,
          e);
    }
    return parse(text);
  }

  /**
   * Writes a spec as pretty-printed JSON with a stable field order, leaving out every field that
   * has its default value ({@code version} is always written). {@code parse(write(spec))} equals
   * {@code spec} when every parameter value is a string, a boolean, an {@code Integer}, a {@code
   * Long}, a {@code Double}, {@code null}, or a list or map of those.
   *
   * @throws ValidationException with {@code WRONG_TYPE} when a parameter value has no JSON form
   */
  public static String write(JobSpec spec) {
    Objects.requireNonNull(spec, "spec");
    ObjectNode root = toTree(spec);
    try {
      return MAPPER.writer(PRETTY).writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new MediaFlowException(
          ErrorCode.INTERNAL, "cannot write a job spec as JSON: " + e.getOriginalMessage(), "");
    }
  }

  // ---------------------------------------------------------------- writing

  private static ObjectNode toTree(JobSpec spec) {
    List<Violation> violations = new ArrayList<>();
    ObjectNode root = NODES.objectNode();
    root.put("version", spec.version());
    ArrayNode inputs = root.putArray("inputs");
    for (InputSpec in : spec.inputs()) {
      inputs.addObject().put("id", in.id()).put("source", in.source());
    }
    if (!spec.operations().isEmpty()) {
      ArrayNode operations = root.putArray("operations");
      for (int i = 0; i < spec.operations().size(); i++) {
        OperationSpec op = spec.operations().get(i);
        ObjectNode node = operations.addObject().put("op", op.op());
        if (op.inputs().size() == 1) {
          node.put("input", op.inputs().get(0));
        } else {
          ArrayNode ids = node.putArray("input");
          op.inputs().forEach(ids::add);
        }
        node.put("output", op.output());
        if (!op.params().isEmpty()) {
          String path = "operations[" + i + "].params";
          node.set("params", toJson(op.params(), path, violations));
        }
      }
    }
    ArrayNode outputs = root.putArray("outputs");
    for (OutputSpec out : spec.outputs()) {
      ObjectNode node =
          outputs.addObject().put("id", out.id()).put("destination", out.destination());
      if (!out.codec().equals(CodecSpec.DEFAULT)) {
        node.set("codec", codec(out.codec()));
      }
      if (!out.metadata().isEmpty()) {
        ObjectNode tags = node.putObject("metadata");
        out.metadata().forEach(tags::put);
      }
      if (!out.streams().isEmpty()) {
        ArrayNode streams = node.putArray("streams");
        for (StreamSelector s : out.streams()) {
          ObjectNode sel =
              streams.addObject().put("type", s.type().name().toLowerCase(Locale.ROOT));
          if (!s.language().isEmpty()) {
            sel.put("language", s.language());
          }
          if (s.index() != -1) {
            sel.put("index", s.index());
          }
        }
      }
      if (out.overwrite()) {
        node.put("overwrite", true);
      }
    }
    ValidationException.throwIfAny(violations);
    return root;
  }

  private static ObjectNode codec(CodecSpec c) {
    ObjectNode node = NODES.objectNode();
    putIfSet(node, "video", c.video());
    putIfSet(node, "audio", c.audio());
    putIfSet(node, "crf", c.crf());
    putIfSet(node, "videoBitrate", c.videoBitrate());
    putIfSet(node, "audioBitrate", c.audioBitrate());
    putIfSet(node, "preset", c.preset());
    putIfSet(node, "sampleRate", c.sampleRate());
    putIfSet(node, "channels", c.channels());
    putIfSet(node, "container", c.container());
    return node;
  }

  private static void putIfSet(ObjectNode node, String name, String value) {
    if (value != null) {
      node.put(name, value);
    }
  }

  private static void putIfSet(ObjectNode node, String name, Integer value) {
    if (value != null) {
      node.put(name, value);
    }
  }

  private static JsonNode toJson(Object value, String path, List<Violation> violations) {
    if (value == null) {
      return NODES.nullNode();
    }
    if (value instanceof String s) {
      return NODES.textNode(s);
    }
    if (value instanceof Boolean b) {
      return NODES.booleanNode(b);
    }
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return NODES.numberNode(((Number) value).intValue());
    }
    if (value instanceof Long l) {
      return NODES.numberNode(l);
    }
    if (value instanceof BigInteger b) {
      return NODES.numberNode(b);
    }
    if (value instanceof BigDecimal d) {
      return NODES.numberNode(d);
    }
    if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      if (!Double.isFinite(d)) {
        violations.add(
            Violation.of(
                path,
                ErrorCode.WRONG_TYPE,
                "cannot write " + d + " as JSON; expected a finite number"));
        return NODES.nullNode();
      }
      return NODES.numberNode(d);
    }
    if (value instanceof MediaDuration d) {
      return NODES.textNode(d.toString());
    }
    if (value instanceof Enum<?> e) {
      return NODES.textNode(e.name().toLowerCase(Locale.ROOT));
    }
    if (value instanceof Map<?, ?> map) {
      ObjectNode node = NODES.objectNode();
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        String key = String.valueOf(entry.getKey());
        node.set(key, toJson(entry.getValue(), field(path, key), violations));
      }
      return node;
    }
    if (value instanceof Collection<?> items) {
      ArrayNode node = NODES.arrayNode();
      int i = 0;
      for (Object item : items) {
        node.add(toJson(item, index(path, i++), violations));
      }
      return node;
    }
    violations.add(
        Violation.of(
            path,
            ErrorCode.WRONG_TYPE,
            "cannot write a "
                + value.getClass().getName()
                + " as JSON; expected a string, number, boolean, list or map"));
    return NODES.nullNode();
  }

  // ---------------------------------------------------------------- reading

  /** Walks one document, collecting every violation before giving up. */
  private static final class Reader {
    private final List<Violation> violations = new ArrayList<>();

    JobSpec spec(JsonNode root) {
      if (!root.isObject()) {
        fail("", ErrorCode.WRONG_TYPE, "expected a JSON object but was " + describe(root));
      }
      int version = version(root.get("version"));
      if (version > JobSpec.CURRENT_VERSION) {
        // a newer format's fields would only show up as noise, so the version is the one problem
        ValidationException.throwIfAny(violations);
      }
      checkFields(root, "", ROOT_FIELDS, "the document");
      JsonNode schema = root.get("$schema");
      if (schema != null && !schema.isNull() && !schema.isTextual()) {
        wrongType("$schema", "a string (the schema's URL)", schema);
      }
      List<InputSpec> inputs = list(root, "inputs", "", "an array of inputs", this::input);
      List<OperationSpec> operations =
          list(root, "operations", "", "an array of operations", this::operation);
      List<OutputSpec> outputs = list(root, "outputs", "", "an array of outputs", this::output);
      ValidationException.throwIfAny(violations);
      return new JobSpec(version, inputs, operations, outputs);
    }

    private int version(JsonNode node) {
      if (absent(node)) {
        return JobSpec.CURRENT_VERSION;
      }
      Integer version = integer(node, "version");
      if (version == null) {
        return JobSpec.CURRENT_VERSION;
      }
      if (version < 1) {
        violations.add(
            new Violation(
                "version",
                ErrorCode.OUT_OF_RANGE,
                "version must be at least 1 but was " + version,
                "leave version out to use " + JobSpec.CURRENT_VERSION));
      } else if (version > JobSpec.CURRENT_VERSION) {
        violations.add(
            new Violation(
                "version",
                ErrorCode.UNSUPPORTED_VERSION,
                "version "
                    + version
                    + " is newer than this library understands; the newest it reads is "
                    + JobSpec.CURRENT_VERSION,
                "upgrade mediaflow, or write the spec in version "
                    + JobSpec.CURRENT_VERSION
                    + " form"));
      }
      return version;
    }

    private InputSpec input(JsonNode node, String path) {
      if (!object(
          node, path, "an input object such as {\"id\": \"main\", \"source\": \"file:in.mp4\"}")) {
        return null;
      }
      checkFields(node, path, INPUT_FIELDS, "an input");
      String id = requiredString(node, path, "id", "the input's id, such as \"main\"");
      String source =
          requiredString(node, path, "source", "where to read it, such as \"file:in.mp4\"");
      return id == null || source == null ? null : new InputSpec(id, source);
    }

    private OperationSpec operation(JsonNode node, String path) {
      if (!object(node, path, "an operation object such as {\"op\": \"trim\", ...}")) {
        return null;
      }
      checkFields(node, path, OPERATION_FIELDS, "an operation");
      String op = requiredString(node, path, "op", "the operator's name, such as \"trim\"");
      List<String> inputs = operationInputs(node.get("input"), field(path, "input"));
      String output = requiredString(node, path, "output", "the id of the result, such as \"cut\"");
      Map<String, Object> params = Map.of();
      JsonNode paramsNode = node.get("params");
      String paramsPath = field(path, "params");
      if (!absent(paramsNode)) {
        if (paramsNode.isObject()) {
          @SuppressWarnings("unchecked")
          Map<String, Object> converted = (Map<String, Object>) toJava(paramsNode, paramsPath);
          params = converted;
        } else {
          wrongType(paramsPath, "an object of parameter names to values", paramsNode);
        }
      }
      if (op == null || inputs == null || output == null) {
        return null;
      }
      return new OperationSpec(op, inputs, output, params);
    }

    private List<String> operationInputs(JsonNode node, String path) {
      if (absent(node)) {
        missing(path, "the id it reads, such as \"main\", or a list of ids");
        return null;
      }
      if (node.isTextual()) {
        return List.of(node.textValue());
      }
      if (!node.isArray()) {
        wrongType(path, "an id (a string) or an array of ids", node);
        return null;
      }
      List<String> ids = new ArrayList<>();
      boolean ok = true;
      for (int i = 0; i < node.size(); i++) {
        JsonNode item = node.get(i);
        if (item.isTextual()) {
          ids.add(item.textValue());
        } else {
          wrongType(index(path, i), "an id (a string)", item);
          ok = false;
        }
      }
      return ok ? ids : null;
    }

    private OutputSpec output(JsonNode node, String path) {
      if (!object(
          node,
          path,
          "an output object such as {\"id\": \"cut\", \"destination\": \"file:out.mp4\"}")) {
        return null;
      }
      checkFields(node, path, OUTPUT_FIELDS, "an output");
      String id =
          requiredString(
              node, path, "id", "the input or operation result to write, such as \"cut\"");
      String destination =
          requiredString(node, path, "destination", "where to write it, such as \"file:out.mp4\"");
      CodecSpec codec = codec(node.get("codec"), field(path, "codec"));
      Map<String, String> metadata = metadata(node.get("metadata"), field(path, "metadata"));
      List<StreamSelector> streams =
          list(node, "streams", path, "an array of stream selectors", this::stream);
      boolean overwrite = false;
      JsonNode overwriteNode = node.get("overwrite");
      if (!absent(overwriteNode)) {
        if (overwriteNode.isBoolean()) {
          overwrite = overwriteNode.booleanValue();
        } else {
          wrongType(field(path, "overwrite"), "true or false", overwriteNode);
        }
      }
      if (id == null || destination == null || codec == null || metadata == null) {
        return null;
      }
      return new OutputSpec(id, destination, codec, metadata, streams, overwrite);
    }

    private CodecSpec codec(JsonNode node, String path) {
      if (absent(node)) {
        return CodecSpec.DEFAULT;
      }
      if (!object(node, path, "a codec object such as {\"video\": \"h264\", \"crf\": 23}")) {
        return null;
      }
      checkFields(node, path, CODEC_FIELDS, "codec");
      return new CodecSpec(
          optionalString(node, path, "video"),
          optionalString(node, path, "audio"),
          optionalInteger(node, path, "crf"),
          optionalString(node, path, "videoBitrate"),
          optionalString(node, path, "audioBitrate"),
          optionalString(node, path, "preset"),
          optionalInteger(node, path, "sampleRate"),
          optionalInteger(node, path, "channels"),
          optionalString(node, path, "container"));
    }

    private Map<String, String> metadata(JsonNode node, String path) {
      if (absent(node)) {
        return Map.of();
      }
      if (!object(node, path, "an object of tag names to string values")) {
        return null;
      }
      Map<String, String> tags = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> entry : node.properties()) {
        JsonNode value = entry.getValue();
        if (value.isTextual()) {
          tags.put(entry.getKey(), value.textValue());
        } else {
          String where = field(path, entry.getKey());
          violations.add(
              new Violation(
                  where,
                  ErrorCode.WRONG_TYPE,
                  "expected a string but was " + describe(value),
                  value.isValueNode() && !value.isNull()
                      ? "metadata values are strings; quote it: \"" + value.asText() + "\""
                      : "metadata values are strings"));
        }
      }
      return tags;
    }

    private StreamSelector stream(JsonNode node, String path) {
      if (!object(
          node, path, "a stream selector such as {\"type\": \"audio\", \"language\": \"eng\"}")) {
        return null;
      }
      checkFields(node, path, STREAM_FIELDS, "a stream selector");
      String typeName =
          requiredString(node, path, "type", "the kind of track: video, audio or subtitle");
      StreamType type = null;
      if (typeName != null) {
        type = streamType(typeName, field(path, "type"));
      }
      String language = optionalString(node, path, "language");
      int index = -1;
      JsonNode indexNode = node.get("index");
      if (!absent(indexNode)) {
        Integer value = integer(indexNode, field(path, "index"));
        if (value != null && value < -1) {
          violations.add(
              Violation.of(
                  field(path, "index"),
                  ErrorCode.OUT_OF_RANGE,
                  "index must be 0 or more (or -1 for every match) but was " + value));
        } else if (value != null) {
          index = value;
        }
      }
      return type == null ? null : new StreamSelector(type, language, index);
    }

    private StreamType streamType(String name, String path) {
      for (StreamType t : StreamType.values()) {
        if (t.name().toLowerCase(Locale.ROOT).equals(name)) {
          return t;
        }
      }
      List<String> names =
          List.of(StreamType.values()).stream()
              .map(t -> t.name().toLowerCase(Locale.ROOT))
              .toList();
      violations.add(
          new Violation(
              path,
              ErrorCode.INVALID_VALUE,
              "unknown stream type \"" + name + "\"; expected one of " + String.join(", ", names),
              closest(name.toLowerCase(Locale.ROOT), names)
                  .map(n -> "did you mean '" + n + "'?")
                  .orElse("")));
      return null;
    }

    // ------------------------------------------------------------ helpers

    /** Reads an optional array; absent or null is an empty list. Broken items are left out. */
    private <T> List<T> list(
        JsonNode parent, String name, String parentPath, String expected, ItemReader<T> reader) {
      JsonNode node = parent.get(name);
      String path = field(parentPath, name);
      if (absent(node)) {
        return List.of();
      }
      if (!node.isArray()) {
        wrongType(path, expected, node);
        return List.of();
      }
      List<T> items = new ArrayList<>();
      for (int i = 0; i < node.size(); i++) {
        T item = reader.read(node.get(i), index(path, i));
        if (item != null) {
          items.add(item);
        }
      }
      return items;
    }

    private void checkFields(JsonNode node, String path, List<String> known, String what) {
      for (Map.Entry<String, JsonNode> property : node.properties()) {
        String name = property.getKey();
        if (!known.contains(name)) {
          List<String> choices = known.stream().filter(k -> !k.startsWith("$")).toList();
          violations.add(
              new Violation(
                  field(path, name),
                  ErrorCode.UNKNOWN_FIELD,
                  "unknown field \""
                      + name
                      + "\" in "
                      + what
                      + "; expected one of: "
                      + String.join(", ", choices),
                  closest(name, choices).map(k -> "did you mean '" + k + "'?").orElse("")));
        }
      }
    }

    private boolean object(JsonNode node, String path, String expected) {
      if (node.isObject()) {
        return true;
      }
      wrongType(path, expected, node);
      return false;
    }

    private String requiredString(JsonNode parent, String path, String name, String expected) {
      JsonNode node = parent.get(name);
      String where = field(path, name);
      if (node == null) {
        missing(where, expected);
        return null;
      }
      if (!node.isTextual()) {
        wrongType(where, "a string: " + expected, node);
        return null;
      }
      return node.textValue();
    }

    private String optionalString(JsonNode parent, String path, String name) {
      JsonNode node = parent.get(name);
      if (absent(node)) {
        return null;
      }
      if (!node.isTextual()) {
        wrongType(field(path, name), "a string", node);
        return null;
      }
      return node.textValue();
    }

    private Integer optionalInteger(JsonNode parent, String path, String name) {
      JsonNode node = parent.get(name);
      return absent(node) ? null : integer(node, field(path, name));
    }

    /** An integer, also written as {@code 23.0}; null (with a violation) for anything else. */
    private Integer integer(JsonNode node, String path) {
      if (!node.isNumber()) {
        wrongType(path, "an integer", node);
        return null;
      }
      BigDecimal value = node.decimalValue();
      if (value.signum() != 0 && value.stripTrailingZeros().scale() > 0) {
        wrongType(path, "an integer", node);
        return null;
      }
      // the count of integer digits decides before any exact conversion: 1e999999999 is a whole
      // number whose exact form would take a gigabyte
      if (value.precision() - value.scale() > 10
          || value.compareTo(BigDecimal.valueOf(Integer.MIN_VALUE)) < 0
          || value.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
        violations.add(
            Violation.of(
                path,
                ErrorCode.OUT_OF_RANGE,
                "expected an integer between "
                    + Integer.MIN_VALUE
                    + " and "
                    + Integer.MAX_VALUE
                    + " but was "
                    + node.asText()));
        return null;
      }
      return value.intValueExact();
    }

    private Object toJava(JsonNode node, String path) {
      if (node.isTextual()) {
        return node.textValue();
      }
      if (node.isBoolean()) {
        return node.booleanValue();
      }
      if (node.isNull()) {
        return null;
      }
      if (node.isIntegralNumber()) {
        BigInteger value = node.bigIntegerValue();
        if (value.bitLength() <= 31) {
          return value.intValueExact();
        }
        if (value.bitLength() <= 63) {
          return value.longValueExact();
        }
        violations.add(
            Violation.of(
                path,
                ErrorCode.OUT_OF_RANGE,
                "the integer "
                    + value
                    + " is too large; expected a value between "
                    + Long.MIN_VALUE
                    + " and "
                    + Long.MAX_VALUE));
        return null;
      }
      if (node.isNumber()) {
        double value = node.decimalValue().doubleValue();
        if (!Double.isFinite(value)) {
          violations.add(
              Violation.of(
                  path,
                  ErrorCode.OUT_OF_RANGE,
                  "the number " + node.asText() + " is too large for a double"));
          return null;
        }
        return value;
      }
      if (node.isArray()) {
        List<Object> items = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
          items.add(toJava(node.get(i), index(path, i)));
        }
        return Collections.unmodifiableList(items);
      }
      Map<String, Object> map = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> entry : node.properties()) {
        map.put(entry.getKey(), toJava(entry.getValue(), field(path, entry.getKey())));
      }
      return Collections.unmodifiableMap(map);
    }

    private void missing(String path, String expected) {
      violations.add(
          Violation.of(
              path,
              ErrorCode.MISSING_FIELD,
              "missing required field \"" + lastSegment(path) + "\"; expected " + expected));
    }

    private void wrongType(String path, String expected, JsonNode given) {
      violations.add(
          Violation.of(
              path, ErrorCode.WRONG_TYPE, "expected " + expected + " but was " + describe(given)));
    }

    private void fail(String path, ErrorCode code, String message) {
      violations.add(Violation.of(path, code, message));
      ValidationException.throwIfAny(violations);
    }
  }

  @FunctionalInterface
  private interface ItemReader<T> {
    T read(JsonNode node, String path);
  }

  // ---------------------------------------------------------------- shared helpers

  private static boolean absent(JsonNode node) {
    // an explicit null in an optional field means the same as leaving the field out
    return node == null || node.isNull() || node.isMissingNode();
  }

  static String field(String path, String name) {
    String segment = PLAIN_NAME.matcher(name).matches() ? name : null;
    if (segment == null) {
      String quoted = "[\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"]";
      return path + quoted;
    }
    return path.isEmpty() ? segment : path + "." + segment;
  }

  static String index(String path, int i) {
    return path + "[" + i + "]";
  }

  private static String lastSegment(String path) {
    int dot = path.lastIndexOf('.');
    return dot < 0 ? path : path.substring(dot + 1);
  }

  private static String describe(JsonNode node) {
    if (node.isObject()) {
      return "an object";
    }
    if (node.isArray()) {
      return "an array";
    }
    if (node.isTextual()) {
      return "the string \"" + abbreviate(node.textValue()) + "\"";
    }
    if (node.isNumber()) {
      return "the number " + node.asText();
    }
    if (node.isBoolean()) {
      return "the boolean " + node.asText();
    }
    if (node.isNull()) {
      return "null";
    }
    return node.getNodeType().name().toLowerCase(Locale.ROOT);
  }

  private static String abbreviate(String text) {
    return text.length() <= 60 ? text : text.substring(0, 57) + "...";
  }

  private static String describe(IOException e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : " (" + message + ")");
  }

  /**
   * Every number of the document that no number type can hold, each at its path; found with a
   * second, streaming pass because the tree reader stops at the first one.
   */
  private static List<Violation> unreadableNumbers(String json, NumberFormatException cause) {
    List<Violation> violations = new ArrayList<>();
    try (JsonParser parser = MAPPER.createParser(json)) {
      for (JsonToken t = parser.nextToken(); t != null; t = parser.nextToken()) {
        if (t == JsonToken.VALUE_NUMBER_FLOAT || t == JsonToken.VALUE_NUMBER_INT) {
          try {
            parser.getDecimalValue();
          } catch (NumberFormatException e) {
            violations.add(
                new Violation(
                    pathOf(parser.getParsingContext()),
                    ErrorCode.OUT_OF_RANGE,
                    "the number "
                        + abbreviate(parser.getText())
                        + " is out of range: its exponent is too large for any number",
                    "write a number of ordinary size; no field takes values this large or small"));
          }
        }
      }
    } catch (IOException e) {
      // the tree reader saw this document up to the number, so this pass reaches it too
    }
    if (violations.isEmpty()) {
      violations.add(
          Violation.of(
              "", ErrorCode.OUT_OF_RANGE, "a number cannot be read: " + cause.getMessage()));
    }
    return violations;
  }

  /** The JSON path ({@code outputs[0].codec.crf}) of the value a streaming parser stands on. */
  private static String pathOf(JsonStreamContext context) {
    Deque<JsonStreamContext> chain = new ArrayDeque<>();
    for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
      chain.push(c);
    }
    String path = "";
    for (JsonStreamContext c : chain) {
      path = c.inArray() ? index(path, c.getCurrentIndex()) : field(path, c.getCurrentName());
    }
    return path;
  }

  private static Violation malformed(JsonProcessingException e) {
    JsonLocation at = e.getLocation();
    String reason = e.getOriginalMessage();
    if (reason != null) {
      int newline = reason.indexOf('\n');
      reason = newline < 0 ? reason : reason.substring(0, newline);
    }
    String where =
        at == null || at.getLineNr() < 0
            ? ""
            : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    return new Violation(
        "",
        ErrorCode.MALFORMED_JSON,
        "the document is not valid JSON" + where + ": " + reason,
        "check the JSON syntax near that place: quotes, commas and brackets");
  }

  /** The closest known name within a small edit distance, for "did you mean" hints. */
  static Optional<String> closest(String given, Collection<String> known) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : known) {
      int d = distance(given.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    int allowed = Math.max(2, given.length() / 3);
    if (best != null && bestDistance <= allowed) {
      return Optional.of(best);
    }
    // abbreviations such as "src" for "source" or "lang" for "language"
    return known.stream()
        .filter(k -> given.length() >= 3 && isAbbreviation(given, k))
        .min(Comparator.comparingInt(String::length));
  }

  private static boolean isAbbreviation(String given, String candidate) {
    String g = given.toLowerCase(Locale.ROOT);
    String c = candidate.toLowerCase(Locale.ROOT);
    if (g.charAt(0) != c.charAt(0)) {
      return false;
    }
    int at = 0;
    for (int i = 0; i < c.length() && at < g.length(); i++) {
      if (c.charAt(i) == g.charAt(at)) {
        at++;
      }
    }
    return at == g.length();
  }

  /** Optimal string alignment distance: edits, with a swap of two neighbours counting once. */
  private static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
