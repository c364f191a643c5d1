package io.mediaflow.api.workflow;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Joins the branches of a {@link ParallelNode}: when all of them, any one, or {@code n} of them
 * have finished. The branches still running when a merge of {@code any} goes on are cancelled.
 *
 * @param id the node's id
 * @param mode how many branches it waits for
 * @param n the number of branches for {@link Mode#COUNT}; 0 for the other modes
 */
public record MergeNode(String id, Mode mode, int n) implements Node {

  /** How many branches a merge waits for. */
  public enum Mode {
    /** Every branch: {@code "mode": "all"}. */
    ALL,
    /** The first branch: {@code "mode": "any"}. */
    ANY,
    /** The first {@code n}: {@code "mode": {"n": 2}}. */
    COUNT;

    /** The JSON name of {@link #ALL} and {@link #ANY}. */
    public String jsonName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public MergeNode {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(mode, "mode");
  }

  /** Waits for every branch. */
  public static MergeNode all(String id) {
    return new MergeNode(id, Mode.ALL, 0);
  }

  /** Goes on after the first branch and cancels the others. */
  public static MergeNode any(String id) {
    return new MergeNode(id, Mode.ANY, 0);
  }

  /** Goes on after {@code n} branches and cancels the others. */
  public static MergeNode count(String id, int n) {
    return new MergeNode(id, Mode.COUNT, n);
  }

  @Override
  public String type() {
    return "merge";
  }

  @Override
  public Set<String> ports() {
    return Set.of(Edge.NEXT);
  }
}
