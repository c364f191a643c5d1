package io.mediaflow;

import static io.mediaflow.MediaFlowEngineTest.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.ValidationException;
import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobLog;
import io.mediaflow.api.job.JobState;
import io.mediaflow.api.job.RetryPolicy;
import io.mediaflow.api.rule.CronSyntax;
import io.mediaflow.api.rule.CronTrigger;
import io.mediaflow.api.rule.LogLevel;
import io.mediaflow.api.rule.MisfirePolicy;
import io.mediaflow.api.rule.OnceTrigger;
import io.mediaflow.api.rule.OverlapPolicy;
import io.mediaflow.api.rule.Rule;
import io.mediaflow.api.rule.RuleErrors;
import io.mediaflow.api.rule.RuleSettings;
import io.mediaflow.api.store.JobQuery;
import io.mediaflow.api.store.ScheduleStore;
import io.mediaflow.api.store.Storage;
import io.mediaflow.api.store.StorageException;
import io.mediaflow.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Schedule rules on the engine in calling-thread mode, on a manual clock and in-memory storage:
 * each slot fires once with its slot time, restarts and a crash between submitting a slot's run and
 * advancing its fire time lose and double nothing, overlap policies hold, updates keep runs under
 * way, counters count.
 */
class RulesScheduleTest {

  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  // a second past a slot: a schedule's first slot is the first at or after its registration
  final ManualClock clock = ManualClock.at(T0.plusSeconds(1));
  final InMemoryStorage storage = new InMemoryStorage();
  final RecordAction record = new RecordAction();
  final List<MediaFlow> flows = new ArrayList<>();

  @AfterEach
  void close() {
    flows.forEach(MediaFlow::close);
  }

  MediaFlow flow() {
    return flow(storage);
  }

  MediaFlow flow(Storage on) {
    MediaFlow f = unstarted(on);
    f.start();
    return f;
  }

  /** An engine in calling-thread mode, closed after the test, not started. */
  MediaFlow unstarted(Storage on) {
    MediaFlow f =
        MediaFlow.builder().storage(on).clock(clock).runOnCallingThread().action(record).build();
    flows.add(f);
    return f;
  }

  static Rule.Builder every5Minutes(String id) {
    return Rule.builder(id)
        .cron("*/5 * * * *")
        .action("test.record", Map.of("key", id, "value", "${trigger.scheduledTime}"));
  }

  @Test
  void eachSlotFiresOnceWithItsTime() {
    MediaFlow f = flow();
    RegisteredRule r = f.rules().register(every5Minutes("five").build());
    assertThat(r.nextFireTime()).contains(T0.plusSeconds(300));

    assertThat(f.rules().tick()).isZero();
    clock.set(T0.plusSeconds(300));
    assertThat(f.rules().tick()).isEqualTo(1);
    assertThat(f.rules().tick()).isZero();
    f.runDueJobs(); // else the next slot finds it going and skips (the default overlap policy)
    clock.set(T0.plusSeconds(600));
    assertThat(f.rules().tick()).isEqualTo(1);
    f.runDueJobs();

    assertThat(record.values("five"))
        .containsExactly("2026-01-01T00:05:00Z", "2026-01-01T00:10:00Z");
    eventually(
        () -> f.rules().get("five").orElseThrow().counters().successes() == 2,
        "both runs counted as successes");
    RegisteredRule after = f.rules().get("five").orElseThrow();
    assertThat(after.counters().executions()).isEqualTo(2);
    assertThat(after.counters().lastRun()).contains(T0.plusSeconds(600));
    assertThat(after.nextFireTime()).contains(T0.plusSeconds(900));
    Job run = f.rules().runs("five", 0, 10).items().get(0);
    assertThat(run.priority()).isEqualTo(RuleSettings.DEFAULT_PRIORITY);
    assertThat(run.state()).isEqualTo(JobState.COMPLETED);
  }

