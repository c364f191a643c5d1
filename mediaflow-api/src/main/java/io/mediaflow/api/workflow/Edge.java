package io.mediaflow.api.workflow;

import java.util.Objects;

/**
 * A connection from one port of a node to another node: {@code {"from": "big", "to": "x", "port":
 * "true"}}.
 *
 * @param from the id of the node it leaves
 * @param to the id of the node it enters
 * @param port the port of {@code from} it leaves by; {@link #NEXT} for nodes with one way out
 */
public record Edge(String from, String to, String port) {

  /** The port of every node that has a single way out, and the default of an edge. */
  public static final String NEXT = "next";

  public Edge {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(port, "port");
  }

  /** An edge from the {@link #NEXT} port. */
  public static Edge of(String from, String to) {
    return new Edge(from, to, NEXT);
  }
}
