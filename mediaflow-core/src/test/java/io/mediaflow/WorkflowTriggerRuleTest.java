package io.mediaflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.ValidationException;
import io.mediaflow.api.store.StoredWorkflow;
import io.mediaflow.testkit.ManualClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A workflow whose trigger node is a schedule or an event registers its rule with it: the rule
 * fires runs of the workflow, follows its updates, and goes with it.
 */
class WorkflowTriggerRuleTest {

  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  // a second past a slot: a schedule's first slot is the first at or after its registration
  final ManualClock clock = ManualClock.at(T0.plusSeconds(1));
  final RecordAction record = new RecordAction();
  final List<MediaFlow> flows = new ArrayList<>();

  @AfterEach
  void close() {
    flows.forEach(MediaFlow::close);
  }

  MediaFlow flow() {
    MediaFlow f =
        MediaFlow.builder()
            .storage(new InMemoryStorage())
            .clock(clock)
            .runOnCallingThread()
            .action(record)
            .build();
    f.start();
    flows.add(f);
    return f;
  }

  static String workflow(String rule) {
    return "{\"version\":1,\"id\":\"hourly\",\"nodes\":["
        + "{\"id\":\"start\",\"type\":\"trigger\",\"kind\":\"schedule\""
        + (rule == null ? "" : ",\"rule\":" + rule)
        + "},{\"id\":\"rec\",\"type\":\"action\",\"action\":\"test.record\","
        + "\"params\":{\"key\":\"hourly\",\"value\":\"${trigger.scheduledTime}\"}}],"
        + "\"edges\":[{\"from\":\"start\",\"to\":\"rec\"}]}";
  }

  @Test
  void aScheduleTriggerRegistersItsRuleAndRunsTheWorkflow() {
    MediaFlow f = flow();
    StoredWorkflow w =
        f.workflows()
            .register(workflow("{\"trigger\":{\"type\":\"schedule\",\"cron\":\"0 * * * *\"}}"));
    RegisteredRule r = f.rules().get("hourly").orElseThrow();
    assertThat(r.rule().workflowId()).contains("hourly");
    assertThat(r.nextFireTime()).contains(Instant.parse("2026-01-01T01:00:00Z"));

    clock.set(Instant.parse("2026-01-01T01:00:00Z"));
    assertThat(f.rules().tick()).isEqualTo(1);
    f.runDueJobs();
    assertThat(record.values("hourly")).containsExactly("2026-01-01T01:00:00Z");

    f.workflows()
        .update(
            "hourly",
            workflow("{\"trigger\":{\"type\":\"schedule\",\"cron\":\"30 * * * *\"}}"),
            w.revision());
    assertThat(f.rules().get("hourly").orElseThrow().nextFireTime())
        .contains(Instant.parse("2026-01-01T01:30:00Z"));

    assertThat(f.workflows().remove("hourly")).isTrue();
    assertThat(f.rules().get("hourly")).isEmpty();
  }

  @Test
  void aScheduleTriggerWithoutItsRuleIsRefused() {
    MediaFlow f = flow();
    assertThatThrownBy(() -> f.workflows().register(workflow(null)))
        .isInstanceOf(ValidationException.class)
        .satisfies(
            e ->
                assertThat(((ValidationException) e).violations())
                    .anySatisfy(
                        v -> {
                          assertThat(v.path()).isEqualTo("nodes[0].rule");
                          assertThat(v.code()).isEqualTo(ErrorCode.MISSING_FIELD);
                          assertThat(v.message()).contains("needs its rule");
                        }));
    assertThat(f.workflows().find("hourly")).isEmpty();
  }

  @Test
  void aBadCronInTheTriggerIsReportedAtItsPlace() {
    MediaFlow f = flow();
    assertThatThrownBy(
            () ->
                f.workflows()
                    .register(
                        workflow("{\"trigger\":{\"type\":\"schedule\",\"cron\":\"99 * * * *\"}}")))
        .isInstanceOf(ValidationException.class)
        .satisfies(
            e ->
                assertThat(((ValidationException) e).violations())
                    .anySatisfy(v -> assertThat(v.path()).startsWith("nodes[0].rule.trigger")));
    assertThat(f.workflows().find("hourly")).isEmpty();
    assertThat(f.rules().get("hourly")).isEmpty();
  }
}