  @Test
  void aRulesRunsCarryItsNameAndItsWorkflowsForHistorySearches() {
    MediaFlow f = flow();
    f.workflows()
        .register(
            "{\"version\":1,\"id\":\"rec\",\"name\":\"Recorder\",\"nodes\":[{\"id\":\"start\","
                + "\"type\":\"trigger\",\"kind\":\"manual\"},{\"id\":\"r\",\"type\":\"action\","
                + "\"action\":\"test.record\",\"params\":{\"key\":\"wf\",\"value\":\"x\"}}],"
                + "\"edges\":[{\"from\":\"start\",\"to\":\"r\"}]}");
    f.rules().register(every5Minutes("inline").name("Five minutely").build());
    f.rules()
        .register(
            Rule.builder("named-wf").name("Nightly").cron("*/5 * * * *").workflow("rec").build());
    clock.set(T0.plusSeconds(300));
    assertThat(f.rules().tick()).isEqualTo(2);

    assertThat(f.rules().runs("inline", 0, 1).items().get(0).ruleName()).isEqualTo("Five minutely");
    assertThat(f.rules().runs("named-wf", 0, 1).items().get(0).ruleName())
        .isEqualTo("Nightly / Recorder");
    assertThat(f.jobs(JobQuery.all().withText("recorder")).items())
        .extracting(Job::ruleId)
        .containsExactly("rule:named-wf");
    assertThat(f.jobs(JobQuery.all().withText("MINUTELY")).items())
        .extracting(Job::ruleId)
        .containsExactly("rule:inline");
  }

  @Test
  void aRestartedEngineGoesOnFromTheStoredFireTime() {
    flow().rules().register(every5Minutes("five").build());
    flows.remove(0).close();
    clock.set(T0.plusSeconds(300));
    MediaFlow again = flow();
    assertThat(again.rules().tick()).isEqualTo(1);
    again.runDueJobs();
    assertThat(record.values("five")).containsExactly("2026-01-01T00:05:00Z");
  }

  @Test
  void aCrashBetweenSubmittingAndAdvancingLosesAndDoublesNothing() {
    flow().rules().register(every5Minutes("five").build());
    flows.remove(0).close();
    // the engine that crashes: its runs are submitted, then advancing the fire time fails
    FailingAdvance crashing = new FailingAdvance(storage);
    MediaFlow first = flow(crashing);
    clock.set(T0.plusSeconds(300));
    assertThatThrownBy(() -> first.rules().tick()).hasMessageContaining("crash");
    assertThat(storage.jobs().query(JobQuery.all()).items()).hasSize(1);
    flows.remove(first);
    first.close();

    MediaFlow second = flow();
    assertThat(second.rules().tick()).isEqualTo(1); // the same slot again: a duplicate
    second.runDueJobs();
    assertThat(storage.jobs().query(JobQuery.all()).items()).hasSize(1);
    assertThat(record.values("five")).containsExactly("2026-01-01T00:05:00Z");
    assertThat(second.rules().get("five").orElseThrow().nextFireTime())
        .contains(T0.plusSeconds(600));
  }

  @Test
  void aOneTimeRuleThatFiredHasNoNextFireTimeAfterARestartAndDoesNotFireAgain() {
    Rule once =
        Rule.builder("once")
            .trigger(OnceTrigger.at(T0.plusSeconds(60)))
            .action("test.record", Map.of("key", "once", "value", "${trigger.scheduledTime}"))
            .build();
    MediaFlow f = flow();
    assertThat(f.rules().register(once).nextFireTime()).contains(T0.plusSeconds(60));
    fireAt(f, 61);
    assertThat(f.rules().get("once").orElseThrow().nextFireTime()).isEmpty();
    flows.remove(0).close();

    // another engine on the store, before its start: the unchanged rule saved again (as
    // `mediaflow automate` does), then started
    MediaFlow g = unstarted(storage);
    RegisteredRule saved = g.rules().update(once, 1);
    assertThat(saved.nextFireTime()).isEmpty();
    g.start();
    assertThat(g.rules().get("once").orElseThrow().nextFireTime()).isEmpty();
    fireAt(g, 120);
    assertThat(storage.jobs().query(JobQuery.all()).items()).hasSize(1);
    assertThat(record.values("once")).containsExactly("2026-01-01T00:01:00Z");
    assertThat(g.rules().get("once").orElseThrow().counters().executions()).isEqualTo(1);
  }

