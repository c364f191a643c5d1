package io.mediaflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediaflow.api.condition.Comparison;
import io.mediaflow.api.condition.Operator;
import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobState;
import io.mediaflow.api.rule.OverlapPolicy;
import io.mediaflow.api.rule.Rule;
import io.mediaflow.api.rule.RuleSettings;
import io.mediaflow.api.store.JobQuery;
import io.mediaflow.api.store.Storage;
import io.mediaflow.internal.engine.InterceptedJobs;
import io.mediaflow.internal.rule.RuleEngine;
import io.mediaflow.testkit.ManualClock;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A schedule's run is made {@link RuleEngine#DEFAULT_LOOK_AHEAD} before its slot, as a {@code
 * SCHEDULED} job due at the slot, on a manual clock: it runs once, at the slot, with the slot's
 * time; a full limit or a condition leaves the slot to fire when it comes; an update, a disable or
 * a remove before the slot cancels it (an update makes it again from the new version).
 */
class RulesAheadTest {

  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  static final Instant SLOT = T0.plusSeconds(300);
  static final Instant BEFORE = SLOT.minusSeconds(3); // within the window

  final ManualClock clock = ManualClock.at(T0.plusSeconds(1));
  final InMemoryStorage storage = new InMemoryStorage();
  final RecordAction record = new RecordAction();
  final List<MediaFlow> flows = new ArrayList<>();

  @AfterEach
  void close() {
    flows.forEach(MediaFlow::close);
  }

  MediaFlow flow() {
    MediaFlow f =
        MediaFlow.builder()
            .storage(storage)
            .clock(clock)
            .runOnCallingThread()
            .action(record)
            .build();
    f.start();
    flows.add(f);
    return f;
  }

  static Rule.Builder every5Minutes(String id, String value) {
    return Rule.builder(id)
        .cron("*/5 * * * *")
        .action("test.record", Map.of("key", id, "value", value));
  }

  List<Job> runs(MediaFlow f, String id) {
    return f.rules().runs(id, 0, 100).items();
  }

  @Test
  void aRunIsMadeWithinTheWindowAndRunsOnceAtItsSlot() {
    MediaFlow f = flow();
    f.rules().register(every5Minutes("five", "${trigger.scheduledTime}").build());
    clock.set(SLOT.minus(RuleEngine.DEFAULT_LOOK_AHEAD).minusSeconds(1));
    assertThat(f.rules().tick()).isZero(); // not yet within the window

    clock.set(BEFORE);
    assertThat(f.rules().tick()).isEqualTo(1);
    assertThat(f.rules().tick()).isZero();
    List<Job> made = runs(f, "five");
    assertThat(made).hasSize(1);
    assertThat(made.get(0).state()).isEqualTo(JobState.SCHEDULED);
    assertThat(made.get(0).scheduledAt()).isEqualTo(SLOT);
    assertThat(f.rules().get("five").orElseThrow().nextFireTime()).contains(SLOT.plusSeconds(300));
    RegisteredRule counted = f.rules().get("five").orElseThrow();
    assertThat(counted.counters().executions()).isEqualTo(1);
    assertThat(counted.counters().lastRun()).contains(SLOT);

    f.runDueJobs();
    assertThat(record.values("five")).isEmpty(); // not before its slot
    clock.set(SLOT);
    assertThat(f.rules().tick()).isZero(); // made already
    f.runDueJobs();
    assertThat(record.values("five")).containsExactly("2026-01-01T00:05:00Z");
    assertThat(runs(f, "five")).extracting(Job::state).containsExactly(JobState.COMPLETED);
  }

  @Test
  void twoEnginesMakeASlotsRunOnce() {
    MediaFlow a = flow();
    MediaFlow b = flow();
    a.rules().register(every5Minutes("five", "${trigger.scheduledTime}").build());
    b.rules().refresh();
    clock.set(BEFORE);
    a.rules().tick();
    b.rules().tick();
    clock.set(SLOT);
    a.rules().tick();
    b.rules().tick();
    a.runDueJobs();
    b.runDueJobs();
    assertThat(storage.jobs().query(JobQuery.all()).items()).hasSize(1);
    assertThat(record.values("five")).containsExactly("2026-01-01T00:05:00Z");
  }

