package io.mediaflow.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobLog;
import io.mediaflow.api.job.JobProgress;
import io.mediaflow.api.job.JobRequest;
import io.mediaflow.api.job.JobState;
import io.mediaflow.api.store.JobQuery;
import io.mediaflow.api.store.Page;
import io.mediaflow.api.store.StorageException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The {@link io.mediaflow.api.store.JobStore} contract, first part: submit and find, idempotency,
 * queries, counts, logs and retention. {@link JobQueueContract} and {@link JobLifecycleContract}
 * hold the rest of the job store's contract.
 *
 * <p>Subclass it (or {@link StorageContract}, which runs every suite) and return a fresh, empty
 * store from {@link #newStorage()}.
 *
 * <p>Every method that names a job throws {@link StorageException#JOB_NOT_FOUND} for an unknown id;
 * {@code find} returns empty.
 */
public abstract class JobStoreContract extends StorageContractSupport {

  // ---- retention ----

  @Test
  void purge_deletes_only_completed_and_cancelled_jobs_changed_before_the_cutoff() {
    Job completed =
        storage.jobs().submit(JobRequest.of("test", "{}").withIdempotencyKey("done"), T0);
    Job claimed = claimOne(at(1));
    storage.jobs().complete(completed.id(), token(claimed), Optional.of("ok"), at(2));
    storage.jobs().appendLog(completed.id(), new JobLog(at(2), "INFO", "finished"));
    Job cancelled = storage.jobs().cancel(submit().id(), at(3));
    Job cancelledLate = storage.jobs().cancel(submit().id(), at(10));
    Job dead = storage.jobs().bury(failed().id(), at(4));
    Job failedJob = failed();
    Job processing = claimOneSubmitted();
    Job pending = submit();
    Job scheduled = storage.jobs().submit(JobRequest.of("test", "{}").withRunAt(at(1000)), T0);

    int purged = storage.jobs().purgeFinishedBefore(at(10), 100);

    assertThat(purged).isEqualTo(2);
    assertThat(storage.jobs().find(completed.id())).isEmpty();
    assertThat(storage.jobs().find(cancelled.id())).isEmpty();
    assertFails(
        StorageException.JOB_NOT_FOUND,
        completed.id(),
        () -> storage.jobs().logs(completed.id())); // its log went with it
    for (Job kept : List.of(cancelledLate, dead, failedJob, processing, pending, scheduled)) {
      assertThat(storage.jobs().find(kept.id())).as("%s is kept", kept.state()).isPresent();
    }
    assertThat(reload(dead).state()).isEqualTo(JobState.DEAD);
    assertThat(storage.jobs().countByState().getOrDefault(JobState.COMPLETED, 0L)).isZero();
    assertThat(storage.jobs().countByState()).containsEntry(JobState.CANCELLED, 1L);
    assertThat(storage.jobs().purgeFinishedBefore(at(10), 100))
        .as("nothing left to purge")
        .isZero();

    Job again =
        storage.jobs().submit(JobRequest.of("test", "{}").withIdempotencyKey("done"), at(20));
    assertThat(again.id())
        .as("a purged job frees its idempotency key")
        .isNotEqualTo(completed.id());
  }

  @Test
  void purge_deletes_at_most_the_number_asked_for() {
    for (int i = 0; i < 5; i++) {
      storage.jobs().cancel(submit().id(), at(1));
    }

    assertThat(storage.jobs().purgeFinishedBefore(at(2), 2)).isEqualTo(2);
    assertThat(storage.jobs().purgeFinishedBefore(at(2), 2)).isEqualTo(2);
    assertThat(storage.jobs().purgeFinishedBefore(at(2), 2)).isEqualTo(1);
    assertThat(storage.jobs().purgeFinishedBefore(at(2), 2)).isZero();
    assertThat(storage.jobs().query(JobQuery.all()).total()).isZero();
  }

  @Test
  void purge_dead_deletes_only_dead_jobs_buried_before_the_cutoff_with_their_logs() {
    Job early = storage.jobs().bury(failed().id(), at(4));
    storage.jobs().appendLog(early.id(), new JobLog(at(4), "ERROR", "dead"));
    Job late = storage.jobs().bury(failed().id(), at(10));
    Job cancelled = storage.jobs().cancel(submit().id(), at(1));
    Job failedJob = failed();
    Job pending = submit();

    assertThat(storage.jobs().purgeDeadBefore(at(10), 100)).isEqualTo(1);

    assertThat(storage.jobs().find(early.id())).isEmpty();
    assertFails(StorageException.JOB_NOT_FOUND, early.id(), () -> storage.jobs().logs(early.id()));
    for (Job kept : List.of(late, cancelled, failedJob, pending)) {
      assertThat(storage.jobs().find(kept.id())).as("%s is kept", kept.state()).isPresent();
    }
    assertThat(storage.jobs().countByState()).containsEntry(JobState.DEAD, 1L);
    assertThat(storage.jobs().purgeDeadBefore(at(10), 100)).as("nothing left").isZero();
  }

  @Test
  void purge_dead_deletes_at_most_the_number_asked_for() {
    for (int i = 0; i < 3; i++) {
      storage.jobs().bury(failed().id(), at(3));
    }

    assertThat(storage.jobs().purgeDeadBefore(at(5), 2)).isEqualTo(2);
    assertThat(storage.jobs().purgeDeadBefore(at(5), 2)).isEqualTo(1);
    assertThat(storage.jobs().countByState().getOrDefault(JobState.DEAD, 0L)).isZero();
  }

  // ---- delete ----

  @TestFactory
  Stream<DynamicTest> delete_removes_a_completed_cancelled_or_dead_job_with_its_logs() {
    Map<String, java.util.function.Supplier<Job>> over = new LinkedHashMap<>();
    over.put(
        "completed",
        () -> {
          Job c = claimOneSubmitted();
          return storage.jobs().complete(c.id(), token(c), Optional.empty(), at(2));
        });
    over.put("cancelled", () -> storage.jobs().cancel(submit().id(), at(2)));
    over.put("dead", () -> storage.jobs().bury(failed().id(), at(3)));
    return over.entrySet().stream()
        .map(
            e ->
                dynamicTest(
                    e.getKey(),
                    () -> {
                      Job job = e.getValue().get();
                      storage.jobs().appendLog(job.id(), new JobLog(at(3), "INFO", "a line"));
                      // not due, so the next case's claims do not take it (one store for all)
                      Job other =
                          storage.jobs().submit(JobRequest.of("test", "{}").withRunAt(at(999)), T0);

                      assertThat(storage.jobs().delete(job.id())).isTrue();

                      assertThat(storage.jobs().find(job.id())).isEmpty();
                      assertFails(
                          StorageException.JOB_NOT_FOUND,
                          job.id(),
                          () -> storage.jobs().logs(job.id()));
                      assertThat(storage.jobs().query(JobQuery.all()).items())
                          .extracting(Job::id)
                          .contains(other.id())
                          .doesNotContain(job.id());
                      assertThat(storage.jobs().countByState().getOrDefault(job.state(), 0L))
                          .isZero();
                    }));
  }

  @Test
  void delete_frees_the_idempotency_key_and_a_second_delete_returns_false() {
    Job job = storage.jobs().submit(JobRequest.of("test", "{}").withIdempotencyKey("k"), T0);
    storage.jobs().cancel(job.id(), at(1));

    assertThat(storage.jobs().delete(job.id())).isTrue();
    assertThat(storage.jobs().delete(job.id())).as("already deleted").isFalse();
    assertThat(storage.jobs().delete("no-such-job")).as("never existed").isFalse();
    Job again = storage.jobs().submit(JobRequest.of("test", "{}").withIdempotencyKey("k"), at(2));
    assertThat(again.id()).isNotEqualTo(job.id());
  }

  @Test
  void delete_refuses_a_job_that_is_not_over_and_leaves_it_as_it_is() {
    Job processing = claimOneSubmitted();
    Job failedJob = failed();
    Job pending = submit();
    Job scheduled = storage.jobs().submit(JobRequest.of("test", "{}").withRunAt(at(100)), T0);

    for (Job active : List.of(pending, scheduled, processing, failedJob)) {
      assertThatThrownBy(() -> storage.jobs().delete(active.id()))
          .isInstanceOfSatisfying(
              StorageException.class,
              e -> {
                assertThat(e.code()).isEqualTo(StorageException.JOB_ACTIVE);
                assertThat(e.detail())
                    .isEqualTo(
                        "job "
                            + active.id()
                            + " is "
                            + active.state()
                            + ": only a COMPLETED, CANCELLED or DEAD job can be deleted");
                assertThat(e.suggestion())
                    .contains(active.state() == JobState.FAILED ? "once it is DEAD" : "cancel it");
              });
      assertThat(reload(active)).as("%s is unchanged", active.state()).isEqualTo(active);
    }
  }

  // ---- submit and find ----

  @Test
  void a_job_submitted_without_a_run_time_is_pending_and_due_now() {
    Job job = storage.jobs().submit(JobRequest.of("test", "{}"), T0);

    assertThat(job.state()).isEqualTo(JobState.PENDING);
    assertThat(job.scheduledAt()).isEqualTo(T0);
    assertThat(job.createdAt()).isEqualTo(T0);
    assertThat(job.updatedAt()).isEqualTo(T0);
    assertThat(job.attempts()).isZero();
    assertThat(job.lease()).isEmpty();
    assertThat(job.error()).isEmpty();
  }

  @Test
  void a_job_submitted_with_a_future_run_time_is_scheduled() {
    Job job = storage.jobs().submit(JobRequest.of("test", "{}").withRunAt(at(60)), T0);

    assertThat(job.state()).isEqualTo(JobState.SCHEDULED);
    assertThat(job.scheduledAt()).isEqualTo(at(60));
  }

  @Test
  void a_job_submitted_with_a_past_or_present_run_time_is_pending() {
    Job past = storage.jobs().submit(JobRequest.of("test", "{}").withRunAt(at(-60)), T0);
    Job present = storage.jobs().submit(JobRequest.of("test", "{}").withRunAt(T0), T0);

    assertThat(past.state()).isEqualTo(JobState.PENDING);
    assertThat(present.state()).isEqualTo(JobState.PENDING);
  }

  @Test
  void a_submitted_job_keeps_every_field_of_its_request() {
    JobRequest request =
        JobRequest.of("media", "{\"file\":\"a.mp4\"}")
            .withPriority(7)
            .withMaxAttempts(5)
            .withIdempotencyKey("a.mp4#thumb")
            .withParent("parent-1")
            .withCorrelationId("run-9")
            .withRuleId("rule-3")
            .withRuleName("Nightly thumbnails");

    Job job = storage.jobs().submit(request, T0);

    assertThat(storage.jobs().find(job.id())).contains(job);
    assertThat(job.id()).isNotBlank();
    assertThat(job.type()).isEqualTo("media");
    assertThat(job.payload()).isEqualTo("{\"file\":\"a.mp4\"}");
    assertThat(job.priority()).isEqualTo(7);
    assertThat(job.maxAttempts()).isEqualTo(5);
    assertThat(job.idempotencyKey()).isEqualTo("a.mp4#thumb");
    assertThat(job.parentId()).contains("parent-1");
    assertThat(job.correlationId()).isEqualTo("run-9");
    assertThat(job.ruleId()).isEqualTo("rule-3");
    assertThat(job.ruleName()).isEqualTo("Nightly thumbnails");
  }

  @Test
  void submitting_the_same_idempotency_key_twice_returns_the_first_job_and_stores_one() {
    Job first = storage.jobs().submit(JobRequest.of("test", "one").withIdempotencyKey("k"), T0);
    Job second = storage.jobs().submit(JobRequest.of("test", "two").withIdempotencyKey("k"), at(5));

    assertThat(second.id()).isEqualTo(first.id());
    assertThat(second.payload()).isEqualTo("one");
    assertThat(storage.jobs().query(JobQuery.all()).total()).isEqualTo(1);
  }

  @Test
  void an_idempotency_key_still_returns_its_job_after_the_job_finished() {
    Job first = storage.jobs().submit(JobRequest.of("test", "{}").withIdempotencyKey("k"), T0);
    Job claimed = claimOne(at(1));
    storage.jobs().complete(first.id(), token(claimed), Optional.empty(), at(2));

    Job again = storage.jobs().submit(JobRequest.of("test", "{}").withIdempotencyKey("k"), at(3));

    assertThat(again.id()).isEqualTo(first.id());
    assertThat(again.state()).isEqualTo(JobState.COMPLETED);
  }

  @Test
  void jobs_without_an_idempotency_key_are_never_merged() {
    Job a = storage.jobs().submit(JobRequest.of("test", "{}"), T0);
    Job b = storage.jobs().submit(JobRequest.of("test", "{}"), T0);

    assertThat(a.id()).isNotEqualTo(b.id());
  }

  @Test
  void submit_all_stores_every_job_in_request_order() {
    List<Job> jobs =
        storage
            .jobs()
            .submitAll(
                List.of(
                    JobRequest.of("a", "1"),
                    JobRequest.of("b", "2").withRunAt(at(60)),
                    JobRequest.of("c", "3").withIdempotencyKey("k"),
                    JobRequest.of("c", "4").withIdempotencyKey("k")),
                T0);

    assertThat(jobs).extracting(Job::payload).containsExactly("1", "2", "3", "3");
    assertThat(jobs)
        .extracting(Job::state)
        .containsExactly(JobState.PENDING, JobState.SCHEDULED, JobState.PENDING, JobState.PENDING);
    assertThat(jobs.get(3).id()).isEqualTo(jobs.get(2).id());
    assertThat(storage.jobs().query(JobQuery.all()).total()).isEqualTo(3);
    for (Job job : jobs) {
      assertThat(storage.jobs().find(job.id())).contains(job);
    }
  }

  @Test
  void ids_are_unique_and_sort_in_submit_order() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      ids.add(storage.jobs().submit(JobRequest.of("test", "{}"), T0).id());
    }

    assertThat(new HashSet<>(ids)).hasSize(100);
    assertThat(ids).isSorted();
  }

  @Test
  void find_returns_empty_for_an_unknown_id() {
    assertThat(storage.jobs().find("no-such-job")).isEmpty();
  }

  @TestFactory
  Stream<DynamicTest> every_operation_on_an_unknown_job_fails_with_job_not_found() {
    Map<String, ThrowingCallable> calls = new LinkedHashMap<>();
    calls.put("complete", () -> storage.jobs().complete("nope", "t", Optional.empty(), T0));
    calls.put("fail", () -> storage.jobs().fail("nope", "t", BOOM, T0));
    calls.put("retry", () -> storage.jobs().retry("nope", T0, T0));
    calls.put("bury", () -> storage.jobs().bury("nope", T0));
    calls.put("release", () -> storage.jobs().release("nope", "t", T0));
    calls.put("yieldUntil", () -> storage.jobs().yieldUntil("nope", "t", T0, Optional.empty(), T0));
    calls.put("cancel", () -> storage.jobs().cancel("nope", T0));
    calls.put("requeue", () -> storage.jobs().requeue("nope", T0));
    calls.put("heartbeat", () -> storage.jobs().heartbeat("nope", "t", T0));
    calls.put("progress", () -> storage.jobs().progress("nope", "t", JobProgress.NONE, List.of()));
    calls.put("appendLog", () -> storage.jobs().appendLog("nope", new JobLog(T0, "INFO", "x")));
    calls.put("logs", () -> storage.jobs().logs("nope"));
    return calls.entrySet().stream()
        .map(
            e ->
                dynamicTest(
                    e.getKey() + " of an unknown job fails with JOB_NOT_FOUND",
                    () ->
                        assertFails(
                            StorageException.JOB_NOT_FOUND,
                            "job nope does not exist",
                            e.getValue())));
  }

  // ---- queries ----

  @Test
  void a_query_returns_the_newest_first_in_pages_with_the_total() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      ids.add(storage.jobs().submit(JobRequest.of("test", Integer.toString(i)), at(i)).id());
    }
    Collections.reverse(ids);

    Page<Job> first = storage.jobs().query(JobQuery.all().withPage(0, 3));
    Page<Job> second = storage.jobs().query(JobQuery.all().withPage(1, 3));
    Page<Job> last = storage.jobs().query(JobQuery.all().withPage(2, 3));
    Page<Job> beyond = storage.jobs().query(JobQuery.all().withPage(3, 3));

    assertThat(first.items()).extracting(Job::id).containsExactlyElementsOf(ids.subList(0, 3));
    assertThat(second.items()).extracting(Job::id).containsExactlyElementsOf(ids.subList(3, 6));
    assertThat(last.items()).extracting(Job::id).containsExactlyElementsOf(ids.subList(6, 7));
    assertThat(beyond.items()).isEmpty();
    assertThat(List.of(first, second, last, beyond))
        .allSatisfy(p -> assertThat(p.total()).isEqualTo(7));
    assertThat(first.hasNext()).isTrue();
    assertThat(second.hasNext()).isTrue();
    assertThat(last.hasNext()).isFalse();
    assertThat(first.page()).isZero();
    assertThat(second.page()).isEqualTo(1);
    assertThat(first.size()).isEqualTo(3);
  }

  @Test
  void a_query_filters_by_state_type_rule_and_creation_time() {
    Job mediaRuleA = storage.jobs().submit(JobRequest.of("media", "{}").withRuleId("a"), at(0));
    Job mediaRuleB = storage.jobs().submit(JobRequest.of("media", "{}").withRuleId("b"), at(10));
    Job action = storage.jobs().submit(JobRequest.of("action", "{}").withRuleId("a"), at(20));
    Job scheduled =
        storage
            .jobs()
            .submit(JobRequest.of("media", "{}").withRuleId("a").withRunAt(at(999)), at(30));
    Job claimed = claim("w", 1, at(40)).get(0);
    assertThat(claimed.id()).isEqualTo(mediaRuleA.id());

    assertThat(ids(JobQuery.all().withType("media")))
        .containsExactly(scheduled.id(), mediaRuleB.id(), mediaRuleA.id());
    assertThat(ids(JobQuery.all().withRuleId("a")))
        .containsExactly(scheduled.id(), action.id(), mediaRuleA.id());
    assertThat(ids(JobQuery.all().withStates(Set.of(JobState.PENDING))))
        .containsExactly(action.id(), mediaRuleB.id());
    assertThat(ids(JobQuery.all().withStates(Set.of(JobState.PROCESSING, JobState.SCHEDULED))))
        .containsExactly(scheduled.id(), mediaRuleA.id());
    assertThat(ids(JobQuery.all().withCreatedBetween(at(10), at(30))))
        .as("from inclusive, to exclusive")
        .containsExactly(action.id(), mediaRuleB.id());
    assertThat(
            ids(
                JobQuery.all()
                    .withType("media")
                    .withRuleId("a")
                    .withStates(Set.of(JobState.PROCESSING))))
        .containsExactly(mediaRuleA.id());
    assertThat(ids(JobQuery.all().withType("nothing"))).isEmpty();
    assertThat(storage.jobs().query(JobQuery.all().withType("media").withPage(0, 2)).total())
        .isEqualTo(3);
    assertThat(storage.jobs().query(JobQuery.all().withType("media").withPage(1, 2)).items())
        .extracting(Job::id)
        .containsExactly(mediaRuleA.id());
  }

  @Test
  void a_query_by_parent_lists_exactly_its_children_newest_first() {
    Job parent = storage.jobs().submit(JobRequest.of("workflow", "{}"), at(0));
    Job other = storage.jobs().submit(JobRequest.of("workflow", "{}"), at(1));
    Job first = storage.jobs().submit(JobRequest.of("media", "{}").withParent(parent.id()), at(2));
    Job stranger =
        storage.jobs().submit(JobRequest.of("media", "{}").withParent(other.id()), at(3));
    Job second =
        storage
            .jobs()
            .submit(JobRequest.of("webhook.delivery", "{}").withParent(parent.id()), at(4));

    assertThat(ids(JobQuery.all().withParent(parent.id())))
        .containsExactly(second.id(), first.id());
    assertThat(ids(JobQuery.all().withParent(other.id()))).containsExactly(stranger.id());
    assertThat(ids(JobQuery.all().withParent(parent.id()).withType("media")))
        .containsExactly(first.id());
    assertThat(ids(JobQuery.all().withParent(first.id()))).isEmpty();
    assertThat(storage.jobs().query(JobQuery.all().withParent(parent.id()).withPage(1, 1)).total())
        .isEqualTo(2);
  }

  @Test
  void a_text_query_matches_type_error_message_and_rule_name_or_id_ignoring_case() {
    Job transcode = storage.jobs().submit(JobRequest.of("Media.Transcode", "{}"), at(0));
    Job named =
        storage
            .jobs()
            .submit(
                JobRequest.of("workflow", "{}")
                    .withRuleId("rule:r1")
                    .withRuleName("Nightly ARCHIVE"),
                at(1));
    Job byId =
        storage.jobs().submit(JobRequest.of("workflow", "{}").withRuleId("archive-2"), at(2));
    Job failing = storage.jobs().submit(JobRequest.of("action", "{}"), at(3));
    Job claimed =
        claim("w", 4, at(4)).stream()
            .filter(j -> j.id().equals(failing.id()))
            .findFirst()
            .orElseThrow();
    storage
        .jobs()
        .fail(
            claimed.id(),
            token(claimed),
            new io.mediaflow.api.job.JobError("TIMEOUT", "Upload TIMED out after 30 s", true, ""),
            at(5));
    Job wild = storage.jobs().submit(JobRequest.of("cut_50%", "{}"), at(6));
    Job tame = storage.jobs().submit(JobRequest.of("cutX500", "{}"), at(7));

    assertThat(ids(JobQuery.all().withText("transcode"))).containsExactly(transcode.id());
    assertThat(ids(JobQuery.all().withText("timed OUT"))).containsExactly(failing.id());
    assertThat(ids(JobQuery.all().withText("archive")))
        .as("a rule name and a rule id")
        .containsExactly(byId.id(), named.id());
    assertThat(ids(JobQuery.all().withText("archive").withType("workflow").withPage(0, 1)))
        .containsExactly(byId.id());
    assertThat(storage.jobs().query(JobQuery.all().withText("ARCHIVE").withPage(0, 1)).total())
        .isEqualTo(2);
    assertThat(ids(JobQuery.all().withText("t_5")))
        .as("_ matches itself, not any one character")
        .containsExactly(wild.id());
    assertThat(ids(JobQuery.all().withText("50%")))
        .as("%% matches itself, not any text")
        .containsExactly(wild.id());
    assertThat(ids(JobQuery.all().withText("!"))).as("the escape character itself").isEmpty();
    assertThat(ids(JobQuery.all().withText("X500"))).containsExactly(tame.id());
    assertThat(ids(JobQuery.all().withText("no such text"))).isEmpty();
  }

  // ---- plans ----

  @Test
  void a_saved_plan_is_read_back_replaced_by_the_next_and_goes_with_the_job() {
    Job job = submit();
    assertThat(storage.jobs().plan(job.id())).isEmpty();

    storage.jobs().savePlan(job.id(), "{\"version\":1,\"nodes\":[]}");
    storage.jobs().savePlan(job.id(), "{\"version\":1,\"nodes\":[\"second attempt\"]}");

    assertThat(storage.jobs().plan(job.id()))
        .contains("{\"version\":1,\"nodes\":[\"second attempt\"]}");
    assertThat(storage.jobs().plan(submit().id())).as("another job's").isEmpty();
    storage.jobs().cancel(job.id(), at(1));
    assertThat(storage.jobs().delete(job.id())).isTrue();
    assertThat(storage.jobs().plan(job.id())).as("deleted with its job").isEmpty();
  }

  @Test
  void saving_a_plan_for_an_unknown_job_fails_with_job_not_found() {
    assertFails(
        StorageException.JOB_NOT_FOUND,
        "no-such-job",
        () -> storage.jobs().savePlan("no-such-job", "{}"));
    assertThat(storage.jobs().plan("no-such-job")).isEmpty();
  }

  private List<String> ids(JobQuery query) {
    return storage.jobs().query(query).items().stream().map(Job::id).toList();
  }

  @Test
  void count_by_state_counts_each_state() {
    submit();
    submit();
    storage.jobs().submit(JobRequest.of("test", "{}").withRunAt(at(60)), T0);
    Job claimed = claimOne(at(1));
    Job second = claimOne(at(1));
    storage.jobs().complete(claimed.id(), token(claimed), Optional.empty(), at(2));
    storage.jobs().fail(second.id(), token(second), BOOM, at(2));
    storage.jobs().cancel(storage.jobs().submit(JobRequest.of("test", "{}"), T0).id(), at(3));
    submit();

    Map<JobState, Long> counts = storage.jobs().countByState();

    assertThat(counts.getOrDefault(JobState.PENDING, 0L)).isEqualTo(1);
    assertThat(counts.getOrDefault(JobState.SCHEDULED, 0L)).isEqualTo(1);
    assertThat(counts.getOrDefault(JobState.PROCESSING, 0L)).isZero();
    assertThat(counts.getOrDefault(JobState.COMPLETED, 0L)).isEqualTo(1);
    assertThat(counts.getOrDefault(JobState.FAILED, 0L)).isEqualTo(1);
    assertThat(counts.getOrDefault(JobState.DEAD, 0L)).isZero();
    assertThat(counts.getOrDefault(JobState.CANCELLED, 0L)).isEqualTo(1);
  }

  @Test
  void oldest_due_is_when_the_longest_waiting_due_job_became_due() {
    assertThat(storage.jobs().oldestDue(T0)).isEmpty();

    storage.jobs().submit(JobRequest.of("test", "{}").withPriority(9), at(20));
    storage.jobs().submit(JobRequest.of("test", "{}").withRunAt(at(15)), at(0));
    storage.jobs().submit(JobRequest.of("test", "{}").withRunAt(at(5)), at(0));
    storage.jobs().submit(JobRequest.of("other", "{}").withRunAt(at(-3)), at(10));

    assertThat(storage.jobs().oldestDue(at(1))).as("only jobs due by then").contains(at(-3));
    assertThat(storage.jobs().oldestDue(at(30))).contains(at(-3));
  }

  @Test
  void oldest_due_ignores_scheduled_jobs_not_yet_due_and_jobs_being_processed() {
    storage.jobs().submit(JobRequest.of("test", "{}").withRunAt(at(60)), T0);
    submit();
    claimOne(at(1));

    assertThat(storage.jobs().oldestDue(at(2))).isEmpty();
    assertThat(storage.jobs().oldestDue(at(60))).contains(at(60));
  }

  // ---- logs ----

  @Test
  void logs_come_back_in_the_order_they_were_appended() {
    Job job = submit();
    JobLog a = new JobLog(at(2), "INFO", "second by time, first appended");
    JobLog b = new JobLog(at(1), "WARN", "first by time");
    JobLog c = new JobLog(at(3), "ERROR", "third");

    storage.jobs().appendLog(job.id(), a);
    storage.jobs().appendLog(job.id(), b);
    storage.jobs().appendLog(job.id(), c);

    assertThat(storage.jobs().logs(job.id())).containsExactly(a, b, c);
  }

  @Test
  void logs_are_kept_per_job() {
    Job one = submit();
    Job two = submit();
    storage.jobs().appendLog(one.id(), new JobLog(T0, "INFO", "one"));

    assertThat(storage.jobs().logs(one.id())).extracting(JobLog::message).containsExactly("one");
    assertThat(storage.jobs().logs(two.id())).isEmpty();
  }
}
