/**
 * Conditions as data: the tests that branch workflows and filter rules. A {@link
 * io.mediaflow.api.condition.Condition} is a tree of {@code and}/{@code or}/{@code not},
 * comparisons of values, regular expressions, clock tests, media facts and custom tests; it is
 * written with the fluent factories of {@link io.mediaflow.api.condition.Condition} or as JSON
 * ({@code docs/conditions.md}), compiled once by the engine and then evaluated many times. Custom
 * tests plug in through {@link io.mediaflow.api.condition.ConditionType}.
 */
package io.mediaflow.api.condition;
