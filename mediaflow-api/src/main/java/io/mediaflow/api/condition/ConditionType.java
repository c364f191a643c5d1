package io.mediaflow.api.condition;

import java.util.Map;

/**
 * A custom condition, found through {@link java.util.ServiceLoader} or registered with {@code
 * MediaFlow.builder().condition(...)}: compiled once per condition that names it, then tested many
 * times, perhaps on several threads at once.
 *
 * {@snippet :
 * public final class IsFavourite implements ConditionType {
 *   public String name() { return "library.isFavourite"; }
 *   public Test compile(Map<String, Object> params) {
 *     String list = String.valueOf(params.get("list"));
 *     return in -> favourites.contains(list, in.value("trigger", "id"));
 *   }
 * }
 * }
 */
public interface ConditionType {

  /** The name conditions call it by: letters, digits, {@code .}, {@code _}, {@code -}. */
  String name();

  /**
   * A test for these parameters. Throw {@link IllegalArgumentException} for parameters it cannot
   * use: validation reports its message at the condition's JSON path.
   */
  Test compile(Map<String, Object> params);

  /** A compiled custom test. */
  @FunctionalInterface
  interface Test {
    /**
     * Whether the condition holds. Anything it throws becomes {@code CONDITION_CUSTOM_FAILED} (a
     * {@code MediaFlowException} with a {@code CONDITION_*} code passes through as it is).
     */
    boolean test(ConditionInput input) throws Exception;
  }
}