  @Test
  void aFullLimitLeavesTheSlotToFireWithItsOwnPolicy() {
    MediaFlow f = flow();
    f.rules()
        .register(
            Rule.builder("slow")
                .cron("*/5 * * * *")
                .action("system.wait", Map.of("duration", "10m"))
                .action("test.record", Map.of("key", "slow", "value", "${trigger.scheduledTime}"))
                .settings(RuleSettings.DEFAULTS.withConcurrency(1, OverlapPolicy.BUFFER_ALL))
                .build());
    clock.set(SLOT);
    f.rules().tick();
    f.runDueJobs(); // the 00:05 run sleeps 10 minutes, holding the place
    Instant next = SLOT.plusSeconds(300);
    clock.set(next.minusSeconds(3));
    assertThat(f.rules().tick()).isZero(); // not made ahead: the place is taken
    assertThat(runs(f, "slow")).hasSize(1);
    assertThat(f.rules().get("slow").orElseThrow().nextFireTime()).contains(next);

    clock.set(next);
    assertThat(f.rules().tick()).isEqualTo(1); // at the slot, buffered as BUFFER_ALL says
    Job buffered = runs(f, "slow").get(0);
    assertThat(buffered.state()).isEqualTo(JobState.SCHEDULED);
    assertThat(buffered.waitReason()).isPresent();
    for (int i = 0; i < 3; i++) {
      clock.advance(Duration.ofMinutes(11));
      f.runDueJobs();
    }
    assertThat(record.values("slow"))
        .containsExactly("2026-01-01T00:05:00Z", "2026-01-01T00:10:00Z");
  }

  @Test
  void aRuleWithAConditionFiresAtItsSlot() {
    MediaFlow f = flow();
    f.rules()
        .register(
            every5Minutes("cond", "${trigger.scheduledTime}")
                .condition(Comparison.of("${trigger.scheduledTime}", Operator.NE, ""))
                .build());
    clock.set(BEFORE);
    assertThat(f.rules().tick()).isZero();
    assertThat(runs(f, "cond")).isEmpty();
    clock.set(SLOT);
    assertThat(f.rules().tick()).isEqualTo(1);
    f.runDueJobs();
    assertThat(record.values("cond")).containsExactly("2026-01-01T00:05:00Z");
  }

  @Test
  void anUpdateBeforeTheSlotRunsTheNewVersionOnce() {
    MediaFlow f = flow();
    RegisteredRule r = f.rules().register(every5Minutes("five", "old").build());
    clock.set(BEFORE);
    f.rules().tick();
    f.rules().update(every5Minutes("five", "new").build(), r.revision());

    List<Job> made = runs(f, "five");
    assertThat(made).extracting(Job::state).containsExactly(JobState.SCHEDULED);
    assertThat(made.get(0).scheduledAt()).isEqualTo(SLOT);
    assertThat(made.get(0).idempotencyKey()).isEqualTo("rule:five@" + SLOT.toEpochMilli());
    assertThat(made.get(0).payload()).contains("new").doesNotContain("old");
    clock.set(SLOT);
    assertThat(f.rules().tick()).isZero();
    f.runDueJobs();
    assertThat(record.values("five")).containsExactly("new");
    assertThat(f.rules().get("five").orElseThrow().counters().executions()).isEqualTo(1);
  }

  @Test
  void anUpdateReplacesTheRunMadeAheadInPlace() {
    MediaFlow f = flow();
    RegisteredRule r = f.rules().register(every5Minutes("five", "old").build());
    clock.set(BEFORE);
    f.rules().tick();
    Job before = runs(f, "five").get(0);

    f.rules().update(every5Minutes("five", "new").build(), r.revision());

    Job after = storage.jobs().find(before.id()).orElseThrow();
    assertThat(after.state()).isEqualTo(JobState.SCHEDULED);
    assertThat(after.version()).isGreaterThan(before.version());
    assertThat(after.payload()).contains("\"new\"");
    assertThat(storage.jobs().query(JobQuery.all()).total()).isEqualTo(1);
  }

