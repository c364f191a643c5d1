package io.mediaflow.api.workflow;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The entry of a workflow; every workflow has exactly one. Its output is the run's input data,
 * which templates read as {@code ${trigger.<name>}}.
 *
 * <p>A {@link Kind#SCHEDULE} or {@link Kind#EVENT} trigger carries its {@code rule}: the parts of a
 * rule's JSON that say when runs start ({@code trigger}, and optionally {@code condition} and
 * {@code settings}; {@code docs/rules.md}). Registering the workflow registers that rule, with the
 * workflow's id, to run the workflow; removing the workflow removes it. {@link Kind#FILE} and
 * {@link Kind#WEBHOOK} are accepted and wait for the triggers that start them.
 *
 * @param id the node's id
 * @param kind how runs start
 * @param rule the rule of a schedule or event trigger, as JSON values; empty for the others
 */
public record TriggerNode(String id, Kind kind, Map<String, Object> rule) implements Node {

  /** How runs of a workflow start. */
  public enum Kind {
    /** Started through the API with input data. */
    MANUAL,
    /** On a schedule. */
    SCHEDULE,
    /** On an event of the bus. */
    EVENT,
    /** When a file appears. */
    FILE,
    /** On an incoming webhook. */
    WEBHOOK;

    /** The JSON name, such as {@code manual}. */
    public String jsonName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public TriggerNode {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    rule = rule == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(rule));
  }

  /** A trigger of {@code kind} without a rule. */
  public TriggerNode(String id, Kind kind) {
    this(id, kind, Map.of());
  }

  /** A manual trigger. */
  public static TriggerNode manual(String id) {
    return new TriggerNode(id, Kind.MANUAL);
  }

  /**
   * A schedule trigger: {@code rule} holds at least {@code trigger} (such as {@code {"type":
   * "schedule", "cron": "0 3 * * *"}}).
   */
  public static TriggerNode schedule(String id, Map<String, ?> rule) {
    return new TriggerNode(id, Kind.SCHEDULE, Collections.unmodifiableMap(rule));
  }

  /**
   * An event trigger: {@code rule} holds at least {@code trigger} ({@code {"type": "event",
   * "event": "download.completed"}}).
   */
  public static TriggerNode event(String id, Map<String, ?> rule) {
    return new TriggerNode(id, Kind.EVENT, Collections.unmodifiableMap(rule));
  }

  @Override
  public String type() {
    return "trigger";
  }

  @Override
  public Set<String> ports() {
    return Set.of(Edge.NEXT);
  }
}
