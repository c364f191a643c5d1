package io.mediaflow.api.workflow;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A switch, the JSON form of a {@code condition} with {@code switch} and {@code cases}: {@code
 * {"id": "kind", "type": "condition", "switch": "${trigger.kind}", "cases": ["movie", "episode"]}}.
 * It leaves by the port named like the case the value equals, else by {@link #DEFAULT}.
 *
 * @param id the node's id
 * @param expression the value switched on, usually a template
 * @param cases the values with a port each, in order
 */
public record SwitchNode(String id, String expression, List<String> cases) implements Node {

  /** The port taken when no case matches. */
  public static final String DEFAULT = "default";

  public SwitchNode {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(expression, "expression");
    cases = List.copyOf(cases);
  }

  @Override
  public String type() {
    return "condition";
  }

  /** One port per case, and {@link #DEFAULT}. */
  @Override
  public Set<String> ports() {
    Set<String> ports = new LinkedHashSet<>(cases);
    ports.add(DEFAULT);
    return ports;
  }
}
