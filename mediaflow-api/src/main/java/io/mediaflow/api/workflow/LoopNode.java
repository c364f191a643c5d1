package io.mediaflow.api.workflow;

import java.util.Objects;
import java.util.Set;

/**
 * For each item of a list: the body, started at port {@link #EACH}, runs once per item (a sub-graph
 * whose ends are nodes with no outgoing edge); then the run goes on at port {@link #DONE}.
 *
 * {@snippet :
 * LoopNode each = new LoopNode("each", "${nodes.list.output.files}", "file", 1000, 4);
 * }
 *
 * @param id the node's id
 * @param items a template that resolves to a list
 * @param as the item's name in the body: {@code ${loop.<as>}} (and {@code ${item}})
 * @param maxItems the most items the loop takes (a longer list fails the node); {@link
 *     #ENGINE_DEFAULT} for the engine's default (1,000)
 * @param parallelism 1 runs the items one after the other inside the run; more runs them as child
 *     runs, at most this many at once
 */
public record LoopNode(String id, String items, String as, int maxItems, int parallelism)
    implements Node {

  /** The port that starts the body for each item. */
  public static final String EACH = "each";

  /** The port taken after the last item. */
  public static final String DONE = "done";

  /** {@link #maxItems()} when the engine's default applies. */
  public static final int ENGINE_DEFAULT = 0;

  public LoopNode {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(items, "items");
    Objects.requireNonNull(as, "as");
  }

  /** A loop over {@code items}, one at a time, bounded by the engine's default. */
  public static LoopNode of(String id, String items, String as) {
    return new LoopNode(id, items, as, ENGINE_DEFAULT, 1);
  }

  @Override
  public String type() {
    return "loop";
  }

  @Override
  public Set<String> ports() {
    return Set.of(EACH, DONE);
  }
}
