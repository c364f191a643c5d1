package io.mediaflow.api.job;

import java.time.Instant;

/**
 * One line of a job's log.
 *
 * @param time when
 * @param level {@code INFO}, {@code WARN}, {@code ERROR}, …
 * @param message the text, secrets already redacted
 */
public record JobLog(Instant time, String level, String message) {}
