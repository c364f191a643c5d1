package io.mediaflow.internal.rule;

import java.util.List;

/**
 * The objects of the rule JSON form (docs/rules.md) and the fields each may hold: the one list the
 * reader checks documents against. {@code docs/rule.schema.json} is written by hand for people and
 * editors; {@code RuleSchemaTest} walks it next to these lists and fails when they disagree.
 */
enum RuleObject {
  /** The document. {@code $schema} is accepted (and ignored) so editors can find the schema. */
  DOCUMENT(
      "a rule",
      List.of(
          "$schema",
          "id",
          "name",
          "description",
          "enabled",
          "trigger",
          "condition",
          "actions",
          "workflow",
          "inputs",
          "settings"),
      List.of("id", "trigger")),
  CRON(
      "a cron schedule",
      List.of("type", "cron", "syntax", "timezone", "misfire", "catchUpWindow"),
      List.of("type", "cron")),
  INTERVAL(
      "an interval schedule",
      List.of("type", "interval", "startAt", "misfire", "catchUpWindow"),
      List.of("type", "interval")),
  ONCE(
      "a one-time schedule",
      List.of("type", "at", "misfire", "catchUpWindow"),
      List.of("type", "at")),
  EVENT("an event trigger", List.of("type", "event"), List.of("type", "event")),
  FILE(
      "a watched folder",
      List.of("type", "path", "glob", "recursive", "debounce", "rescan"),
      List.of("type", "path")),
  /**
   * An action whose parameters are given apart, for parameters named {@code type} or {@code
   * params}.
   */
  ACTION("an action with \"params\"", List.of("type", "params"), List.of("type")),
  SETTINGS(
      "settings",
      List.of("priority", "maxConcurrent", "overlap", "timeout", "retryPolicy", "logLevel"),
      List.of());

  private final String description;
  private final List<String> fields;
  private final List<String> required;

  RuleObject(String description, List<String> fields, List<String> required) {
    this.description = description;
    this.fields = fields;
    this.required = required;
  }

  /** How messages name it: {@code unknown field "x" in a cron schedule}. */
  String description() {
    return description;
  }

  /** Every field it may hold, in the order the form documents them. */
  List<String> fields() {
    return fields;
  }

  /** The fields the reader reports as {@code MISSING_FIELD} when absent. */
  List<String> required() {
    return required;
  }
}
