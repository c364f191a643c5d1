package io.mediaflow.internal.spec;

import static io.mediaflow.internal.spec.JsonPaths.field;
import static io.mediaflow.internal.spec.JsonPaths.index;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.ValidationException;
import io.mediaflow.api.Violation;
import io.mediaflow.api.media.StreamType;
import io.mediaflow.api.spec.CodecSpec;
import io.mediaflow.api.spec.InputSpec;
import io.mediaflow.api.spec.JobSpec;
import io.mediaflow.api.spec.OperationSpec;
import io.mediaflow.api.spec.OutputSpec;
import io.mediaflow.api.spec.StreamSelector;
import io.mediaflow.internal.Suggestions;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads the JSON form of a {@link JobSpec}, strictly: an unknown field, a missing required field or
 * a value of the wrong JSON type is an error, and every problem of the document is reported at once
 * in one {@link ValidationException}, each {@link Violation} at its JSON path. The fields of each
 * object are those of {@link SpecObject}. Only the shape is checked here; what the values mean is
 * the planner's business. {@link #reading} also returns the spec when its shape's problems left
 * every part readable (an unknown field does), so that the planner can report the problems of its
 * meaning in the same pass.
 */
public final class JobSpecReader {

  /**
   * Floats as {@code BigDecimal} and integers as {@code BigInteger}, so that no number is rounded
   * before a field decides what it takes; a field given twice is an error, not "last one wins".
   */
  static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
          .build();

  private final List<Violation> violations = new ArrayList<>();
  private final JsonValues values = new JsonValues(violations);

  /** Whether an input, operation or output could not be read, so the spec read lacks it. */
  private boolean lost;

  private JobSpecReader() {}

  /**
   * Reads a spec from JSON text.
   *
   * @throws ValidationException listing every problem, each with its JSON path: {@code
   *     MALFORMED_JSON} (with line and column), {@code UNKNOWN_FIELD}, {@code MISSING_FIELD},
   *     {@code WRONG_TYPE}, {@code OUT_OF_RANGE}, {@code INVALID_VALUE} or {@code
   *     UNSUPPORTED_VERSION}
   */
  public static JobSpec parse(String json) {
    return reading(json).orThrow();
  }

  /**
   * Reads a spec from JSON text without throwing for its shape: the problems found, and the spec
   * when they left every part of it readable, so that its meaning can be checked in the same pass.
   */
  public static SpecReading reading(String json) {
    Tree tree = tree(json);
    if (tree.root().isEmpty()) {
      return unread(tree.problems());
    }
    return new JobSpecReader().spec(tree.root().get());
  }

  /**
   * The JSON text of a document, as a tree read the strict way this reader reads (a field given
   * twice is an error; numbers kept exact), or the problems that stop it being read: {@code
   * MALFORMED_JSON} with line and column, an empty document, a number no type holds.
   *
   * @param root the tree; empty when {@code problems} is not
   * @param problems why the text is not a JSON document
   */
  public record Tree(Optional<JsonNode> root, List<Violation> problems) {}

