package io.mediaflow.benchmarks.rule;

import io.mediaflow.api.rule.CronTrigger;
import io.mediaflow.internal.rule.schedule.ScheduleIndex;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Memory per trigger of the schedule index: the heap in use after a full GC, before and after
 * putting the 100,000 triggers of {@link ScheduleTickBenchmark} (1,000 distinct expressions), the
 * triggers and their ids made before the first measure so that only the index is counted. Prints
 * the median of five rounds. Not a JMH benchmark (JMH measures time): {@code java -cp
 * benchmarks/target/benchmarks.jar io.mediaflow.benchmarks.rule.ScheduleIndexMemory}.
 */
public final class ScheduleIndexMemory {

  private ScheduleIndexMemory() {}

  /** Runs five rounds and prints each and the median, in bytes per trigger. */
  public static void main(String[] args) {
    List<String> expressions = ScheduleTickBenchmark.expressions();
    int rounds = 5;
    long[] perTrigger = new long[rounds];
    for (int round = 0; round < rounds; round++) {
      List<String> ids = new ArrayList<>(ScheduleTickBenchmark.TRIGGERS);
      List<CronTrigger> triggers = new ArrayList<>(ScheduleTickBenchmark.TRIGGERS);
      for (int i = 0; i < ScheduleTickBenchmark.TRIGGERS; i++) {
        ids.add("rule-" + i);
        triggers.add(CronTrigger.unix(expressions.get(i % ScheduleTickBenchmark.EXPRESSIONS)));
      }
      long before = usedAfterGc();
      ScheduleIndex index = new ScheduleIndex();
      for (int i = 0; i < ScheduleTickBenchmark.TRIGGERS; i++) {
        CronTrigger t = triggers.get(i);
        index.put(ids.get(i), t, index.firstFireTime(t, ScheduleTickBenchmark.START).orElseThrow());
      }
      long after = usedAfterGc();
      perTrigger[round] = (after - before) / ScheduleTickBenchmark.TRIGGERS;
      System.out.printf(
          "round %d: %d schedules, %,d bytes, %d bytes per trigger%n",
          round, index.size(), after - before, perTrigger[round]);
      // keep everything reachable until measured
      if (ids.size() + triggers.size() + index.size() == 0) {
        System.out.println();
      }
    }
    Arrays.sort(perTrigger);
    System.out.printf("median: %d bytes per trigger%n", perTrigger[rounds / 2]);
  }

  private static long usedAfterGc() {
    Runtime runtime = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return runtime.totalMemory() - runtime.freeMemory();
  }
}
