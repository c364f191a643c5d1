package io.mediaflow.condition;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.InMemoryStorage;
import io.mediaflow.MediaFlow;
import io.mediaflow.api.condition.Condition;
import io.mediaflow.api.condition.TimeCondition;
import io.mediaflow.testkit.ManualClock;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Time conditions read the engine's clock, in the condition's zone. */
class ConditionTimeTest {

  /** A Thursday, 10:00 UTC = 11:00 in Paris = 05:00 in New York. */
  final ManualClock clock = ManualClock.at(Instant.parse("2026-12-03T10:00:00Z"));

  MediaFlow flow;

  @BeforeEach
  void build() {
    flow =
        MediaFlow.builder()
            .storage(new InMemoryStorage())
            .clock(clock)
            .runOnCallingThread()
            .build();
  }

  @AfterEach
  void close() {
    flow.close();
  }

  boolean holds(Condition c) {
    return flow.conditions().compile(c).test(Map.of());
  }

  @Test
  void before_and_after_a_time_of_day_with_after_inclusive() {
    assertThat(holds(TimeCondition.before("10:00:01"))).isTrue();
    assertThat(holds(TimeCondition.before("10:00"))).isFalse();
    assertThat(holds(TimeCondition.after("10:00"))).isTrue();
    assertThat(holds(TimeCondition.after("9:30"))).isTrue();
    assertThat(holds(TimeCondition.after("10:00:01"))).isFalse();
  }

  @Test
  void before_and_after_dates_date_times_and_instants() {
    assertThat(holds(TimeCondition.after("2026-12-03"))).isTrue();
    assertThat(holds(TimeCondition.before("2026-12-03T10:00:00.001Z"))).isTrue();
    assertThat(holds(TimeCondition.before("2026-12-03T11:00+01:00"))).isFalse();
    assertThat(holds(TimeCondition.after("2026-12-03T10:30").in("Europe/Paris"))).isTrue();
    assertThat(holds(TimeCondition.after("2026-12-03T10:30"))).isFalse();
  }

  @Test
  void between_includes_its_start_excludes_its_end_and_wraps_midnight() {
    assertThat(holds(TimeCondition.between("09:00", "17:00"))).isTrue();
    assertThat(holds(TimeCondition.between("10:00", "10:01"))).isTrue();
    assertThat(holds(TimeCondition.between("09:00", "10:00"))).isFalse();
    assertThat(holds(TimeCondition.between("22:00", "06:00"))).isFalse();
    clock.set(Instant.parse("2026-12-03T23:30:00Z"));
    assertThat(holds(TimeCondition.between("22:00", "06:00"))).isTrue();
    clock.set(Instant.parse("2026-12-04T05:59:59Z"));
    assertThat(holds(TimeCondition.between("22:00", "06:00"))).isTrue();
    assertThat(holds(TimeCondition.between("2026-12-04", "2026-12-05"))).isTrue();
  }

  @Test
  void the_zone_decides_the_time_of_day_and_the_day() {
    assertThat(holds(TimeCondition.between("11:00", "12:00").in("Europe/Paris"))).isTrue();
    assertThat(holds(TimeCondition.before("06:00").in("America/New_York"))).isTrue();
    assertThat(holds(TimeCondition.after("10:30").in("+01:00"))).isTrue();
    clock.set(Instant.parse("2026-12-05T02:00:00Z")); // Saturday in UTC, Friday in New York
    assertThat(holds(TimeCondition.weekend())).isTrue();
    assertThat(holds(TimeCondition.weekend().in("America/New_York"))).isFalse();
    assertThat(holds(TimeCondition.weekday().in("America/New_York"))).isTrue();
  }

  @Test
  void weekday_is_monday_to_friday_or_the_days_named() {
    assertThat(holds(TimeCondition.weekday())).isTrue();
    assertThat(holds(TimeCondition.weekend())).isFalse();
    assertThat(holds(TimeCondition.weekday("thu"))).isTrue();
    assertThat(holds(TimeCondition.weekday("Monday", "FRI"))).isFalse();
    clock.set(Instant.parse("2026-12-06T12:00:00Z")); // Sunday
    assertThat(holds(TimeCondition.weekday())).isFalse();
    assertThat(holds(TimeCondition.weekend())).isTrue();
    assertThat(holds(TimeCondition.weekday("sunday"))).isTrue();
  }

  @Test
  void a_compiled_time_condition_reads_the_clock_at_each_test() {
    var c = flow.conditions().compile(TimeCondition.before("12:00"));
    assertThat(c.test(Map.of())).isTrue();
    clock.set(Instant.parse("2026-12-03T12:00:00Z"));
    assertThat(c.test(Map.of())).isFalse();
  }
}
