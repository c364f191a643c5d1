package io.mediaflow.api.workflow;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The entry of a workflow; every workflow has exactly one. Its output is the run's input data,
 * which templates read as {@code ${trigger.<name>}}.
 *
 * @param id the node's id
 * @param kind how runs start; only {@link Kind#MANUAL} starts runs for now, the other kinds are
 *     accepted and wait for the rules that start them
 */
public record TriggerNode(String id, Kind kind) implements Node {

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
  }

  /** A manual trigger. */
  public static TriggerNode manual(String id) {
    return new TriggerNode(id, Kind.MANUAL);
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
