package io.mediaflow.api.action;

import java.util.Objects;

/**
 * One output an action declares: later nodes refer to it by name (as {@code
 * ${nodes.download.output.path}}), and a test run of an action that is not called hands its
 * placeholder on instead.
 *
 * @param name the output's key in {@link ActionResult#outputs()}
 * @param description one sentence for people
 * @param placeholder the value a test run reports for it: a string, number, boolean, list or map of
 *     them, or null
 */
public record ActionOutput(String name, String description, Object placeholder) {

  public ActionOutput {
    Objects.requireNonNull(name, "name");
    description = description == null ? "" : description;
  }

  /** An output with a placeholder for test runs. */
  public static ActionOutput of(String name, String description, Object placeholder) {
    return new ActionOutput(name, description, placeholder);
  }
}
