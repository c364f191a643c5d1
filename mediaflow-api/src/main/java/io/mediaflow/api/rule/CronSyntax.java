package io.mediaflow.api.rule;

/** The dialects of cron expression a {@link CronTrigger} reads (through cron-utils). */
public enum CronSyntax {
  /** Five fields: minute, hour, day of month, month, day of week ({@code 0 9 * * 1-5}). Default. */
  UNIX,
  /**
   * Six or seven fields starting with seconds, with {@code ?}, {@code L}, {@code W} and {@code #}
   * ({@code 0 0 12 L * ?}).
   */
  QUARTZ,
  /** Spring's six fields starting with seconds ({@code 0 0 9 * * MON-FRI}). */
  SPRING
}
