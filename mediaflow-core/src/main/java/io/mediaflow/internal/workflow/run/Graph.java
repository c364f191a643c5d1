package io.mediaflow.internal.workflow.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.mediaflow.api.MediaFlowException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A workflow definition as a run walks it: its nodes by id, each with its targets by port. Read
 * from the definition snapshot a run carries in its payload (the JSON the workflow reader reads;
 * validation has happened before the run was started, so this only refuses what it cannot walk).
 *
 * @param id the workflow's id
 * @param revision the stored revision the run started with; 0 for a definition never stored
 * @param variables the definition's initial variables
 * @param onError the workflow's error policy ({@code retry} then {@code then}); missing for none
 * @param nodes by id, in the definition's order
 * @param trigger the id of the one trigger node
 */
record Graph(
    String id,
    int revision,
    Map<String, Object> variables,
    JsonNode onError,
    Map<String, Node> nodes,
    String trigger) {

  static final ObjectMapper JSON = JsonMapper.builder().build();

  /** The default port of a node's edges. */
  static final String NEXT = "next";

  /**
   * One node.
   *
   * @param id its id
   * @param type {@code trigger}, {@code action}, {@code condition}, {@code delay}, {@code loop},
   *     {@code parallel}, {@code merge} or {@code error}
   * @param config the node as written
   * @param out the targets of its edges by port, in the order written
   */
  record Node(String id, String type, JsonNode config, Map<String, List<String>> out) {

    /** The targets of edges leaving by {@code port}; empty for none. */
    List<String> targets(String port) {
      return out.getOrDefault(port, List.of());
    }

    /** A field of the node, {@link MissingNode} when absent. */
    JsonNode get(String field) {
      return config.path(field);
    }

    /** A text field, if present. */
    Optional<String> text(String field) {
      JsonNode n = config.get(field);
      return n == null || n.isNull() ? Optional.empty() : Optional.of(n.asText());
    }
  }

  /** The node with this id. */
  Node node(String nodeId) {
    Node n = nodes.get(nodeId);
    if (n == null) {
      throw new MediaFlowException(
          RunErrors.INVALID_RUN,
          "workflow '" + id + "' has no node '" + nodeId + "'",
          "validate the workflow before running it");
    }
    return n;
  }

  /** A JSON value as plain Java: maps, lists, strings, numbers, booleans, null. */
  static Object plain(JsonNode n) {
    if (n == null || n.isMissingNode() || n.isNull()) {
      return null;
    }
    return JSON.convertValue(n, Object.class);
  }

  /**
   * Reads a definition.
   *
   * @throws MediaFlowException {@link RunErrors#INVALID_RUN} for what cannot be walked: no nodes, a
   *     node without id or type, an edge to a node that does not exist, not exactly one trigger
   */
  static Graph read(JsonNode def) {
    if (def == null || !def.isObject()) {
      throw invalid("?", "the run has no workflow definition object");
    }
    String id = def.path("id").asText("");
    if (id.isEmpty()) {
      throw invalid("?", "the workflow has no id");
    }
    Map<String, JsonNode> raw = new LinkedHashMap<>();
    for (JsonNode n : def.path("nodes")) {
      String nid = n.path("id").asText("");
      String type = n.path("type").asText("");
      if (nid.isEmpty() || type.isEmpty()) {
        throw invalid(id, "a node has no id or no type: " + n);
      }
      if (raw.put(nid, n) != null) {
        throw invalid(id, "node id '" + nid + "' is used twice");
      }
    }
    if (raw.isEmpty()) {
      throw invalid(id, "the workflow has no nodes");
    }
    Map<String, Map<String, List<String>>> out = new LinkedHashMap<>();
    for (JsonNode e : def.path("edges")) {
      String from = e.path("from").asText("");
      String to = e.path("to").asText("");
      String port = e.path("port").asText(NEXT);
      if (!raw.containsKey(from) || !raw.containsKey(to)) {
        throw invalid(id, "edge " + e + " names a node that does not exist");
      }
      out.computeIfAbsent(from, k -> new LinkedHashMap<>())
          .computeIfAbsent(port, k -> new ArrayList<>())
          .add(to);
    }
    Map<String, Node> nodes = new LinkedHashMap<>();
    String trigger = null;
    int triggers = 0;
    for (Map.Entry<String, JsonNode> r : raw.entrySet()) {
      Map<String, List<String>> ports = out.getOrDefault(r.getKey(), Map.of());
      Map<String, List<String>> frozen = new LinkedHashMap<>();
      ports.forEach((p, t) -> frozen.put(p, List.copyOf(t)));
      String type = r.getValue().path("type").asText();
      nodes.put(
          r.getKey(),
          new Node(r.getKey(), type, r.getValue(), Collections.unmodifiableMap(frozen)));
      if (type.equals("trigger")) {
        trigger = r.getKey();
        triggers++;
      }
    }
    if (triggers != 1) {
      throw invalid(id, "the workflow has " + triggers + " trigger nodes; it needs exactly one");
    }
    Object vars = plain(def.path("variables"));
    @SuppressWarnings("unchecked")
    Map<String, Object> variables =
        vars instanceof Map<?, ?> ? (Map<String, Object>) vars : Map.of();
    return new Graph(
        id,
        def.path("revision").asInt(0),
        variables,
        def.path("onError"),
        Collections.unmodifiableMap(nodes),
        trigger);
  }

  private static MediaFlowException invalid(String id, String message) {
    return new MediaFlowException(
        RunErrors.INVALID_RUN,
        "workflow '" + id + "' cannot be run: " + message,
        "validate the workflow (WorkflowJson) before starting a run");
  }
}