  @Test
  void aOneTimeRuleRegisteredBeforeStartShowsItsInstantUntilItFires() {
    MediaFlow g = unstarted(storage);
    g.rules()
        .register(
            Rule.builder("later")
                .trigger(OnceTrigger.at(T0.plusSeconds(60)))
                .action("test.record", Map.of("key", "later", "value", "x"))
                .build());
    g.start();
    assertThat(g.rules().get("later").orElseThrow().nextFireTime()).contains(T0.plusSeconds(60));
    fireAt(g, 61);
    assertThat(g.rules().get("later").orElseThrow().nextFireTime()).isEmpty();
    assertThat(record.values("later")).containsExactly("x");
  }

  @Test
  void skipDropsAFiringWhileARunGoesOn() {
    MediaFlow f = flow();
    f.rules().register(slow("slow", OverlapPolicy.SKIP, 1));
    fireAt(f, 300);
    fireAt(f, 600);
    fireAt(f, 900);
    RegisteredRule r = f.rules().get("slow").orElseThrow();
    assertThat(r.counters().executions()).isEqualTo(1);
    assertThat(r.counters().skipped()).isEqualTo(2);
    clock.advance(Duration.ofHours(1));
    f.runDueJobs();
    assertThat(record.values("slow")).containsExactly("2026-01-01T00:05:00Z");
  }

  @Test
  void bufferAllRunsEveryFiringInTurn() {
    MediaFlow f = flow();
    f.rules().register(slow("slow", OverlapPolicy.BUFFER_ALL, 1));
    fireAt(f, 300);
    fireAt(f, 600);
    fireAt(f, 900);
    assertThat(f.rules().get("slow").orElseThrow().counters().executions()).isEqualTo(3);
    for (int i = 0; i < 4; i++) {
      clock.advance(Duration.ofMinutes(11));
      f.runDueJobs();
    }
    assertThat(record.values("slow"))
        .containsExactly("2026-01-01T00:05:00Z", "2026-01-01T00:10:00Z", "2026-01-01T00:15:00Z");
  }

  @Test
  void cancelOtherCancelsTheRunGoingOn() {
    MediaFlow f = flow();
    f.rules().register(slow("slow", OverlapPolicy.CANCEL_OTHER, 1));
    fireAt(f, 300);
    fireAt(f, 600);
    List<Job> runs = f.rules().runs("slow", 0, 10).items();
    assertThat(runs).extracting(Job::state).containsExactly(JobState.SCHEDULED, JobState.CANCELLED);
  }

  @Test
  void anUpdateKeepsTheRunUnderWay() {
    MediaFlow f = flow();
    RegisteredRule r = f.rules().register(slow("slow", OverlapPolicy.ALLOW_ALL, 1));
    fireAt(f, 300);
    Rule changed =
        Rule.builder("slow")
            .cron("*/5 * * * *")
            .action("test.record", Map.of("key", "slow", "value", "new"))
            .build();
    RegisteredRule updated = f.rules().update(changed, r.revision());
    assertThat(updated.revision()).isEqualTo(r.revision() + 1);
    clock.advance(Duration.ofMinutes(11));
    f.runDueJobs();
    assertThat(record.values("slow")).containsExactly("2026-01-01T00:05:00Z");
    assertThatThrownBy(() -> f.rules().update(changed, r.revision()))
        .isInstanceOf(StorageException.class)
        .satisfies(
            e -> assertThat(((MediaFlowException) e).code()).isEqualTo(RuleErrors.RULE_CONFLICT));
  }

  @Test
  void aDisabledRuleDoesNotFireAndEnablingDoesNotCatchUp() {
    MediaFlow f = flow();
    f.rules().register(every5Minutes("five").build());
    f.rules().disable("five");
    clock.set(T0.plusSeconds(3001));
    assertThat(f.rules().tick()).isZero();
    RegisteredRule on = f.rules().enable("five");
    assertThat(on.nextFireTime()).contains(T0.plusSeconds(3300));
    assertThat(f.rules().tick()).isZero();
  }

  @Test
  void aRemovedRuleFiresNoMore() {
    MediaFlow f = flow();
    f.rules().register(every5Minutes("five").build());
    assertThat(f.rules().remove("five")).isTrue();
    assertThat(f.rules().remove("five")).isFalse();
    clock.set(T0.plusSeconds(300));
    assertThat(f.rules().tick()).isZero();
    assertThat(f.rules().get("five")).isEmpty();
  }

