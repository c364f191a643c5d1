package io.mediaflow.api.condition;

import java.util.Map;

/**
 * A condition compiled once, tested many times, safe to share between threads. Get one from {@code
 * flow.conditions().compile(...)}.
 */
public interface CompiledCondition {

  /** The condition it was compiled from. */
  Condition condition();

  /**
   * Whether the condition holds over {@code data}: its top-level keys are the sources references
   * name ({@code trigger}, {@code event}, ...). A {@code media} source that {@code data} does not
   * hold is probed from {@code data}'s {@code path} or {@code file.path}, once per call.
   *
   * @throws io.mediaflow.api.MediaFlowException with a {@code CONDITION_*} code ({@link
   *     ConditionErrors}), and nothing else
   */
  boolean test(Map<String, Object> data);
}
