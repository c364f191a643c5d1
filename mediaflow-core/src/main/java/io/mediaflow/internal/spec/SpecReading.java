package io.mediaflow.internal.spec;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.ValidationException;
import io.mediaflow.api.Violation;
import io.mediaflow.api.spec.JobSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * What reading a document gave: the problems of its shape, and the spec when every input, operation
 * and output could be read (when the only problems are unknown fields, or values that leave the
 * rest of their item readable).
 *
 * @param spec the spec read; empty when a part is missing, so that checking its meaning would
 *     report what is only missing
 * @param shape the problems of the document's shape, in document order
 */
public record SpecReading(Optional<JobSpec> spec, List<Violation> shape) {

  public SpecReading {
    Objects.requireNonNull(spec, "spec");
    shape = List.copyOf(shape);
  }

  /**
   * The problems of the shape, then those of the meaning that the shape's problems do not hide: a
   * problem at an item whose shape is wrong (not only an unknown field) is left out, because the
   * value the meaning was checked with is not the one written.
   *
   * @param meaning the violations of a spec's meaning (the planner's validation)
   */
  public List<Violation> problems(Function<JobSpec, List<Violation>> meaning) {
    if (spec.isEmpty()) {
      return shape;
    }
    List<String> damaged = new ArrayList<>();
    for (Violation v : shape) {
      if (v.code() != ErrorCode.UNKNOWN_FIELD) {
        damaged.add(item(v.path()));
      }
    }
    List<Violation> all = new ArrayList<>(shape);
    for (Violation v : meaning.apply(spec.get())) {
      if (damaged.stream().noneMatch(d -> within(v.path(), d))) {
        all.add(v);
      }
    }
    return all;
  }

  /** The spec, or a {@link ValidationException} with the shape's problems. */
  JobSpec orThrow() {
    ValidationException.throwIfAny(shape);
    return spec.orElseThrow();
  }

  /** {@code operations[2]} for {@code operations[2].params.width}; a document field as is. */
  private static String item(String path) {
    int close = path.indexOf(']');
    return close < 0 ? path : path.substring(0, close + 1);
  }

  private static boolean within(String path, String item) {
    return path.equals(item) || path.startsWith(item + ".") || path.startsWith(item + "[");
  }
}
