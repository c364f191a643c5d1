package io.mediaflow.api.rule;

import java.time.Duration;

/**
 * A trigger that fires at times: each time is a <b>slot</b>, fired once across restarts and a
 * cluster, its time reaching the run as {@code ${trigger.scheduledTime}}.
 */
public sealed interface ScheduleTrigger extends Trigger
    permits CronTrigger, IntervalTrigger, OnceTrigger {

  /** How long missed slots are worth firing after downtime; default one hour. */
  Duration DEFAULT_CATCH_UP_WINDOW = Duration.ofHours(1);

  /** What to do with slots missed while no engine ran. */
  MisfirePolicy misfire();

  /** Missed slots older than this (before now) are dropped under every policy. */
  Duration catchUpWindow();

  @Override
  default String type() {
    return "schedule";
  }
}
