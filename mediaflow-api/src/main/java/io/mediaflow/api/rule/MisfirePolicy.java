package io.mediaflow.api.rule;

/**
 * What a schedule does with the slots that passed while no engine was running it (Quartz's misfire
 * instructions, Temporal's catch-up window). Only slots inside the trigger's catch-up window count
 * as missed; older ones are dropped under every policy.
 */
public enum MisfirePolicy {
  /** Missed slots are dropped; the schedule goes on from the next slot to come. */
  SKIP,
  /** The latest missed slot fires once, now; the others are dropped. The default. */
  FIRE_ONCE,
  /** Every missed slot inside the catch-up window fires, oldest first. */
  CATCH_UP
}
