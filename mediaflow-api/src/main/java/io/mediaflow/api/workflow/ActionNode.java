package io.mediaflow.api.workflow;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Calls an action ({@link io.mediaflow.api.action.Action}) by name. Its outputs are {@code
 * ${nodes.<id>.output.<name>}} for later nodes.
 *
 * {@snippet :
 * ActionNode download =
 *     new ActionNode("dl", "download.url", Map.of("url", "${trigger.url}"), NodeSettings.DEFAULT)
 *         .with(NodeSettings.DEFAULT.withTimeout(Duration.ofMinutes(30)).withOutput("file", "path"));
 * }
 *
 * @param id the node's id
 * @param action the action's name, such as {@code media.convert}
 * @param params parameter values: literals (strings, numbers, booleans, lists, maps) checked
 *     against the action's declared parameters, or templates such as {@code ${trigger.path}} that
 *     are resolved and checked when the node runs
 * @param settings time limit, retries, output mapping and error handling
 */
public record ActionNode(
    String id, String action, Map<String, Object> params, NodeSettings settings) implements Node {

  public ActionNode {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(action, "action");
    // keep the caller's order (it is the order errors are reported in); values may be null
    params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    Objects.requireNonNull(settings, "settings");
  }

  /** This node with other settings. */
  public ActionNode with(NodeSettings value) {
    return new ActionNode(id, action, params, value);
  }

  @Override
  public String type() {
    return "action";
  }

  @Override
  public Set<String> ports() {
    return Set.of(Edge.NEXT);
  }
}