  @Test
  void aRuleGivesItsRunsItsRetryPolicy() {
    MediaFlow f = flow();
    f.rules()
        .register(
            every5Minutes("five")
                .settings(
                    RuleSettings.DEFAULTS
                        .withPriority(9)
                        .withRetry(RetryPolicy.builder().maxAttempts(7).build()))
                .build());
    fireAt(f, 300);
    Job run = f.rules().runs("five", 0, 1).items().get(0);
    assertThat(run.maxAttempts()).isEqualTo(7);
    assertThat(run.priority()).isEqualTo(9);
    assertThat(run.ruleId()).isEqualTo("rule:five");
  }

  @Test
  void aRuleLogLevelKeepsOnlyThatSevereLines() {
    MediaFlow f = flow();
    f.rules()
        .register(
            every5Minutes("quiet")
                .settings(RuleSettings.DEFAULTS.withLogLevel(LogLevel.WARN))
                .build());
    f.rules()
        .register(
            every5Minutes("chatty")
                .settings(RuleSettings.DEFAULTS.withLogLevel(LogLevel.DEBUG))
                .build());
    fireAt(f, 300);
    List<JobLog> quiet = storage.jobs().logs(f.rules().runs("quiet", 0, 1).items().get(0).id());
    List<JobLog> chatty = storage.jobs().logs(f.rules().runs("chatty", 0, 1).items().get(0).id());
    assertThat(chatty).filteredOn(l -> l.level().equals("INFO")).hasSizeGreaterThan(1);
    assertThat(chatty).filteredOn(l -> l.level().equals("DEBUG")).hasSize(1);
    // the attempt's start line stays; the run's INFO lines go
    assertThat(quiet).filteredOn(l -> l.level().equals("INFO")).hasSize(1);
    assertThat(quiet.get(0).message()).startsWith("attempt 1 of 3 started");
  }

  @Test
  void aTimezoneMovesTheSlots() {
    MediaFlow f = flow();
    RegisteredRule r =
        f.rules()
            .register(
                Rule.builder("paris")
                    .trigger(
                        CronTrigger.of("0 9 * * *", CronSyntax.UNIX, ZoneId.of("Europe/Paris")))
                    .action("test.record", Map.of("key", "paris", "value", "x"))
                    .build());
    assertThat(r.nextFireTime()).contains(Instant.parse("2026-01-01T08:00:00Z"));
    assertThat(f.rules().describe(CronTrigger.unix("0 9 * * 1-5"))).isNotBlank();
    assertThat(f.rules().nextFireTimes(CronTrigger.unix("0 9 * * *"), 3))
        .containsExactly(
            Instant.parse("2026-01-01T09:00:00Z"),
            Instant.parse("2026-01-02T09:00:00Z"),
            Instant.parse("2026-01-03T09:00:00Z"));
  }

  @Test
  void badRulesAreRefusedWithTheirPlace() {
    MediaFlow f = flow();
    assertThatThrownBy(
            () ->
                f.rules()
                    .register(
                        "{\"id\":\"bad\",\"trigger\":{\"type\":\"schedule\",\"cron\":\"61 * * * *\"},"
                            + "\"actions\":[{\"type\":\"test.record\",\"key\":\"k\",\"value\":\"v\"}]}"))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("INVALID_CRON: trigger.cron")
        .hasMessageContaining("Value 61 not in range");
    assertThatThrownBy(() -> f.rules().enable("nope"))
        .isInstanceOf(MediaFlowException.class)
        .hasMessageContaining("no rule 'nope'")
        .satisfies(
            e -> assertThat(((MediaFlowException) e).code()).isEqualTo(RuleErrors.RULE_NOT_FOUND));
    f.rules().register(every5Minutes("five").build());
    assertThatThrownBy(() -> f.rules().register(every5Minutes("five").build()))
        .satisfies(
            e -> assertThat(((MediaFlowException) e).code()).isEqualTo(RuleErrors.RULE_CONFLICT));
  }

