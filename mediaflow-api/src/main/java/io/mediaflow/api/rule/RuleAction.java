package io.mediaflow.api.rule;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One inline action of a rule: an action's name ({@code media.convert}) and its parameters, which
 * may use templates ({@code ${trigger.path}}). A rule's inline actions run in order as a linear
 * workflow.
 *
 * @param type the action's name
 * @param params its parameters, in the caller's order
 */
public record RuleAction(String type, Map<String, Object> params) {

  public RuleAction {
    Objects.requireNonNull(type, "type");
    params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
  }

  public static RuleAction of(String type, Map<String, ?> params) {
    return new RuleAction(type, Collections.unmodifiableMap(params));
  }
}
