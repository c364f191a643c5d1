package io.mediaflow;

import static io.mediaflow.WorkflowRunTest.count;
import static io.mediaflow.WorkflowRunTest.edge;
import static io.mediaflow.WorkflowRunTest.wf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.ValidationException;
import io.mediaflow.api.Violation;
import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobState;
import io.mediaflow.api.store.JobQuery;
import io.mediaflow.api.store.Page;
import io.mediaflow.api.store.StorageException;
import io.mediaflow.api.store.StoredWorkflow;
import io.mediaflow.api.workflow.WorkflowErrors;
import io.mediaflow.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The definition side of {@code flow.workflows()}: register, update, find, list, remove, runs of a
 * registered id (and a run keeping its revision across an update), a workflow's runs, cancel; in
 * calling-thread mode on a manual clock and in-memory storage.
 */
class WorkflowRegistryTest {

  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  final ManualClock clock = ManualClock.at(T0);
  final InMemoryStorage storage = new InMemoryStorage();
  final WorkflowTestActions actions = new WorkflowTestActions();
  final List<MediaFlow> flows = new ArrayList<>();

  @AfterEach
  void close() {
    flows.forEach(MediaFlow::close);
  }

  MediaFlow flow() {
    MediaFlow f =
        actions
            .register(
                MediaFlow.builder()
                    .storage(storage)
                    .clock(clock)
                    .runOnCallingThread()
                    .operators(TestOperators.registry()))
            .build();
    flows.add(f);
    return f;
  }

  /** start → a → b, with {@code a} and {@code b} counting under the names given. */
  static String linear(String a, String b) {
    return wf(count("a", a) + "," + count("b", b), edge("start", "a") + "," + edge("a", "b"));
  }

  /** start → gate (waits for signal go) → a (counts {@code name}). */
  static String gated(String name) {
    return wf(
        "{\"id\":\"gate\",\"type\":\"delay\",\"signal\":\"go\",\"timeout\":\"3d\"},"
            + count("a", name),
        edge("start", "gate") + "," + edge("gate", "a"));
  }

  // ---------------------------------------------------------------- definitions

