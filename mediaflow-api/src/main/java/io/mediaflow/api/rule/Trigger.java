package io.mediaflow.api.rule;

/**
 * What makes a rule fire: a schedule ({@link CronTrigger}, {@link IntervalTrigger}, {@link
 * OnceTrigger}), an event ({@link EventTrigger}) or a file in a watched folder ({@link
 * FileTrigger}).
 */
public sealed interface Trigger permits ScheduleTrigger, EventTrigger, FileTrigger {

  /** The JSON name of the kind: {@code schedule}, {@code event} or {@code file}. */
  String type();
}
