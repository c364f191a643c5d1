package io.mediaflow.internal.workflow;

import java.util.List;
import java.util.Optional;

/**
 * The objects of the workflow JSON format and the fields each may hold: the one list the reader
 * checks documents against. {@code docs/workflow.schema.json} is written by hand for people and
 * editors; {@code WorkflowSchemaTest} walks it next to these lists and fails when they disagree.
 */
public enum WorkflowObject {
  /** The document. {@code $schema} is accepted (and ignored) so editors can find the schema. */
  DOCUMENT(
      "the document",
      List.of(
          "$schema",
          "version",
          "id",
          "name",
          "description",
          "variables",
          "onError",
          "nodes",
          "edges"),
      List.of("id", "nodes")),
  TRIGGER("a trigger node", List.of("id", "type", "kind", "rule"), List.of("id", "type")),
  ACTION(
      "an action node",
      List.of("id", "type", "action", "params", "timeout", "retry", "output", "onError"),
      List.of("id", "type", "action")),
  CONDITION(
      "a condition node", List.of("id", "type", "if", "switch", "cases"), List.of("id", "type")),
  DELAY(
      "a delay node",
      List.of("id", "type", "duration", "until", "signal", "timeout", "key"),
      List.of("id", "type")),
  LOOP(
      "a loop node",
      List.of("id", "type", "items", "as", "maxItems", "parallelism"),
      List.of("id", "type", "items", "as")),
  PARALLEL("a parallel node", List.of("id", "type"), List.of("id", "type")),
  MERGE("a merge node", List.of("id", "type", "mode"), List.of("id", "type")),
  ERROR(
      "an error node",
      List.of("id", "type", "retry", "then", "notify", "notifyParams"),
      List.of("id", "type", "then")),
  /**
   * The short comparison, the usual {@code if} of a condition; the other condition objects are read
   * by {@code ConditionReader} (docs/conditions.md).
   */
  COMPARISON(
      "a comparison",
      List.of("type", "left", "op", "operator", "right", "ignoreCase"),
      List.of("left")),
  /** The workflow's {@code onError}. */
  ERROR_POLICY("an error policy", List.of("retry", "then", "notify", "notifyParams"), List.of()),
  RETRY(
      "a retry policy",
      List.of("kind", "maxAttempts", "initialDelay", "maxDelay", "multiplier", "jitter", "delays"),
      List.of()),
  /** The {@code {"n": 2}} form of a merge's mode. */
  MERGE_COUNT("a merge count", List.of("n"), List.of("n")),
  EDGE("an edge", List.of("from", "to", "port"), List.of("from", "to"));

  private final String description;
  private final List<String> fields;
  private final List<String> required;

  WorkflowObject(String description, List<String> fields, List<String> required) {
    this.description = description;
    this.fields = fields;
    this.required = required;
  }

  /** How messages name it: {@code unknown field "x" in an action node}. */
  public String description() {
    return description;
  }

  /** Every field it may hold, in the order the format documents them. */
  public List<String> fields() {
    return fields;
  }

  /** The fields the reader reports as {@code MISSING_FIELD} when absent. */
  public List<String> required() {
    return required;
  }

  /** The node object of a {@code type}, if the type is known. */
  public static Optional<WorkflowObject> ofNodeType(String type) {
    WorkflowObject o =
        switch (type) {
          case "trigger" -> TRIGGER;
          case "action" -> ACTION;
          case "condition" -> CONDITION;
          case "delay" -> DELAY;
          case "loop" -> LOOP;
          case "parallel" -> PARALLEL;
          case "merge" -> MERGE;
          case "error" -> ERROR;
          default -> null;
        };
    return Optional.ofNullable(o);
  }

  /** Every node type, in the order the format documents them. */
  public static List<String> nodeTypes() {
    return List.of("trigger", "action", "condition", "delay", "loop", "parallel", "merge", "error");
  }
}