  @Test
  void register_validates_stores_revision_1_and_find_list_remove_see_it() {
    MediaFlow f = flow();
    clock.advance(Duration.ofMinutes(5));

    StoredWorkflow s = f.workflows().register(linear("x", "y"));

    assertThat(s.id()).isEqualTo("wf");
    assertThat(s.revision()).isEqualTo(1);
    assertThat(s.createdAt()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
    assertThat(WorkflowJson.parse(s.definition())).isEqualTo(WorkflowJson.parse(linear("x", "y")));
    assertThat(f.workflows().find("wf")).contains(s);
    assertThat(f.storage().workflows().find("wf")).contains(s);
    StoredWorkflow other =
        f.workflows()
            .register(
                WorkflowJson.parse(linear("x", "y").replace("\"id\":\"wf\"", "\"id\":\"alpha\"")));
    assertThat(other.revision()).isEqualTo(1);
    assertThat(f.workflows().list(0, 10))
        .extracting(StoredWorkflow::id)
        .containsExactly("alpha", "wf");
    assertThat(f.workflows().list(1, 1)).extracting(StoredWorkflow::id).containsExactly("wf");

    assertThat(f.workflows().remove("wf")).isTrue();
    assertThat(f.workflows().find("wf")).isEmpty();
    assertThat(f.workflows().remove("wf")).isFalse();
    assertThat(f.workflows().list(0, 10)).extracting(StoredWorkflow::id).containsExactly("alpha");
  }

  @Test
  void registering_an_existing_id_is_a_conflict_and_keeps_the_stored_revision() {
    MediaFlow f = flow();
    StoredWorkflow s = f.workflows().register(linear("x", "y"));

    assertThatThrownBy(() -> f.workflows().register(linear("p", "q")))
        .isInstanceOfSatisfying(
            StorageException.class,
            e -> {
              assertThat(e.code()).isEqualTo(StorageException.WORKFLOW_CONFLICT);
              assertThat(e.getMessage()).contains("wf");
            });
    assertThat(f.workflows().find("wf")).contains(s);
  }

  @Test
  void a_workflow_with_problems_is_not_stored_and_every_problem_has_its_path() {
    MediaFlow f = flow();
    String bad =
        wf(
            "{\"id\":\"a\",\"type\":\"action\",\"action\":\"test.nope\",\"params\":{}},"
                + "{\"id\":\"b\",\"type\":\"action\",\"action\":\"test.count\",\"params\":{}}",
            edge("start", "a") + "," + edge("a", "b") + "," + edge("b", "zz"));

    assertThatThrownBy(() -> f.workflows().register(bad))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> {
              assertThat(e.violations())
                  .extracting(Violation::code)
                  .contains(
                      WorkflowErrors.UNKNOWN_ACTION,
                      ErrorCode.MISSING_FIELD,
                      WorkflowErrors.DANGLING_EDGE);
              Violation unknown =
                  e.violations().stream()
                      .filter(v -> v.code().equals(WorkflowErrors.UNKNOWN_ACTION))
                      .findFirst()
                      .orElseThrow();
              assertThat(unknown.path()).startsWith("nodes[1]");
              assertThat(unknown.message()).contains("unknown action 'test.nope'");
              assertThat(e.violations())
                  .anySatisfy(v -> assertThat(v.path()).startsWith("edges[2]"));
            });
    assertThatThrownBy(() -> f.workflows().register("{\"version\":1,"))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e ->
                assertThat(e.violations())
                    .extracting(Violation::code)
                    .containsExactly(ErrorCode.MALFORMED_JSON));
    assertThat(f.workflows().list(0, 10)).isEmpty();
  }

  @Test
  void update_stores_the_next_revision_and_refuses_stale_unknown_renamed_or_invalid_ones() {
    MediaFlow f = flow();
    f.workflows().register(linear("x", "y"));
    clock.advance(Duration.ofHours(1));

    StoredWorkflow two = f.workflows().update("wf", WorkflowJson.parse(linear("x", "z")), 1);

    assertThat(two.revision()).isEqualTo(2);
    assertThat(two.createdAt()).isEqualTo(T0);
    assertThat(two.updatedAt()).isEqualTo(T0.plus(Duration.ofHours(1)));
    assertThatThrownBy(() -> f.workflows().update("wf", linear("x", "w"), 1))
        .isInstanceOfSatisfying(
            StorageException.class,
            e -> {
              assertThat(e.code()).isEqualTo(StorageException.WORKFLOW_CONFLICT);
              assertThat(e.getMessage()).contains("wf");
            });
    assertThatThrownBy(() -> f.workflows().update("nope", linear("x", "w"), 1))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> assertThat(e.violations().get(0).code()).isEqualTo(ErrorCode.INVALID_VALUE));
    assertThatThrownBy(
            () -> f.workflows().update("nope", linear("x", "w").replace("\"wf\"", "\"nope\""), 1))
        .isInstanceOfSatisfying(
            MediaFlowException.class,
            e -> {
              assertThat(e.code()).isEqualTo(WorkflowErrors.WORKFLOW_NOT_FOUND);
              assertThat(e.detail()).isEqualTo("no workflow 'nope' is registered");
              assertThat(e.suggestion()).contains("register");
            });
    assertThatThrownBy(
            () -> f.workflows().update("wf", wf(count("a", "x"), edge("start", "zz")), 2))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e ->
                assertThat(e.violations())
                    .extracting(Violation::code)
                    .contains(WorkflowErrors.DANGLING_EDGE));
    assertThat(f.workflows().find("wf").orElseThrow()).isEqualTo(two);
  }

  // ---------------------------------------------------------------- runs

  @Test
  void a_run_started_by_id_keeps_its_revision_after_an_update_and_runs_lists_them() {
    MediaFlow f = flow();
    f.workflows().register(gated("first"));
    JobHandle old = f.workflows().start("wf", Map.of());
    f.runDueJobs();
    assertThat(old.status().state()).isEqualTo(JobState.SCHEDULED);

    f.workflows().update("wf", gated("second"), 1);
    f.signal(old.id(), "go", "");
    f.runDueJobs();

    assertThat(old.status().state()).isEqualTo(JobState.COMPLETED);
    assertThat(actions.effects("first")).isEqualTo(1);
    assertThat(actions.effects("second")).isZero();
    assertThat(f.workflows().run(old.id()).orElseThrow().revision()).isEqualTo(1);

    clock.advance(Duration.ofSeconds(1));
    JobHandle next = f.workflows().start("wf", Map.of());
    f.runDueJobs();
    f.signal(next.id(), "go", "");
    f.runDueJobs();
    assertThat(actions.effects("second")).isEqualTo(1);

    Page<WorkflowRun> runs = f.workflows().runs("wf", 0, 10);
    assertThat(runs.total()).isEqualTo(2);
    assertThat(runs.items()).extracting(WorkflowRun::runId).containsExactly(next.id(), old.id());
    assertThat(runs.items()).extracting(WorkflowRun::revision).containsExactly(2, 1);
    WorkflowRun r = runs.items().get(1);
    assertThat(r.workflowId()).isEqualTo("wf");
    assertThat(r.state()).isEqualTo(JobState.COMPLETED);
    assertThat(r.nodes())
        .extracting(WorkflowRun.NodeRun::nodeId)
        .containsExactly("start", "gate", "a");
    assertThat(r.node("a").orElseThrow().state()).isEqualTo("COMPLETED");
    assertThat(r.node("a").orElseThrow().summary()).isEqualTo("counted first");
    assertThat(f.workflows().runs("other", 0, 10).items()).isEmpty();
    assertThat(f.workflows().runs("wf", 1, 1).items())
        .extracting(WorkflowRun::runId)
        .containsExactly(old.id());
  }

  @Test
  void a_removed_workflow_s_run_goes_on_and_unknown_ids_are_refused_with_a_suggestion() {
    MediaFlow f = flow();
    f.workflows().register(gated("kept"));
    JobHandle h = f.workflows().start("wf", Map.of());
    f.runDueJobs();
    f.workflows().remove("wf");
    f.signal(h.id(), "go", "");
    f.runDueJobs();
    assertThat(h.status().state()).isEqualTo(JobState.COMPLETED);
    assertThat(actions.effects("kept")).isEqualTo(1);

    for (var start :
        List.<Runnable>of(
            () -> f.workflows().start("wf", Map.of()),
            () -> f.workflows().testRun("nope", Map.of()))) {
      assertThatThrownBy(start::run)
          .isInstanceOfSatisfying(
              MediaFlowException.class,
              e -> {
                assertThat(e.code()).isEqualTo(WorkflowErrors.WORKFLOW_NOT_FOUND);
                assertThat(e.detail()).matches("no workflow '(wf|nope)' is registered");
                assertThat(e.suggestion()).contains("flow.workflows().register(json)");
              });
    }
  }

  @Test
  void a_test_run_by_id_touches_nothing() {
    MediaFlow f = flow();
    f.workflows().register(linear("x", "y"));

    JobHandle h = f.workflows().testRun("wf", Map.of());
    f.runDueJobs();

    assertThat(h.status().state()).isEqualTo(JobState.COMPLETED);
    assertThat(actions.effects("x")).isZero();
    assertThat(actions.effects("y")).isZero();
    assertThat(f.workflows().run(h.id()).orElseThrow().revision()).isEqualTo(1);
  }

  @Test
  void a_run_from_a_definition_is_listed_under_its_id_with_revision_0() {
    MediaFlow f = flow();
    JobHandle h = f.workflows().start(linear("x", "y"), Map.of());
    f.runDueJobs();

    assertThat(f.workflows().runs("wf", 0, 10).items())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.runId()).isEqualTo(h.id());
              assertThat(r.revision()).isZero();
              assertThat(r.state()).isEqualTo(JobState.COMPLETED);
            });
  }

  @Test
  void cancel_cancels_a_run_and_its_branches() {
    MediaFlow f = flow();
    f.workflows()
        .register(
            wf(
                "{\"id\":\"fan\",\"type\":\"parallel\"},"
                    + "{\"id\":\"w1\",\"type\":\"delay\",\"signal\":\"go\",\"timeout\":\"3d\"},"
                    + "{\"id\":\"w2\",\"type\":\"delay\",\"signal\":\"go\",\"timeout\":\"3d\"},"
                    + "{\"id\":\"join\",\"type\":\"merge\"}",
                edge("start", "fan")
                    + ","
                    + edge("fan", "w1")
                    + ","
                    + edge("fan", "w2")
                    + ","
                    + edge("w1", "join")
                    + ","
                    + edge("w2", "join")));
    JobHandle h = f.workflows().start("wf", Map.of());
    f.runDueJobs();
    assertThat(h.status().state()).isEqualTo(JobState.SCHEDULED);
    // branches are children, not runs of their own
    assertThat(f.workflows().runs("wf", 0, 10).items()).hasSize(1);

    assertThat(f.workflows().cancel(h.id())).isTrue();

    assertThat(h.status().state()).isEqualTo(JobState.CANCELLED);
    List<Job> children = f.storage().jobs().query(JobQuery.all().withParent(h.id())).items();
    assertThat(children).hasSize(2).allMatch(j -> j.state() == JobState.CANCELLED);
    assertThat(f.workflows().runs("wf", 0, 10).items().get(0).state())
        .isEqualTo(JobState.CANCELLED);
    assertThat(f.workflows().cancel(h.id())).isFalse();

    JobHandle media = f.submit("other", "{}");
    for (String id : List.of("nope", media.id())) {
      assertThatThrownBy(() -> f.workflows().cancel(id))
          .isInstanceOfSatisfying(
              StorageException.class,
              e -> {
                assertThat(e.code()).isEqualTo(StorageException.JOB_NOT_FOUND);
                assertThat(e.detail()).isEqualTo("no workflow run " + id + " exists");
              });
    }
  }
}
