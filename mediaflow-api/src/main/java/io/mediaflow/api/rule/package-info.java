/**
 * Rules: what makes an engine act on its own. A {@link io.mediaflow.api.rule.Rule} joins a {@link
 * io.mediaflow.api.rule.Trigger} (a cron, interval or one-time schedule, an event pattern, or a
 * watched folder), an optional condition, and what to run (inline actions, or a registered
 * workflow) with its {@link io.mediaflow.api.rule.RuleSettings} (priority, how many runs at once
 * and what to do with one more, timeout, retries). A host builds one in Java ({@link
 * io.mediaflow.api.rule.Rule#builder}) or writes it as JSON (core's {@code
 * flow.rules().register(json)}). Plain Java types only.
 */
package io.mediaflow.api.rule;
