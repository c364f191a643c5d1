package io.mediaflow.internal.rule.schedule;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The slots of one schedule trigger, computed: safe to share between threads. Get one from {@link
 * Schedules#compile}.
 */
public interface FireTimes {

  /** The first slot strictly after {@code after}; empty when there is none (a past one-time). */
  Optional<Instant> nextAfter(Instant after);

  /** The first {@code n} slots strictly after {@code after} (fewer when the schedule ends). */
  default List<Instant> next(Instant after, int n) {
    List<Instant> out = new java.util.ArrayList<>(n);
    Instant t = after;
    while (out.size() < n) {
      Optional<Instant> next = nextAfter(t);
      if (next.isEmpty()) {
        break;
      }
      out.add(next.get());
      t = next.get();
    }
    return out;
  }

  /** For people: cron-utils' description of a cron expression, or "every 5 minutes", in English. */
  String describe();
}