  @Test
  void aJsonRuleFires() {
    MediaFlow f = flow();
    f.rules()
        .register(
            "{\"id\":\"json\",\"trigger\":{\"type\":\"schedule\",\"cron\":\"*/5 * * * *\"},"
                + "\"actions\":[{\"type\":\"test.record\",\"key\":\"json\","
                + "\"value\":\"${trigger.scheduledTime}\"}],\"settings\":{\"priority\":3}}");
    fireAt(f, 300);
    f.runDueJobs();
    assertThat(record.values("json")).containsExactly("2026-01-01T00:05:00Z");
  }

  @ParameterizedTest
  @EnumSource(MisfirePolicy.class)
  void aThreeDayOutageIsCaughtUpAsTheMisfirePolicySays(MisfirePolicy policy) {
    flow()
        .rules()
        .register(
            Rule.builder("hourly")
                .trigger(CronTrigger.unix("0 * * * *").withMisfire(policy, Duration.ofHours(3)))
                .action("test.record", Map.of("key", "hourly", "value", "${trigger.scheduledTime}"))
                .settings(RuleSettings.DEFAULTS.withConcurrency(1, OverlapPolicy.BUFFER_ALL))
                .build());
    flows.remove(0).close();
    // down from 00:00:01 to 3 days and 30 minutes later
    clock.set(T0.plus(Duration.ofDays(3)).plus(Duration.ofMinutes(30)));
    MediaFlow back = flow();
    back.rules().tick();
    for (int i = 0; i < 5; i++) {
      back.runDueJobs();
    }
    List<String> fired = record.values("hourly");
    switch (policy) {
      case SKIP -> assertThat(fired).isEmpty();
      case FIRE_ONCE -> assertThat(fired).containsExactly("2026-01-04T00:00:00Z");
      case CATCH_UP ->
          assertThat(fired)
              .containsExactly(
                  "2026-01-03T22:00:00Z", "2026-01-03T23:00:00Z", "2026-01-04T00:00:00Z");
    }
    assertThat(back.rules().get("hourly").orElseThrow().nextFireTime())
        .contains(Instant.parse("2026-01-04T01:00:00Z"));
  }

  /** A rule every 5 minutes whose run waits 10 minutes, then records its slot. */
  static Rule slow(String id, OverlapPolicy overlap, int max) {
    return Rule.builder(id)
        .cron("*/5 * * * *")
        .action("system.wait", Map.of("duration", "10m"))
        .action("test.record", Map.of("key", id, "value", "${trigger.scheduledTime}"))
        .settings(RuleSettings.DEFAULTS.withConcurrency(max, overlap))
        .build();
  }

  void fireAt(MediaFlow f, long seconds) {
    clock.set(T0.plusSeconds(seconds));
    f.rules().tick();
    f.runDueJobs();
  }

  /** A storage whose schedule store fails every batch advance: the crash after submitting. */
  static final class FailingAdvance implements Storage {
    private final InMemoryStorage real;

    FailingAdvance(InMemoryStorage real) {
      this.real = real;
    }

    @Override
    public io.mediaflow.api.store.JobStore jobs() {
      return real.jobs();
    }

    @Override
    public io.mediaflow.api.store.RuleStore rules() {
      return real.rules();
    }

    @Override
    public io.mediaflow.api.store.CheckpointStore checkpoints() {
      return real.checkpoints();
    }

    @Override
    public io.mediaflow.api.store.WorkflowStore workflows() {
      return real.workflows();
    }

    @Override
    public io.mediaflow.api.store.WebhookStore webhooks() {
      return real.webhooks();
    }

    @Override
    public io.mediaflow.api.store.LibraryStore library() {
      return real.library();
    }

    @Override
    public ScheduleStore schedules() {
      ScheduleStore s = real.schedules();
      return new ScheduleStore() {
        @Override
        public java.util.Optional<Instant> nextFireTime(String id) {
          return s.nextFireTime(id);
        }

        @Override
        public boolean advanceFireTime(String id, java.util.Optional<Instant> e, Instant n) {
          return s.advanceFireTime(id, e, n);
        }

        @Override
        public java.util.Set<String> advanceAll(List<Advance> advances) {
          throw new IllegalStateException("crash before advancing");
        }
      };
    }
  }
}