  @Test
  void aCrashInTheReplacementLeavesTheOldRunOrTheNewOneNeverNone() {
    for (boolean committed : new boolean[] {false, true}) {
      InMemoryStorage shared = new InMemoryStorage();
      RecordAction recorded = new RecordAction();
      MediaFlow crashing = flowOn(crashingReplace(shared, committed), recorded);
      RegisteredRule r = crashing.rules().register(every5Minutes("five", "old").build());
      clock.set(BEFORE);
      crashing.rules().tick();

      Rule updated = every5Minutes("five", "new").build();
      assertThatThrownBy(() -> crashing.rules().update(updated, r.revision()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("crash in replaceScheduled");

      // a restarted engine: the slot's run is there once, old or new
      MediaFlow restarted = flowOn(shared, recorded);
      List<Job> jobs = shared.jobs().query(JobQuery.all()).items();
      assertThat(jobs).extracting(Job::state).containsExactly(JobState.SCHEDULED);
      clock.set(SLOT);
      assertThat(restarted.rules().tick()).isZero();
      restarted.runDueJobs();
      assertThat(recorded.values("five")).containsExactly(committed ? "new" : "old");
      assertThat(shared.jobs().query(JobQuery.all()).items())
          .extracting(Job::state)
          .containsExactly(JobState.COMPLETED);
      clock.set(T0.plusSeconds(1));
    }
  }

  @Test
  void aStoreWithoutTheReplacementCancelsAndMakesTheRunAgain() {
    InMemoryStorage shared = new InMemoryStorage();
    MediaFlow f = flowOn(defaultReplace(shared), record);
    RegisteredRule r = f.rules().register(every5Minutes("five", "old").build());
    clock.set(BEFORE);
    f.rules().tick();
    Job before = shared.jobs().query(JobQuery.all()).items().get(0);

    f.rules().update(every5Minutes("five", "new").build(), r.revision());

    List<Job> jobs = shared.jobs().query(JobQuery.all()).items();
    assertThat(jobs).extracting(Job::state).containsExactly(JobState.SCHEDULED, JobState.CANCELLED);
    assertThat(jobs.get(0).idempotencyKey()).isEqualTo(before.idempotencyKey() + "#" + before.id());
    assertThat(jobs.get(0).scheduledAt()).isEqualTo(SLOT);
    clock.set(SLOT);
    assertThat(f.rules().tick()).isZero();
    f.runDueJobs();
    assertThat(record.values("five")).containsExactly("new");
  }

  MediaFlow flowOn(Storage s, RecordAction action) {
    MediaFlow f =
        MediaFlow.builder().storage(s).clock(clock).runOnCallingThread().action(action).build();
    f.start();
    flows.add(f);
    return f;
  }

  /**
   * A storage whose {@code replaceScheduled} crashes: before the store's single update ({@code
   * committed} false: it rolled back) or after it (true: it committed, the engine died).
   */
  static Storage crashingReplace(InMemoryStorage real, boolean committed) {
    return replacing(
        real,
        (proxy, method, args) -> {
          if (committed) {
            method.invoke(real.jobs(), args);
          }
          throw new IllegalStateException("crash in replaceScheduled");
        });
  }

  /**
   * A storage whose job store has only the default {@code replaceScheduled}, as a third party's.
   */
  static Storage defaultReplace(InMemoryStorage real) {
    return replacing(real, InvocationHandler::invokeDefault);
  }

  /** {@code real}, its {@code replaceScheduled} calls going to {@code replace}. */
  static Storage replacing(InMemoryStorage real, InvocationHandler replace) {
    return InterceptedJobs.of(
        real,
        (proxy, method, args) -> {
          if (method.getName().equals("replaceScheduled")) {
            return replace.invoke(proxy, method, args);
          }
          try {
            return method.invoke(real.jobs(), args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  @Test
  void anUpdateOfTheTriggerCancelsTheOldSlotsRun() {
    MediaFlow f = flow();
    RegisteredRule r = f.rules().register(every5Minutes("five", "old").build());
    clock.set(BEFORE);
    f.rules().tick();
    f.rules()
        .update(
            Rule.builder("five")
                .cron("*/7 * * * *")
                .action("test.record", Map.of("key", "five", "value", "new"))
                .build(),
            r.revision());
    assertThat(runs(f, "five")).extracting(Job::state).containsExactly(JobState.CANCELLED);
    clock.set(SLOT);
    f.rules().tick();
    f.runDueJobs();
    assertThat(record.values("five")).isEmpty();
  }

  @Test
  void aDisabledRulesRunMadeAheadDoesNotRun() {
    changedBeforeTheSlotRunsNothing(f -> f.rules().disable("five"));
  }

  @Test
  void aRemovedRulesRunMadeAheadDoesNotRun() {
    changedBeforeTheSlotRunsNothing(f -> assertThat(f.rules().remove("five")).isTrue());
  }

  private void changedBeforeTheSlotRunsNothing(java.util.function.Consumer<MediaFlow> change) {
    MediaFlow f = flow();
    f.rules().register(every5Minutes("five", "x").build());
    clock.set(BEFORE);
    f.rules().tick();
    change.accept(f);
    assertThat(runs(f, "five")).extracting(Job::state).containsExactly(JobState.CANCELLED);
    clock.set(SLOT);
    f.rules().tick();
    f.runDueJobs();
    assertThat(record.values("five")).isEmpty();
  }

  @Test
  void aRunUnderWayIsNotCancelledByAnUpdate() {
    MediaFlow f = flow();
    RegisteredRule r = f.rules().register(every5Minutes("five", "old").build());
    clock.set(BEFORE);
    f.rules().tick();
    clock.set(SLOT);
    f.runDueJobs();
    f.rules().update(every5Minutes("five", "new").build(), r.revision());
    assertThat(runs(f, "five")).extracting(Job::state).containsExactly(JobState.COMPLETED);
    assertThat(record.values("five")).containsExactly("old");
  }
}
