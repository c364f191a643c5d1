package io.mediaflow.internal.rule.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.rule.CronSyntax;
import io.mediaflow.api.rule.CronTrigger;
import io.mediaflow.api.rule.IntervalTrigger;
import io.mediaflow.api.rule.OnceTrigger;
import io.mediaflow.api.rule.RuleErrors;
import io.mediaflow.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The in-memory schedule index: order, due and advanced, sharing and its computation count. */
class ScheduleIndexTest {

  static final Instant NOW = Instant.parse("2026-12-03T09:59:30Z");

  final ManualClock clock = ManualClock.at(NOW);
  final ScheduleIndex index = new ScheduleIndex();

  static Instant at(String instant) {
    return Instant.parse(instant);
  }

  @Test
  void first_fire_times_of_each_kind() {
    assertThat(index.firstFireTime(CronTrigger.unix("0 10 * * *"), NOW))
        .contains(at("2026-12-03T10:00:00Z"));
    assertThat(index.firstFireTime(CronTrigger.unix("30 9 * * *"), at("2026-12-03T09:30:00Z")))
        .as("a slot at the registration instant is the first")
        .contains(at("2026-12-03T09:30:00Z"));
    assertThat(index.firstFireTime(IntervalTrigger.every(Duration.ofMinutes(5)), NOW))
        .contains(NOW);
    Instant past = NOW.minusSeconds(600);
    assertThat(index.firstFireTime(OnceTrigger.at(past), NOW)).contains(past);
    assertThat(index.firstFireTime(CronTrigger.unix("0 0 30 2 *"), NOW)).isEmpty();
  }

  @Test
  void due_hands_out_the_due_schedules_earliest_first_up_to_max_and_keeps_them_until_advanced() {
    index.put("b", CronTrigger.unix("0 10 * * *"), at("2026-12-03T10:00:00Z"));
    index.put("a", CronTrigger.unix("0 10 * * *"), at("2026-12-03T10:00:00Z"));
    index.put("early", CronTrigger.unix("59 9 * * *"), at("2026-12-03T09:59:00Z"));
    index.put("later", CronTrigger.unix("0 11 * * *"), at("2026-12-03T11:00:00Z"));

    clock.set(at("2026-12-03T10:00:01Z"));
    List<DueSlots> due = index.due(clock.instant(), 10);

    assertThat(due).extracting(DueSlots::scheduleId).containsExactly("early", "a", "b");
    assertThat(due.get(1).slots()).containsExactly(at("2026-12-03T10:00:00Z"));
    assertThat(due.get(1).next()).contains(at("2026-12-04T10:00:00Z"));
    assertThat(index.due(clock.instant(), 2))
        .extracting(DueSlots::scheduleId)
        .containsExactly("early", "a");

    for (DueSlots d : due) {
      index.advanced(d.scheduleId(), d.next());
    }
    assertThat(index.due(clock.instant(), 10)).isEmpty();
    assertThat(index.earliest()).contains(at("2026-12-03T11:00:00Z"));
    assertThat(index.size()).isEqualTo(4);
  }

  @Test
  void put_replaces_remove_forgets_and_an_empty_next_drops_a_finished_schedule() {
    index.put("s", CronTrigger.unix("0 10 * * *"), at("2026-12-03T10:00:00Z"));
    index.put("s", CronTrigger.unix("0 12 * * *"), at("2026-12-03T12:00:00Z"));
    index.put("once", OnceTrigger.at(at("2026-12-03T10:30:00Z")), at("2026-12-03T10:30:00Z"));

    assertThat(index.size()).isEqualTo(2);
    assertThat(index.distinctCronSchedules()).isEqualTo(1);
    assertThat(index.due(at("2026-12-03T11:00:00Z"), 10))
        .extracting(DueSlots::scheduleId)
        .containsExactly("once");

    index.advanced("once", Optional.empty());
    assertThat(index.size()).isEqualTo(1);
    assertThat(index.remove("s")).isTrue();
    assertThat(index.remove("s")).isFalse();
    assertThat(index.distinctCronSchedules()).isZero();
    assertThat(index.earliest()).isEmpty();
    index.advanced("unknown", Optional.of(NOW)); // another engine's schedule: nothing happens
    assertThat(index.size()).isZero();
  }

