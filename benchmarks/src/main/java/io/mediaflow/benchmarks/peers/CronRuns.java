package io.mediaflow.benchmarks.peers;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * What the schedules' no-op bodies record: one entry per run that started, with its schedule id,
 * its slot and when the body started (epoch microseconds, same machine clock). Lateness is start −
 * slot.
 */
final class CronRuns {

  /** One run that started. */
  record Run(String scheduleId, long slotMicros, long startMicros) {
    long latenessMicros() {
      return startMicros - slotMicros;
    }
  }

  private final Queue<Run> runs = new ConcurrentLinkedQueue<>();

  /** Called first thing in a run's body. */
  void started(String scheduleId, Instant slot) {
    long now = NoopJobs.nowMicros();
    runs.add(new Run(scheduleId, NoopJobs.micros(slot), now));
  }

  int size() {
    return runs.size();
  }

  List<Run> all() {
    return new ArrayList<>(runs);
  }

  void clear() {
    runs.clear();
  }

  /**
   * Once per slot, from the runs themselves: {distinct (schedule, slot) pairs, runs beyond the
   * first of a pair}.
   */
  static long[] onceCounts(List<Run> runs) {
    Map<String, Integer> perSlot = new HashMap<>();
    for (Run r : runs) {
      perSlot.merge(r.scheduleId() + "@" + r.slotMicros(), 1, Integer::sum);
    }
    long extra = perSlot.values().stream().mapToLong(c -> c - 1L).sum();
    return new long[] {perSlot.size(), extra};
  }
}
