package io.mediaflow.internal.workflow;

import static io.mediaflow.internal.spec.JsonPaths.field;
import static io.mediaflow.internal.spec.JsonPaths.index;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.Violation;
import io.mediaflow.api.job.RetryPolicy;
import io.mediaflow.api.workflow.Edge;
import io.mediaflow.api.workflow.ErrorPolicy;
import io.mediaflow.api.workflow.Node;
import io.mediaflow.api.workflow.Workflow;
import io.mediaflow.internal.Suggestions;
import io.mediaflow.internal.spec.JobSpecReader;
import io.mediaflow.internal.spec.JsonValues;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the JSON form of a {@link Workflow}, strictly, as {@link JobSpecReader} reads job specs: an
 * unknown field, a missing required field, a value of the wrong JSON type, a bad duration or
 * instant are errors, every problem of the document reported at once, each {@link Violation} at its
 * JSON path ({@code nodes[3].timeout}). The fields of each object are those of {@link
 * WorkflowObject}. Node objects are read by {@link NodeReader}.
 */
public final class WorkflowReader {

  final List<Violation> violations = new ArrayList<>();
  final JsonValues values = new JsonValues(violations);

  private int scanned;
  private int damaged;

  /** Whether a node, an edge or a policy could not be read, so the workflow read lacks it. */
  private boolean lost;

  private WorkflowReader() {}

  /** Reads a workflow without throwing for its shape. */
  public static WorkflowReading reading(String json) {
    JobSpecReader.Tree tree = JobSpecReader.tree(json);
    if (tree.root().isEmpty()) {
      return new WorkflowReading(Optional.empty(), tree.problems());
    }
    return new WorkflowReader().document(tree.root().get());
  }

  private WorkflowReading document(JsonNode root) {
    if (!root.isObject()) {
      values.wrongType("", "a JSON object", root);
      return new WorkflowReading(Optional.empty(), violations);
    }
    int version = version(root.get("version"));
    if (version > Workflow.CURRENT_VERSION) {
      // a newer format's fields would only show up as noise, so the version is the one problem
      return new WorkflowReading(Optional.empty(), violations);
    }
    checkFields(root, "", WorkflowObject.DOCUMENT);
    JsonNode schema = root.get("$schema");
    if (schema != null && !schema.isNull() && !schema.isTextual()) {
      values.wrongType("$schema", "a string (the schema's URL)", schema);
    }
    int mark = damage();
    String id = values.requiredString(root, "", "id", "the workflow's id, such as \"archive\"");
    String name = optionalString(root, "", "name");
    String description = optionalString(root, "", "description");
    Map<String, Object> variables =
        object(root, "", "variables", "an object of variable names to values");
    ErrorPolicy onError = ErrorPolicy.ABORT;
    JsonNode onErrorNode = root.get("onError");
    if (!JsonValues.absent(onErrorNode)) {
      if (values.object(onErrorNode, "onError", "an error policy such as {\"then\": \"abort\"}")) {
        checkFields(onErrorNode, "onError", WorkflowObject.ERROR_POLICY);
        onError = errorPolicy(onErrorNode, "onError", false);
      }
    }
    lost |= damage() != mark;
    NodeReader nodes = new NodeReader(this);
    List<Node> nodeList = new ArrayList<>();
    JsonNode nodesNode = root.get("nodes");
    if (JsonValues.absent(nodesNode)) {
      values.missing(
          "nodes", "an array of nodes, such as [{\"id\": \"start\", \"type\": \"trigger\"}]");
      lost = true;
    } else if (!nodesNode.isArray()) {
      values.wrongType("nodes", "an array of nodes", nodesNode);
      lost = true;
    } else {
      for (int i = 0; i < nodesNode.size(); i++) {
        int before = damage();
        Node node = nodes.node(nodesNode.get(i), index("nodes", i));
        if (node == null || damage() != before) {
          lost = true;
        } else {
          nodeList.add(node);
        }
      }
    }
    List<Edge> edges = edges(root.get("edges"));
    if (lost) {
      return new WorkflowReading(Optional.empty(), violations);
    }
    return new WorkflowReading(
        Optional.of(
            new Workflow(version, id, name, description, variables, onError, nodeList, edges)),
        violations);
  }