  @Test
  void an_invalid_expression_leaves_the_index_unchanged() {
    index.put("s", CronTrigger.unix("0 10 * * *"), at("2026-12-03T10:00:00Z"));

    MediaFlowException e =
        catchThrowableOfType(
            MediaFlowException.class, () -> index.put("s", CronTrigger.unix("0 25 * * *"), NOW));

    assertThat(e.code()).isEqualTo(RuleErrors.INVALID_CRON);
    assertThat(e.detail()).startsWith("'0 25 * * *' is not a valid unix cron expression");
    assertThat(index.earliest()).contains(at("2026-12-03T10:00:00Z"));
  }

  @Test
  void an_interval_without_anchor_keeps_the_grid_of_its_recorded_fire_time() {
    index.put("i", IntervalTrigger.every(Duration.ofMinutes(10)), at("2026-12-03T09:55:17Z"));

    DueSlots due = index.due(at("2026-12-03T09:55:20Z"), 1).get(0);

    assertThat(due.slots()).containsExactly(at("2026-12-03T09:55:17Z"));
    assertThat(due.next()).contains(at("2026-12-03T10:05:17Z"));
  }

  @Test
  void the_same_expression_syntax_and_zone_are_compiled_once_and_a_zone_makes_another() {
    index.put("a", CronTrigger.unix("0 10 * * *"), NOW);
    index.put("b", CronTrigger.of("0 10 * * *", CronSyntax.UNIX, ZoneId.of("UTC")), NOW);
    index.put("c", CronTrigger.of("0 10 * * *", CronSyntax.UNIX, ZoneId.of("Europe/Paris")), NOW);

    assertThat(index.distinctCronSchedules()).isEqualTo(2);
  }

  @Test
  void threads_putting_advancing_and_removing_while_a_tick_runs_leave_it_consistent()
      throws Exception {
    int threads = 4;
    int each = 2_000;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      done.add(
          pool.submit(
              () -> {
                start.await();
                for (int i = 0; i < each; i++) {
                  String id = thread + "-" + i;
                  index.put(id, CronTrigger.unix("* * * * *"), NOW.plusSeconds(i % 120));
                  index.advanced(id, Optional.of(NOW.plusSeconds(3_600 + i)));
                  if (i % 2 == 0) {
                    index.remove(id);
                  }
                }
                return null;
              }));
    }
    start.countDown();
    int ticks = 0;
    while (!done.stream().allMatch(Future::isDone)) {
      index.due(NOW.plusSeconds(120), 100);
      ticks++;
    }
    for (Future<?> f : done) {
      f.get();
    }
    pool.shutdown();

    assertThat(ticks).isPositive();
    assertThat(index.size()).isEqualTo(threads * each / 2);
    assertThat(index.due(NOW.plusSeconds(3_600), 10)).isEmpty();
    assertThat(index.earliest()).contains(NOW.plusSeconds(3_601));
    assertThat(index.distinctCronSchedules()).isEqualTo(1);
  }

  /**
   * 100,000 triggers over 1,000 distinct expressions, all due at 10:00: the tick computes 1,000
   * next fire times, one per distinct expression, not 100,000.
   */
  @Test
  void a_tick_of_100_000_triggers_over_1_000_expressions_costs_1_000_computations() {
    List<String> expressions = new ArrayList<>();
    for (int a = 1; a < 60 && expressions.size() < 1_000; a++) {
      for (int b = a + 1; b < 60 && expressions.size() < 1_000; b++) {
        expressions.add("0," + a + "," + b + " 10 * * *");
      }
    }
    for (int i = 0; i < 100_000; i++) {
      CronTrigger trigger = CronTrigger.unix(expressions.get(i % 1_000));
      index.put("rule-" + i, trigger, index.firstFireTime(trigger, NOW).orElseThrow());
    }
    assertThat(index.distinctCronSchedules()).isEqualTo(1_000);
    // each key: one computation, by the first trigger's firstFireTime
    assertThat(index.computations()).isEqualTo(1_000);
    long before = index.computations();

    clock.set(at("2026-12-03T10:00:02Z"));
    List<DueSlots> due = index.due(clock.instant(), 200_000);

    assertThat(due).hasSize(100_000);
    assertThat(index.computations() - before).isEqualTo(1_000);
    for (DueSlots d : due) {
      index.advanced(d.scheduleId(), d.next());
    }
    assertThat(index.earliest()).contains(at("2026-12-03T10:01:00Z"));
    assertThat(index.computations() - before).isEqualTo(1_000);
  }
}
