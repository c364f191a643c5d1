package io.mediaflow.internal.rule;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Event patterns with wildcards in a trie over their dot-separated segments: a literal segment is a
 * child by name, {@code *} (one segment) and {@code **} (any number, also none) are children of
 * their own. Matching a type walks the trie once along its segments, so its cost grows with the
 * type's length and the wildcards on the way, not with the number of patterns. The semantics are
 * those of {@link io.mediaflow.api.event.EventPatterns#matches}.
 *
 * @param <T> what a pattern stands for
 */
final class PatternTrie<T> {

  private static final class Node<T> {
    final Map<String, Node<T>> children = new HashMap<>();
    Node<T> star;
    Node<T> anyDepth;
    final List<T> values = new ArrayList<>();
  }

  private final Node<T> root = new Node<>();
  private int size;

  /** Adds {@code value} under a valid pattern (checked by the caller). */
  void add(String pattern, T value) {
    Node<T> node = root;
    for (String segment : pattern.split("\\.", -1)) {
      node =
          switch (segment) {
            case "*" -> node.star == null ? (node.star = new Node<>()) : node.star;
            case "**" -> node.anyDepth == null ? (node.anyDepth = new Node<>()) : node.anyDepth;
            default -> node.children.computeIfAbsent(segment, s -> new Node<>());
          };
    }
    node.values.add(value);
    size++;
  }

  /** How many values it holds. */
  int size() {
    return size;
  }

  /** The values whose pattern matches {@code type}, each once, into {@code out}. */
  void collect(String type, LinkedHashSet<T> out) {
    if (size == 0) {
      return;
    }
    String[] segments = type.split("\\.", -1);
    // (node, position) pairs already walked: "**.**.**" would otherwise reach the same place
    // along many paths
    Set<Visit> seen = new HashSet<>();
    walk(root, 0, segments, out, seen);
  }

  private record Visit(Object node, int at) {}

  private void walk(
      Node<T> node, int at, String[] segments, LinkedHashSet<T> out, Set<Visit> seen) {
    if (!seen.add(new Visit(node, at))) {
      return;
    }
    if (node.anyDepth != null) {
      for (int k = at; k <= segments.length; k++) {
        walk(node.anyDepth, k, segments, out, seen);
      }
    }
    if (at == segments.length) {
      out.addAll(node.values);
      return;
    }
    Node<T> child = node.children.get(segments[at]);
    if (child != null) {
      walk(child, at + 1, segments, out, seen);
    }
    if (node.star != null) {
      walk(node.star, at + 1, segments, out, seen);
    }
  }
}