  private int version(JsonNode node) {
    if (JsonValues.absent(node)) {
      return Workflow.CURRENT_VERSION;
    }
    Integer version = values.integer(node, "version");
    if (version == null) {
      lost = true;
      return Workflow.CURRENT_VERSION;
    }
    if (version < 1) {
      violations.add(
          new Violation(
              "version",
              ErrorCode.OUT_OF_RANGE,
              "version must be at least 1 but was " + version,
              "leave version out to use " + Workflow.CURRENT_VERSION));
      lost = true;
    } else if (version > Workflow.CURRENT_VERSION) {
      violations.add(
          new Violation(
              "version",
              ErrorCode.UNSUPPORTED_VERSION,
              "workflow version "
                  + version
                  + " is newer than this library understands; the newest it reads is "
                  + Workflow.CURRENT_VERSION,
              "upgrade mediaflow, or write the workflow in version "
                  + Workflow.CURRENT_VERSION
                  + " form"));
    }
    return version;
  }

  private List<Edge> edges(JsonNode node) {
    if (JsonValues.absent(node)) {
      return List.of();
    }
    if (!node.isArray()) {
      values.wrongType("edges", "an array of edges", node);
      lost = true;
      return List.of();
    }
    List<Edge> edges = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      String path = index("edges", i);
      JsonNode e = node.get(i);
      int before = damage();
      if (!values.object(e, path, "an edge such as {\"from\": \"start\", \"to\": \"dl\"}")) {
        lost = true;
        continue;
      }
      checkFields(e, path, WorkflowObject.EDGE);
      String from = values.requiredString(e, path, "from", "the id of the node it leaves");
      String to = values.requiredString(e, path, "to", "the id of the node it enters");
      String port = optionalString(e, path, "port");
      if (port.isEmpty() && e.path("port").isTextual()) {
        violations.add(
            new Violation(
                field(path, "port"),
                ErrorCode.INVALID_VALUE,
                "the port is empty",
                "name a port of the node, or leave \"port\" out for \"next\""));
      }
      if (from == null || to == null || damage() != before) {
        lost = true;
        continue;
      }
      edges.add(new Edge(from, to, port.isEmpty() ? Edge.NEXT : port));
    }
    return edges;
  }

  // ---------------------------------------------------------------- values shared with NodeReader

  /** Retries then what; {@code inNode} for an error node, where {@code then} is required. */
  ErrorPolicy errorPolicy(JsonNode node, String path, boolean inNode) {
    RetryPolicy retry = retry(node.get("retry"), field(path, "retry"));
    ErrorPolicy.Then then = ErrorPolicy.Then.ABORT;
    JsonNode thenNode = node.get("then");
    List<String> names = new ArrayList<>();
    for (ErrorPolicy.Then t : ErrorPolicy.Then.values()) {
      names.add(t.jsonName());
    }
    if (inNode && JsonValues.absent(thenNode)) {
      values.missing(
          field(path, "then"), "what happens after the retries: " + String.join(", ", names));
    } else if (!JsonValues.absent(thenNode)) {
      String text = thenNode.isTextual() ? thenNode.textValue() : null;
      if (text == null) {
        values.wrongType(
            field(path, "then"), "a string: one of " + String.join(", ", names), thenNode);
      } else {
        then =
            oneOf(text, names, field(path, "then"), "what happens after the retries")
                .map(n -> ErrorPolicy.Then.valueOf(n.toUpperCase(Locale.ROOT)))
                .orElse(then);
      }
    }
    String notify = optionalString(node, path, "notify");
    Map<String, Object> notifyParams =
        object(node, path, "notifyParams", "an object of parameter names to values");
    return new ErrorPolicy(retry == null ? RetryPolicy.none() : retry, then, notify, notifyParams);
  }

  /**
   * A retry policy object of the workflow form ({@code {"maxAttempts": 3}}), read for another
   * document (a rule's {@code settings.retryPolicy}): {@link RetryPolicy#none()} when absent, null
   * when broken, its problems added to {@code out} at paths under {@code path}.
   */
  public static RetryPolicy retryPolicy(JsonNode node, String path, List<Violation> out) {
    WorkflowReader reader = new WorkflowReader();
    RetryPolicy policy = reader.retry(node, path);
    out.addAll(reader.violations);
    return policy;
  }

  /** A retry policy; {@link RetryPolicy#none()} when absent, null (reported) when broken. */
  RetryPolicy retry(JsonNode node, String path) {
    if (JsonValues.absent(node)) {
      return RetryPolicy.none();
    }
    if (!values.object(node, path, "a retry policy such as {\"maxAttempts\": 3}")) {
      return null;
    }
    checkFields(node, path, WorkflowObject.RETRY);
    int before = damage();
    RetryPolicy d = RetryPolicy.ofDefaults();
    RetryPolicy.Kind kind = d.kind();
    JsonNode kindNode = node.get("kind");
    boolean kindGiven = !JsonValues.absent(kindNode);
    if (kindGiven) {
      List<String> names = List.of("fixed", "linear", "exponential", "delays");
      if (!kindNode.isTextual()) {
        values.wrongType(
            field(path, "kind"), "a string: fixed, linear, exponential or delays", kindNode);
      } else {
        kind =
            oneOf(kindNode.textValue(), names, field(path, "kind"), "how the delay grows")
                .map(n -> RetryPolicy.Kind.valueOf(n.toUpperCase(Locale.ROOT)))
                .orElse(kind);
      }
    }
    List<Duration> delays = delays(node, path, kindGiven ? kind : null);
    if (delays != null && !delays.isEmpty()) {
      return damage() != before ? null : delayPolicy(node, path, delays);
    }
    int maxAttempts =
        intIn(node, path, "maxAttempts", 1, RetryPolicy.MAX_ATTEMPTS_LIMIT, d.maxAttempts());
    Duration initial = duration(node, path, "initialDelay", d.initialDelay());
    Duration max = duration(node, path, "maxDelay", d.maxDelay());
    double multiplier = number(node, path, "multiplier", 1, 1000, d.multiplier());
    double jitter = number(node, path, "jitter", 0, 1, d.jitter());
    if (damage() != before) {
      return null;
    }
    if (maxBelow(path, max, initial, "initialDelay", "raise maxDelay or lower initialDelay")) {
      return null;
    }
    return new RetryPolicy(kind, initial, max, multiplier, jitter, maxAttempts, Set.of());
  }

  /**
   * The {@code delays} of a retry policy: empty when absent (a {@code "kind": "delays"} without
   * them is reported), null (reported) when broken or beside another kind; {@code kind} null when
   * the policy names none.
   */
  private List<Duration> delays(JsonNode node, String path, RetryPolicy.Kind kind) {
    JsonNode list = node.get("delays");
    String where = field(path, "delays");
    if (JsonValues.absent(list)) {
      if (kind == RetryPolicy.Kind.DELAYS) {
        violations.add(
            new Violation(
                where,
                ErrorCode.MISSING_FIELD,
                "a retry policy of kind delays needs its \"delays\"",
                "list the waits after each failed attempt, such as [\"1m\", \"5m\", \"15m\"]"));
        return null;
      }
      return List.of();
    }
    if (kind != null && kind != RetryPolicy.Kind.DELAYS) {
      violations.add(
          new Violation(
              where,
              ErrorCode.INVALID_VALUE,
              "\"delays\" belongs to a retry policy of kind delays, not "
                  + kind.name().toLowerCase(Locale.ROOT),
              "remove \"kind\" (delays imply it) or remove \"delays\""));
      return null;
    }
    if (!list.isArray() || list.isEmpty() || list.size() > RetryPolicy.MAX_ATTEMPTS_LIMIT) {
      values.wrongType(
          where,
          "a list of 1 to "
              + RetryPolicy.MAX_ATTEMPTS_LIMIT
              + " durations such as [\"1m\", \"5m\"]",
          list);
      return null;
    }
    List<Duration> out = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      JsonNode item = list.get(i);
      String at = where + "[" + i + "]";
      if (!item.isTextual()) {
        values.wrongType(at, Durations.EXPECTED, item);
        continue;
      }
      Optional<Duration> d = Durations.parse(item.textValue());
      if (d.isEmpty()) {
        violations.add(notADuration(at, item.textValue()));
      } else {
        out.add(d.get());
      }
    }
    return out.size() == list.size() ? out : null;
  }

  /** A {@code DELAYS} policy: attempts default to the delays + 1, jitter to 0. */
  private RetryPolicy delayPolicy(JsonNode node, String path, List<Duration> delays) {
    for (String computed : List.of("initialDelay", "multiplier")) {
      if (node.has(computed)) {
        violations.add(
            new Violation(
                field(path, computed),
                ErrorCode.INVALID_VALUE,
                "\"" + computed + "\" does not apply to a retry policy with \"delays\"",
                "remove it: the delays say how long each wait is"));
      }
    }
    int before = damage();
    RetryPolicy.Builder b = RetryPolicy.builder().delays(delays);
    if (node.has("maxAttempts")) {
      b.maxAttempts(intIn(node, path, "maxAttempts", 1, RetryPolicy.MAX_ATTEMPTS_LIMIT, 1));
    }
    if (node.has("jitter")) {
      b.jitter(number(node, path, "jitter", 0, 1, 0));
    }
    Duration max = duration(node, path, "maxDelay", null);
    if (damage() != before) {
      return null;
    }
    if (max != null) {
      if (maxBelow(
          path,
          max,
          delays.get(0),
          "the first delay",
          "raise maxDelay or shorten the first delay")) {
        return null;
      }
      b.maxDelay(max);
    }
    return b.build();
  }

  /** Reports a {@code maxDelay} shorter than {@code min} (named {@code what}); true if it is. */
  private boolean maxBelow(
      String path, Duration max, Duration min, String what, String suggestion) {
    if (max.compareTo(min) >= 0) {
      return false;
    }
    violations.add(
        new Violation(
            field(path, "maxDelay"),
            ErrorCode.OUT_OF_RANGE,
            "maxDelay ("
                + Durations.format(max)
                + ") must be at least "
                + what
                + " ("
                + Durations.format(min)
                + ")",
            suggestion));
    return true;
  }

  /** An optional duration field; {@code otherwise} when absent, null (reported) when broken. */
  Duration duration(JsonNode parent, String path, String name, Duration otherwise) {
    JsonNode node = parent.get(name);
    if (JsonValues.absent(node)) {
      return otherwise;
    }
    String where = field(path, name);
    if (!node.isTextual()) {
      values.wrongType(where, Durations.EXPECTED, node);
      return null;
    }
    Optional<Duration> d = Durations.parse(node.textValue());
    if (d.isEmpty()) {
      violations.add(notADuration(where, node.textValue()));
      return null;
    }
    return d.get();
  }

  private static Violation notADuration(String where, String text) {
    return new Violation(
        where,
        ErrorCode.INVALID_VALUE,
        "\"" + JsonValues.abbreviate(text) + "\" is not a duration; expected " + Durations.EXPECTED,
        "write amounts with a unit, largest first: ms, s, m, h or d");
  }

  /** An optional instant field; null (reported when broken) when absent. */
  Instant instant(JsonNode parent, String path, String name) {
    JsonNode node = parent.get(name);
    if (JsonValues.absent(node)) {
      return null;
    }
    String where = field(path, name);
    if (!node.isTextual()) {
      values.wrongType(where, "an instant such as \"2026-12-24T00:00:00Z\"", node);
      return null;
    }
    try {
      return Instant.parse(node.textValue());
    } catch (DateTimeParseException e) {
      violations.add(
          new Violation(
              where,
              ErrorCode.INVALID_VALUE,
              "\""
                  + JsonValues.abbreviate(node.textValue())
                  + "\" is not an instant; expected UTC date and time such as"
                  + " \"2026-12-24T00:00:00Z\"",
              "write it in ISO-8601 with a Z: 2026-12-24T08:30:00Z"));
      return null;
    }
  }

  /** An optional integer in a range; {@code otherwise} when absent or broken (reported). */
  int intIn(JsonNode parent, String path, String name, int min, int max, int otherwise) {
    JsonNode node = parent.get(name);
    if (JsonValues.absent(node)) {
      return otherwise;
    }
    Integer v = values.integer(node, field(path, name));
    if (v == null) {
      return otherwise;
    }
    if (v < min || v > max) {
      violations.add(
          Violation.of(
              field(path, name),
              ErrorCode.OUT_OF_RANGE,
              name + " must be between " + min + " and " + max + " but was " + v));
      return otherwise;
    }
    return v;
  }

  private double number(
      JsonNode parent, String path, String name, double min, double max, double otherwise) {
    JsonNode node = parent.get(name);
    if (JsonValues.absent(node)) {
      return otherwise;
    }
    if (!node.isNumber()) {
      values.wrongType(field(path, name), "a number", node);
      return otherwise;
    }
    double v = node.decimalValue().doubleValue();
    if (!(v >= min && v <= max)) {
      violations.add(
          Violation.of(
              field(path, name),
              ErrorCode.OUT_OF_RANGE,
              name
                  + " must be between "
                  + plain(min)
                  + " and "
                  + plain(max)
                  + " but was "
                  + node.asText()));
      return otherwise;
    }
    return v;
  }

  private static String plain(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }

  /** An optional string; empty when absent. */
  String optionalString(JsonNode parent, String path, String name) {
    String s = values.optionalString(parent, path, name);
    return s == null ? "" : s;
  }

  /** An optional object of values; empty when absent. */
  Map<String, Object> object(JsonNode parent, String path, String name, String expected) {
    JsonNode node = parent.get(name);
    if (JsonValues.absent(node)) {
      return Map.of();
    }
    String where = field(path, name);
    if (!node.isObject()) {
      values.wrongType(where, expected, node);
      return Map.of();
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> map = (Map<String, Object>) values.toJava(node, where);
    return new LinkedHashMap<>(map);
  }

  /** {@code text} when it is one of {@code names}; else reported as {@code INVALID_VALUE}. */
  Optional<String> oneOf(String text, List<String> names, String path, String what) {
    if (names.contains(text)) {
      return Optional.of(text);
    }
    violations.add(
        new Violation(
            path,
            ErrorCode.INVALID_VALUE,
            "\""
                + JsonValues.abbreviate(text)
                + "\" is not "
                + what
                + "; expected one of "
                + String.join(", ", names),
            Suggestions.didYouMean(text, names).orElse("")));
    return Optional.empty();
  }

  void checkFields(JsonNode node, String path, WorkflowObject object) {
    values.unknownFields(node, path, object.description(), object.fields());
  }

  /**
   * How many problems so far are more than an unknown field: an item's count going up damages it.
   */
  int damage() {
    // counted on from where the last call stopped: a document of 10,000 broken nodes stays linear
    for (; scanned < violations.size(); scanned++) {
      if (violations.get(scanned).code() != ErrorCode.UNKNOWN_FIELD) {
        damaged++;
      }
    }
    return damaged;
  }
}
