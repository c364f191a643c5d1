package io.mediaflow.api.rule;

/**
 * What makes a rule fire: a schedule ({@link CronTrigger}, {@link IntervalTrigger}, {@link
 * OnceTrigger}) or an event ({@link EventTrigger}).
 */
public sealed interface Trigger permits ScheduleTrigger, EventTrigger {

  /** The JSON name of the kind: {@code schedule} or {@code event}. */
  String type();
}