  /** Reads JSON text into a {@link Tree}, for this reader and the other readers of documents. */
  public static Tree tree(String json) {
    Objects.requireNonNull(json, "json");
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      return new Tree(Optional.empty(), List.of(malformed(e)));
    } catch (NumberFormatException e) {
      // Jackson reads floats as BigDecimal, whose exponent is an int: 1e99999999999 is well-formed
      // JSON that no number type holds
      return new Tree(Optional.empty(), unreadableNumbers(json, e));
    }
    if (root == null || root.isMissingNode()) {
      return new Tree(
          Optional.empty(),
          List.of(
              Violation.of(
                  "", ErrorCode.MALFORMED_JSON, "the document is empty; expected a JSON object")));
    }
    return new Tree(Optional.of(root), List.of());
  }

  private static SpecReading unread(List<Violation> violations) {
    return new SpecReading(Optional.empty(), violations);
  }

  /**
   * Reads a spec from a UTF-8 JSON file.
   *
   * @throws MediaFlowException {@code INPUT_NOT_FOUND} when the file does not exist, {@code
   *     INPUT_UNREADABLE} when it cannot be read or is not UTF-8 text
   * @throws ValidationException as {@link #parse}
   */
  public static JobSpec read(Path file) {
    return parse(text(file));
  }

  /**
   * The text of a UTF-8 JSON file.
   *
   * @throws MediaFlowException as {@link #read}
   */
  public static String text(Path file) {
    return text(file, "job spec");
  }

  /**
   * The text of a UTF-8 JSON file of another document, named {@code what} in messages ({@code
   * workflow}).
   *
   * @throws MediaFlowException as {@link #read}
   */
  public static String text(Path file, String what) {
    Objects.requireNonNull(file, "file");
    try {
      return Files.readString(file);
    } catch (NoSuchFileException e) {
      throw unreadable(
          ErrorCode.INPUT_NOT_FOUND,
          what + " file " + file + " does not exist",
          "check the path; relative paths are resolved against " + Path.of("").toAbsolutePath(),
          e);
    } catch (AccessDeniedException e) {
      throw unreadable(
          ErrorCode.INPUT_UNREADABLE,
          what + " file " + file + " cannot be read: permission denied",
          "give the process read access to the file",
          e);
    } catch (CharacterCodingException e) {
      throw unreadable(
          ErrorCode.INPUT_UNREADABLE,
          what + " file " + file + " is not UTF-8 text",
          "save the file as UTF-8 JSON",
          e);
    } catch (IOException e) {
      String message = e.getMessage();
      throw unreadable(
          ErrorCode.INPUT_UNREADABLE,
          what
              + " file "
              + file
              + " cannot be read: "
              + e.getClass().getSimpleName()
              + (message == null ? "" : " (" + message + ")"),
          "check that the path names a readable file",
          e);
    }
  }

  private static MediaFlowException unreadable(
      ErrorCode code, String message, String suggestion, IOException cause) {
    return new MediaFlowException(code, message, suggestion, false, cause);
  }

  // ---------------------------------------------------------------- the document, object by object

  private SpecReading spec(JsonNode root) {
    if (!root.isObject()) {
      values.wrongType("", "a JSON object", root);
      return unread(violations);
    }
    int version = version(root.get("version"));
    if (version > JobSpec.CURRENT_VERSION) {
      // a newer format's fields would only show up as noise, so the version is the one problem
      return unread(violations);
    }
    checkFields(root, "", SpecObject.DOCUMENT);
    JsonNode schema = root.get("$schema");
    if (schema != null && !schema.isNull() && !schema.isTextual()) {
      values.wrongType("$schema", "a string (the schema's URL)", schema);
    }
    List<InputSpec> inputs = list(root, "inputs", "", "an array of inputs", this::input);
    List<OperationSpec> operations =
        list(root, "operations", "", "an array of operations", this::operation);
    List<OutputSpec> outputs = list(root, "outputs", "", "an array of outputs", this::output);
    return new SpecReading(
        lost ? Optional.empty() : Optional.of(new JobSpec(version, inputs, operations, outputs)),
        violations);
  }

  private int version(JsonNode node) {
    if (JsonValues.absent(node)) {
      return JobSpec.CURRENT_VERSION;
    }
    Integer version = values.integer(node, "version");
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
    if (!values.object(
        node, path, "an input object such as {\"id\": \"main\", \"source\": \"file:in.mp4\"}")) {
      return null;
    }
    checkFields(node, path, SpecObject.INPUT);
    String id = values.requiredString(node, path, "id", "the input's id, such as \"main\"");
    String source =
        values.requiredString(node, path, "source", "where to read it, such as \"file:in.mp4\"");
    InputSpec.Read read = read(node, path);
    return id == null || source == null || read == null ? null : new InputSpec(id, source, read);
  }

  /**
   * {@code "fetch"} (also when left out) or {@code "stream"}; null, with a violation, otherwise.
   */
  private InputSpec.Read read(JsonNode node, String path) {
    String text = values.optionalString(node, path, "read");
    if (text == null) {
      return node.hasNonNull("read") ? null : InputSpec.Read.FETCH;
    }
    for (InputSpec.Read r : InputSpec.Read.values()) {
      if (r.name().toLowerCase(Locale.ROOT).equals(text)) {
        return r;
      }
    }
    violations.add(
        new Violation(
            field(path, "read"),
            ErrorCode.INVALID_VALUE,
            "\"" + text + "\" is not a way to read an input",
            "use \"fetch\" (copy it first, the default) or \"stream\" (the media tool reads a"
                + " signed URL of its store; docs/object-storage.md)"));
    return null;
  }

  private OperationSpec operation(JsonNode node, String path) {
    if (!values.object(node, path, "an operation object such as {\"op\": \"trim\", ...}")) {
      return null;
    }
    checkFields(node, path, SpecObject.OPERATION);
    String op = values.requiredString(node, path, "op", "the operator's name, such as \"trim\"");
    List<String> inputs = operationInputs(node.get("input"), field(path, "input"));
    String output =
        values.requiredString(node, path, "output", "the id of the result, such as \"cut\"");
    Map<String, Object> params = Map.of();
    JsonNode paramsNode = node.get("params");
    String paramsPath = field(path, "params");
    if (!JsonValues.absent(paramsNode)) {
      if (paramsNode.isObject()) {
        @SuppressWarnings("unchecked")
        Map<String, Object> converted = (Map<String, Object>) values.toJava(paramsNode, paramsPath);
        params = converted;
      } else {
        values.wrongType(paramsPath, "an object of parameter names to values", paramsNode);
      }
    }
    if (op == null || inputs == null || output == null) {
      return null;
    }
    return new OperationSpec(op, inputs, output, params);
  }

  private List<String> operationInputs(JsonNode node, String path) {
    if (JsonValues.absent(node)) {
      values.missing(path, "the id it reads, such as \"main\", or a list of ids");
      return null;
    }
    if (node.isTextual()) {
      return List.of(node.textValue());
    }
    if (!node.isArray()) {
      values.wrongType(path, "an id (a string) or an array of ids", node);
      return null;
    }
    List<String> ids = new ArrayList<>();
    boolean ok = true;
    for (int i = 0; i < node.size(); i++) {
      JsonNode item = node.get(i);
      if (item.isTextual()) {
        ids.add(item.textValue());
      } else {
        values.wrongType(index(path, i), "an id (a string)", item);
        ok = false;
      }
    }
    return ok ? ids : null;
  }

  private OutputSpec output(JsonNode node, String path) {
    if (!values.object(
        node,
        path,
        "an output object such as {\"id\": \"cut\", \"destination\": \"file:out.mp4\"}")) {
      return null;
    }
    checkFields(node, path, SpecObject.OUTPUT);
    String id =
        values.requiredString(
            node, path, "id", "the input or operation result to write, such as \"cut\"");
    String destination =
        values.requiredString(
            node, path, "destination", "where to write it, such as \"file:out.mp4\"");
    CodecSpec codec = codec(node.get("codec"), field(path, "codec"));
    Map<String, String> metadata = metadata(node.get("metadata"), field(path, "metadata"));
    List<StreamSelector> streams =
        list(node, "streams", path, "an array of stream selectors", this::stream);
    boolean overwrite = false;
    JsonNode overwriteNode = node.get("overwrite");
    if (!JsonValues.absent(overwriteNode)) {
      if (overwriteNode.isBoolean()) {
        overwrite = overwriteNode.booleanValue();
      } else {
        values.wrongType(field(path, "overwrite"), "true or false", overwriteNode);
      }
    }
    if (id == null || destination == null || codec == null || metadata == null) {
      return null;
    }
    return new OutputSpec(id, destination, codec, metadata, streams, overwrite);
  }

  private CodecSpec codec(JsonNode node, String path) {
    if (JsonValues.absent(node)) {
      return CodecSpec.DEFAULT;
    }
    if (!values.object(node, path, "a codec object such as {\"video\": \"h264\", \"crf\": 23}")) {
      return null;
    }
    checkFields(node, path, SpecObject.CODEC);
    return new CodecSpec(
        values.optionalString(node, path, "video"),
        values.optionalString(node, path, "audio"),
        values.optionalInteger(node, path, "crf"),
        values.optionalString(node, path, "videoBitrate"),
        values.optionalString(node, path, "audioBitrate"),
        values.optionalString(node, path, "preset"),
        values.optionalInteger(node, path, "sampleRate"),
        values.optionalInteger(node, path, "channels"),
        values.optionalString(node, path, "container"),
        values.optionalString(node, path, "hardware"),
        values.optionalInteger(node, path, "threads"));
  }

  private Map<String, String> metadata(JsonNode node, String path) {
    if (JsonValues.absent(node)) {
      return Map.of();
    }
    if (!values.object(node, path, "an object of tag names to string values")) {
      return null;
    }
    Map<String, String> tags = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      JsonNode value = entry.getValue();
      if (value.isTextual()) {
        tags.put(entry.getKey(), value.textValue());
      } else {
        violations.add(
            new Violation(
                field(path, entry.getKey()),
                ErrorCode.WRONG_TYPE,
                "expected a string but was " + JsonValues.describe(value),
                value.isValueNode() && !value.isNull()
                    ? "metadata values are strings; quote it: \"" + value.asText() + "\""
                    : "metadata values are strings"));
      }
    }
    return tags;
  }

  private StreamSelector stream(JsonNode node, String path) {
    if (!values.object(
        node, path, "a stream selector such as {\"type\": \"audio\", \"language\": \"eng\"}")) {
      return null;
    }
    checkFields(node, path, SpecObject.STREAM);
    String typeName =
        values.requiredString(node, path, "type", "the kind of track: video, audio or subtitle");
    StreamType type = typeName == null ? null : streamType(typeName, field(path, "type"));
    String language = values.optionalString(node, path, "language");
    int index = -1;
    JsonNode indexNode = node.get("index");
    if (!JsonValues.absent(indexNode)) {
      Integer value = values.integer(indexNode, field(path, "index"));
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
    List<String> names = new ArrayList<>();
    for (StreamType t : StreamType.values()) {
      String n = t.name().toLowerCase(Locale.ROOT);
      if (n.equals(name)) {
        return t;
      }
      names.add(n);
    }
    violations.add(
        new Violation(
            path,
            ErrorCode.INVALID_VALUE,
            "unknown stream type \"" + name + "\"; expected one of " + String.join(", ", names),
            Suggestions.didYouMean(name, names).orElse("")));
    return null;
  }

  // ---------------------------------------------------------------- helpers

  /**
   * Reads an optional array; absent or null is an empty list. Broken items are left out, and the
   * spec is then {@link #lost} (a stream selector left out only damages its output).
   */
  private <T> List<T> list(
      JsonNode parent, String name, String parentPath, String expected, ItemReader<T> reader) {
    JsonNode node = parent.get(name);
    String path = field(parentPath, name);
    if (JsonValues.absent(node)) {
      return List.of();
    }
    boolean part = parentPath.isEmpty();
    if (!node.isArray()) {
      values.wrongType(path, expected, node);
      lost |= part;
      return List.of();
    }
    List<T> items = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      T item = reader.read(node.get(i), index(path, i));
      if (item != null) {
        items.add(item);
      } else {
        lost |= part;
      }
    }
    return items;
  }

  private void checkFields(JsonNode node, String path, SpecObject object) {
    values.unknownFields(node, path, object.description(), object.fields());
  }

  @FunctionalInterface
  private interface ItemReader<T> {
    T read(JsonNode node, String path);
  }

  // ---------------------------------------------------------------- documents Jackson refuses

  /**
   * Every number of the document that no number type can hold, each at its path; found with a
   * second, streaming pass because the tree reader stops at the first one.
   */
  private static List<Violation> unreadableNumbers(String json, NumberFormatException cause) {
    List<Violation> found = new ArrayList<>();
    try (JsonParser parser = MAPPER.createParser(json)) {
      for (JsonToken t = parser.nextToken(); t != null; t = parser.nextToken()) {
        if (t == JsonToken.VALUE_NUMBER_FLOAT || t == JsonToken.VALUE_NUMBER_INT) {
          try {
            parser.getDecimalValue();
          } catch (NumberFormatException e) {
            found.add(
                new Violation(
                    JsonPaths.of(parser.getParsingContext()),
                    ErrorCode.OUT_OF_RANGE,
                    "the number "
                        + JsonValues.abbreviate(parser.getText())
                        + " is out of range: its exponent is too large for any number",
                    "write a number of ordinary size; no field takes values this large or small"));
          }
        }
      }
    } catch (IOException e) {
      // the tree reader saw this document up to the number, so this pass reaches it too
    }
    if (found.isEmpty()) {
      found.add(
          Violation.of(
              "", ErrorCode.OUT_OF_RANGE, "a number cannot be read: " + cause.getMessage()));
    }
    return found;
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
}
