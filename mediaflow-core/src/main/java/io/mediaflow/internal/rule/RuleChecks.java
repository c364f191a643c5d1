package io.mediaflow.internal.rule;

import io.mediaflow.api.Violation;
import io.mediaflow.api.condition.Condition;
import io.mediaflow.api.rule.CronSyntax;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What validating a rule needs from the engine: its action names, its condition reader, the cron
 * parser and its workspace (a watched folder must be inside its allowed roots).
 *
 * @param knownAction whether an action of this name is registered
 * @param conditionProblems the problems of a condition's JSON text, paths relative to the condition
 * @param parseCondition reads a valid condition's JSON text
 * @param cronProblem why an expression is not valid in a syntax; empty when it is
 * @param folderProblems the problems of a watched folder's path (as written, and its JSON path):
 *     outside the allowed roots, not a path; empty when it may be watched
 */
public record RuleChecks(
    Predicate<String> knownAction,
    Function<String, List<Violation>> conditionProblems,
    Function<String, Condition> parseCondition,
    BiFunction<String, CronSyntax, Optional<String>> cronProblem,
    BiFunction<String, String, List<Violation>> folderProblems) {}
