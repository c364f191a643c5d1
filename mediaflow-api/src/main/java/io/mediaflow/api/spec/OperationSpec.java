package io.mediaflow.api.spec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One operator applied to one or more streams.
 *
 * @param op the operator's name, such as {@code trim}
 * @param inputs ids of the inputs or results it reads, in the operator's order (overlay: base, top)
 * @param output the id of its result
 * @param params parameter values as given (strings, numbers, booleans, lists, maps); converted and
 *     checked by the operator's descriptor
 */
public record OperationSpec(
    String op, List<String> inputs, String output, Map<String, Object> params) {

  public OperationSpec {
    Objects.requireNonNull(op, "op");
    inputs = List.copyOf(inputs);
    Objects.requireNonNull(output, "output");
    // keep the caller's order (it is the order errors are reported in); values may be null
    params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
  }
}
