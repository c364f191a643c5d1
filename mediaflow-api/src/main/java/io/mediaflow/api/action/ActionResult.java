package io.mediaflow.api.action;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What an action produced: its outputs, which the workflow keeps as the node's output (a
 * checkpoint, so JSON-like values only: strings, numbers, booleans, lists and maps of them, null),
 * and a one-line summary shown in the run's per-node status.
 *
 * @param outputs by name, in the order given
 * @param summary for people: {@code "converted in.mp4 to out.mp3 (4.2 MB)"}; in a test run, what
 *     the action would have done
 */
public record ActionResult(Map<String, Object> outputs, String summary) {

  public ActionResult {
    outputs = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(outputs)));
    summary = summary == null ? "" : summary;
  }

  /** A result with these outputs and no summary. */
  public static ActionResult of(Map<String, ?> outputs) {
    return new ActionResult(new LinkedHashMap<>(outputs), "");
  }

  /** A result with no outputs. */
  public static ActionResult empty() {
    return new ActionResult(Map.of(), "");
  }

  /** The same outputs with a summary. */
  public ActionResult withSummary(String text) {
    return new ActionResult(outputs, text);
  }
}
