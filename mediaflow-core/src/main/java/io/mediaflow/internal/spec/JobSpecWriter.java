package io.mediaflow.internal.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.ValidationException;
import io.mediaflow.api.Violation;
import io.mediaflow.api.media.MediaDuration;
import io.mediaflow.api.spec.CodecSpec;
import io.mediaflow.api.spec.InputSpec;
import io.mediaflow.api.spec.JobSpec;
import io.mediaflow.api.spec.OperationSpec;
import io.mediaflow.api.spec.OutputSpec;
import io.mediaflow.api.spec.StreamSelector;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Writes a {@link JobSpec} as the JSON {@link JobSpecReader} reads: pretty-printed, fields in a
 * stable order, fields with their default value left out ({@code version} is always written).
 */
public final class JobSpecWriter {

  private static final ObjectWriter PRETTY =
      JsonMapper.builder()
          .build()
          .writer(
              new DefaultPrettyPrinter(
                      Separators.createDefaultInstance()
                          .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                  .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                  .withArrayIndenter(new DefaultIndenter("  ", "\n")));

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private JobSpecWriter() {}

  /**
   * The JSON text of {@code spec}.
   *
   * @throws ValidationException with {@code WRONG_TYPE} at its path for each parameter value that
   *     has no JSON form
   */
  public static String write(JobSpec spec) {
    Objects.requireNonNull(spec, "spec");
    ObjectNode root = toTree(spec);
    try {
      return PRETTY.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new MediaFlowException(
          ErrorCode.INTERNAL, "cannot write a job spec as JSON: " + e.getOriginalMessage(), "");
    }
  }

  private static ObjectNode toTree(JobSpec spec) {
    List<Violation> violations = new ArrayList<>();
    ObjectNode root = NODES.objectNode();
    root.put("version", spec.version());
    ArrayNode inputs = root.putArray("inputs");
    for (InputSpec in : spec.inputs()) {
      ObjectNode input = inputs.addObject().put("id", in.id()).put("source", in.source());
      if (in.read() != InputSpec.Read.FETCH) {
        input.put("read", in.read().name().toLowerCase(Locale.ROOT));
      }
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
      outputs.add(output(out));
    }
    ValidationException.throwIfAny(violations);
    return root;
  }

  private static ObjectNode output(OutputSpec out) {
    ObjectNode node = NODES.objectNode().put("id", out.id()).put("destination", out.destination());
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
        ObjectNode sel = streams.addObject().put("type", s.type().name().toLowerCase(Locale.ROOT));
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
    return node;
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
    putIfSet(node, "hardware", c.hardware());
    putIfSet(node, "threads", c.threads());
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

  /** Pretty-printed JSON text of a tree, in the layout of every document mediaflow writes. */
  public static String pretty(JsonNode root) {
    try {
      return PRETTY.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new MediaFlowException(
          ErrorCode.INTERNAL, "cannot write a document as JSON: " + e.getOriginalMessage(), "");
    }
  }

  /**
   * The JSON of a parameter value: strings, numbers, booleans, null, lists and maps; anything else
   * adds a {@code WRONG_TYPE} violation at {@code path} and gives null.
   */
  public static JsonNode toJson(Object value, String path, List<Violation> violations) {
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
        node.set(key, toJson(entry.getValue(), JsonPaths.field(path, key), violations));
      }
      return node;
    }
    if (value instanceof Collection<?> items) {
      ArrayNode node = NODES.arrayNode();
      int i = 0;
      for (Object item : items) {
        node.add(toJson(item, JsonPaths.index(path, i++), violations));
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
}
