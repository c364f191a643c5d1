package io.mediaflow.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobRequest;
import io.mediaflow.api.store.ClaimRequest;
import io.mediaflow.api.store.StorageException;
import io.mediaflow.api.store.StoredWorkflow;
import io.mediaflow.api.store.WorkflowStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * The {@link WorkflowStore} contract: definitions saved by compare-and-set on their revision (of
 * several racing editors exactly one wins each revision), found, listed in id order and paged,
 * removed; the correlation index of waiting runs; and the errors for bad arguments, code and
 * message.
 *
 * <p>Subclass it (or {@link StorageContract}, which runs every suite) and return a fresh, empty
 * store from {@link #newStorage()}.
 */
public abstract class WorkflowStoreContract extends StorageContractSupport {

  private static final String DEF = "{\"version\":1,\"id\":\"archive\",\"nodes\":[]}";
  private static final String DEF2 = "{\"version\":1,\"id\":\"archive\",\"nodes\":[{}]}";

  /** Not whole seconds: a store must keep microseconds. */
  private static final Instant T1 = T0.plusNanos(123_456_000);

  private WorkflowStore workflows() {
    return storage.workflows();
  }

  // ---- save, find ----

  @Test
  void a_new_workflow_is_saved_as_revision_1() {
    StoredWorkflow saved = workflows().save("archive", "Archive", DEF, 0, T1);

    assertThat(saved).isEqualTo(new StoredWorkflow("archive", 1, "Archive", DEF, T1, T1));
    assertThat(workflows().find("archive")).contains(saved);
    assertThat(workflows().find("other")).isEmpty();
  }

  @Test
  void an_update_over_the_latest_revision_makes_the_next_and_keeps_the_creation_time() {
    workflows().save("archive", "Archive", DEF, 0, T1);

    StoredWorkflow second = workflows().save("archive", "Archive v2", DEF2, 1, at(60));
    StoredWorkflow third = workflows().save("archive", null, DEF, 2, at(120));

    assertThat(second).isEqualTo(new StoredWorkflow("archive", 2, "Archive v2", DEF2, T1, at(60)));
    assertThat(third).isEqualTo(new StoredWorkflow("archive", 3, "", DEF, T1, at(120)));
    assertThat(workflows().find("archive")).contains(third);
  }

  @Test
  void an_update_over_an_older_revision_is_a_conflict_and_stores_nothing() {
    workflows().save("archive", "Archive", DEF, 0, T0);
    StoredWorkflow latest = workflows().save("archive", "Archive", DEF2, 1, at(1));

    assertFailsExactly(
        StorageException.WORKFLOW_CONFLICT,
        "WORKFLOW_CONFLICT: workflow 'archive' is at revision 2, not the expected revision 1:"
            + " another save came first (read it again with find(\"archive\"), apply the change to"
            + " revision 2 and save with expected revision 2)",
        () -> workflows().save("archive", "Mine", DEF, 1, at(2)));
    assertFailsExactly(
        StorageException.WORKFLOW_CONFLICT,
        "WORKFLOW_CONFLICT: workflow 'archive' is at revision 2, not the expected revision 7:"
            + " another save came first (read it again with find(\"archive\"), apply the change to"
            + " revision 2 and save with expected revision 2)",
        () -> workflows().save("archive", "Mine", DEF, 7, at(2)));
    assertThat(workflows().find("archive")).contains(latest);
  }

  @Test
  void creating_a_workflow_twice_is_a_conflict() {
    StoredWorkflow first = workflows().save("archive", "Archive", DEF, 0, T0);

    assertFailsExactly(
        StorageException.WORKFLOW_CONFLICT,
        "WORKFLOW_CONFLICT: workflow 'archive' already exists at revision 1, so it cannot be"
            + " created (expected revision 0) (read it with find(\"archive\") and save with"
            + " expected revision 1 to update it, or choose another id)",
        () -> workflows().save("archive", "Again", DEF2, 0, at(1)));
    assertThat(workflows().find("archive")).contains(first);
  }

  @Test
  void updating_a_workflow_that_does_not_exist_is_a_conflict() {
    assertFailsExactly(
        StorageException.WORKFLOW_CONFLICT,
        "WORKFLOW_CONFLICT: workflow 'ghost' does not exist, so expected revision 3 cannot be"
            + " updated: it was removed, or never created (save it with expected revision 0 to"
            + " create it)",
        () -> workflows().save("ghost", "Ghost", DEF, 3, T0));
    assertThat(workflows().find("ghost")).isEmpty();
  }

  @Test
  void names_and_definitions_are_kept_exactly() {
    String unicode = "Archivé 🎬 «films» \u2028 \"quoted\" \\ back\nslash";
    StringBuilder big = new StringBuilder("{\"nodes\":[");
    for (int i = 0; i < 20_000; i++) {
      big.append(i == 0 ? "" : ",").append("{\"id\":\"n").append(i).append("\",\"t\":\"é🎬\"}");
    }
    String definition = big.append("]}").toString();
    assertThat(definition.length()).isGreaterThan(400_000);

    workflows().save("big", unicode, definition, 0, T1);

    StoredWorkflow found = workflows().find("big").orElseThrow();
    assertThat(found.name()).isEqualTo(unicode);
    assertThat(found.definition()).isEqualTo(definition);
    assertThat(workflows().list(0, 10)).containsExactly(found);
  }

  // ---- concurrency ----

  @RepeatedTest(2)
  void of_sixteen_racing_editors_exactly_one_wins_each_revision() throws Exception {
    int threads = 16;
    int rounds = 20;
    // round 0 creates (expected revision 0), round r updates revision r
    AtomicIntegerArray winners = new AtomicIntegerArray(rounds + 1);
    AtomicInteger conflicts = new AtomicInteger();
    List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
    CyclicBarrier barrier = new CyclicBarrier(threads);
    List<Thread> editors = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int editor = t;
      Thread thread =
          new Thread(
              () -> {
                try {
                  for (int round = 0; round <= rounds; round++) {
                    barrier.await(60, TimeUnit.SECONDS);
                    try {
                      StoredWorkflow saved =
                          workflows().save("raced", "editor " + editor, DEF, round, at(round));
                      assertThat(saved.revision()).isEqualTo(round + 1);
                      winners.incrementAndGet(round);
                    } catch (StorageException e) {
                      if (e.code() != StorageException.WORKFLOW_CONFLICT) {
                        throw e;
                      }
                      conflicts.incrementAndGet();
                    }
                  }
                } catch (Throwable e) {
                  errors.add(e);
                  barrier.reset();
                }
              });
      thread.start();
      editors.add(thread);
    }
    for (Thread editor : editors) {
      editor.join(TimeUnit.SECONDS.toMillis(120));
    }

    assertThat(errors).isEmpty();
    for (int round = 0; round <= rounds; round++) {
      assertThat(winners.get(round)).as("winners of round %d", round).isEqualTo(1);
    }
    assertThat(conflicts).hasValue((rounds + 1) * (threads - 1));
    StoredWorkflow last = workflows().find("raced").orElseThrow();
    assertThat(last.revision()).isEqualTo(rounds + 1);
    assertThat(last.createdAt()).isEqualTo(at(0));
    assertThat(last.updatedAt()).isEqualTo(at(rounds));
  }

  @RepeatedTest(2)
  void sixteen_threads_recording_one_waiter_record_it_once() throws Exception {
    Job job = submit();
    int threads = 16;
    List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
    CyclicBarrier barrier = new CyclicBarrier(threads);
    AtomicInteger removed = new AtomicInteger();
    List<Thread> racers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread thread =
          new Thread(
              () -> {
                try {
                  barrier.await(60, TimeUnit.SECONDS);
                  workflows().addWaiter("/in/raced.mkv", "approved", job.id());
                  barrier.await(60, TimeUnit.SECONDS);
                  if (workflows().removeWaiter("/in/raced.mkv", "approved", job.id())) {
                    removed.incrementAndGet();
                  }
                } catch (Throwable e) {
                  errors.add(e);
                  barrier.reset();
                }
              });
      thread.start();
      racers.add(thread);
    }
    for (Thread racer : racers) {
      racer.join(TimeUnit.SECONDS.toMillis(120));
    }

    assertThat(errors).isEmpty();
    assertThat(removed).as("recorded once, so removed once").hasValue(1);
    assertThat(workflows().waiters("/in/raced.mkv", "approved")).isEmpty();
  }

  // ---- list, remove ----

  @Test
  void list_is_ordered_by_id_and_paged_from_0() {
    for (String id : List.of("b", "a", "c-2", "c", "A", "c.1", "0", "c:3", "c_4")) {
      workflows().save(id, "workflow " + id, DEF, 0, T0);
    }
    workflows().save("b", "b, second revision", DEF2, 1, at(1));

    assertThat(ids(workflows().list(0, 100)))
        .containsExactly("0", "A", "a", "b", "c", "c-2", "c.1", "c:3", "c_4");
    assertThat(ids(workflows().list(0, 4))).containsExactly("0", "A", "a", "b");
    assertThat(ids(workflows().list(1, 4))).containsExactly("c", "c-2", "c.1", "c:3");
    assertThat(ids(workflows().list(2, 4))).containsExactly("c_4");
    assertThat(workflows().list(3, 4)).isEmpty();
    assertThat(workflows().list(Integer.MAX_VALUE, WorkflowStore.MAX_PAGE_SIZE)).isEmpty();
    assertThat(workflows().list(0, 4).get(3))
        .as("the latest revision")
        .isEqualTo(new StoredWorkflow("b", 2, "b, second revision", DEF2, T0, at(1)));
  }

  @Test
  void an_empty_store_lists_nothing() {
    assertThat(workflows().list(0, 1)).isEmpty();
  }

  @Test
  void a_removed_workflow_is_gone_and_can_be_created_again_from_revision_1() {
    workflows().save("archive", "Archive", DEF, 0, T0);
    workflows().save("archive", "Archive", DEF2, 1, at(1));
    workflows().save("kept", "Kept", DEF, 0, T0);

    assertThat(workflows().remove("archive")).isTrue();
    assertThat(workflows().remove("archive")).isFalse();
    assertThat(workflows().remove("never")).isFalse();

    assertThat(workflows().find("archive")).isEmpty();
    assertThat(ids(workflows().list(0, 10))).containsExactly("kept");
    assertThat(workflows().save("archive", "New", DEF, 0, at(5)))
        .isEqualTo(new StoredWorkflow("archive", 1, "New", DEF, at(5), at(5)));
  }

  // ---- the correlation index ----

  @Test
  void a_waiter_is_found_by_its_key_and_signal_name() {
    Job first = submit();
    Job second = submit();
    String key = "/media/incoming/Movie (2024).mkv";
    workflows().addWaiter(key, "approved", second.id());
    workflows().addWaiter(key, "approved", first.id());
    workflows().addWaiter(key, "rejected", first.id());
    workflows().addWaiter("other", "approved", second.id());

    assertThat(workflows().waiters(key, "approved")).containsExactly(first.id(), second.id());
    assertThat(workflows().waiters(key, "rejected")).containsExactly(first.id());
    assertThat(workflows().waiters("other", "approved")).containsExactly(second.id());
    assertThat(workflows().waiters(key, "cancelled")).isEmpty();
    assertThat(workflows().waiters("nobody", "approved")).isEmpty();
  }

  @Test
  void keys_and_names_are_compared_exactly() {
    Job job = submit();
    String longKey = "é🎬".repeat(WorkflowStore.MAX_KEY_LENGTH / 3) + "x";
    assertThat(longKey).hasSize(WorkflowStore.MAX_KEY_LENGTH);
    workflows().addWaiter("Key", "Go", job.id());
    workflows().addWaiter(longKey, "go", job.id());

    assertThat(workflows().waiters("Key", "Go")).containsExactly(job.id());
    assertThat(workflows().waiters("key", "Go")).isEmpty();
    assertThat(workflows().waiters("Key ", "Go")).isEmpty();
    assertThat(workflows().waiters("Key", "go")).isEmpty();
    assertThat(workflows().waiters(longKey, "go")).containsExactly(job.id());
    assertThat(workflows().waiters(longKey.substring(0, longKey.length() - 1) + "y", "go"))
        .isEmpty();
  }

  @Test
  void a_waiter_recorded_twice_is_kept_once_and_removed_once() {
    Job job = submit();
    workflows().addWaiter("k", "approved", job.id());
    workflows().addWaiter("k", "approved", job.id());

    assertThat(workflows().waiters("k", "approved")).containsExactly(job.id());
    assertThat(workflows().removeWaiter("k", "approved", job.id())).isTrue();
    assertThat(workflows().removeWaiter("k", "approved", job.id())).isFalse();
    assertThat(workflows().removeWaiter("k", "never", job.id())).isFalse();
    assertThat(workflows().waiters("k", "approved")).isEmpty();
  }

  @Test
  void a_waiter_whose_job_is_over_is_not_found_until_the_job_runs_again() {
    Job waiting = submit();
    Job cancelled = submit();
    Job completed = storage.jobs().submit(JobRequest.of("done", "{}"), T0);
    Job dead = storage.jobs().submit(JobRequest.of("doomed", "{}"), T0);
    for (Job job : List.of(waiting, cancelled, completed, dead)) {
      workflows().addWaiter("k", "approved", job.id());
    }
    storage.jobs().cancel(cancelled.id(), at(1));
    Job running = claimType("done");
    storage.jobs().complete(running.id(), token(running), Optional.empty(), at(2));
    running = claimType("doomed");
    storage.jobs().fail(running.id(), token(running), BOOM, at(3));
    storage.jobs().bury(running.id(), at(4));

    assertThat(workflows().waiters("k", "approved")).containsExactly(waiting.id());

    storage.jobs().requeue(dead.id(), at(5));
    assertThat(workflows().waiters("k", "approved"))
        .as("re-queued from dead")
        .containsExactly(waiting.id(), dead.id());
  }

  private Job claimType(String type) {
    List<Job> got = storage.jobs().claim(new ClaimRequest("w", 1, LEASE, at(2), Set.of(type)));
    assertThat(got).as("claimed a %s job", type).hasSize(1);
    return got.get(0);
  }

  @Test
  void deleting_or_purging_a_job_removes_its_waiters() {
    Job deleted = submit();
    Job purged = submit();
    Job kept = submit();
    for (Job job : List.of(deleted, purged, kept)) {
      workflows().addWaiter("k", "approved", job.id());
      workflows().addWaiter("k2", "approved", job.id());
    }
    storage.jobs().cancel(deleted.id(), at(1));
    storage.jobs().cancel(purged.id(), at(1));

    assertThat(storage.jobs().delete(deleted.id())).isTrue();
    assertThat(storage.jobs().purgeFinishedBefore(at(2), 10)).isEqualTo(1);

    for (Job gone : List.of(deleted, purged)) {
      assertThat(workflows().removeWaiter("k", "approved", gone.id())).isFalse();
      assertThat(workflows().removeWaiter("k2", "approved", gone.id())).isFalse();
    }
    assertThat(workflows().waiters("k", "approved")).containsExactly(kept.id());
    assertThat(workflows().removeWaiter("k2", "approved", kept.id())).isTrue();
  }

  @Test
  void a_waiter_for_a_job_the_store_does_not_hold_is_refused() {
    assertFailsExactly(
        StorageException.JOB_NOT_FOUND,
        "JOB_NOT_FOUND: job 01NOSUCHJOB does not exist (check the id)",
        () -> workflows().addWaiter("k", "approved", "01NOSUCHJOB"));
    assertThat(workflows().removeWaiter("k", "approved", "01NOSUCHJOB")).isFalse();
  }

  @Test
  void removing_a_workflow_leaves_the_waiters_of_its_runs() {
    workflows().save("archive", "Archive", DEF, 0, T0);
    Job run = submit();
    workflows().addWaiter("k", "approved", run.id());

    workflows().remove("archive");

    assertThat(workflows().waiters("k", "approved")).containsExactly(run.id());
  }

  // ---- bad arguments ----

  @Test
  void a_bad_workflow_id_is_refused_with_the_rule() {
    String rule =
        " is not valid: an id is 1 to 128 characters of A-Z a-z 0-9 . _ : -, starting with a"
            + " letter or digit";
    String suggestion = " (choose an id such as 'archive-movies')";
    for (String id : List.of("", "has space", "-lead", ".lead", "é", "a/b", "a\nb")) {
      assertFailsExactly(
          ErrorCode.INVALID_VALUE,
          "INVALID_VALUE: workflow id '" + id + "'" + rule + suggestion,
          () -> workflows().save(id, "x", DEF, 0, T0));
    }
    String tooLong = "a".repeat(129);
    assertFailsExactly(
        ErrorCode.INVALID_VALUE,
        "INVALID_VALUE: workflow id '"
            + "a".repeat(40)
            + "…'"
            + rule
            + " (it has 129)"
            + suggestion,
        () -> workflows().save(tooLong, "x", DEF, 0, T0));
    assertFailsExactly(
        ErrorCode.INVALID_VALUE,
        "INVALID_VALUE: workflow id 'a b'" + rule + suggestion,
        () -> workflows().find("a b"));
    assertFailsExactly(
        ErrorCode.INVALID_VALUE,
        "INVALID_VALUE: workflow id ''" + rule + suggestion,
        () -> workflows().remove(""));
    String longest = "a".repeat(WorkflowStore.MAX_ID_LENGTH);
    assertThat(workflows().save(longest, "x", DEF, 0, T0).id()).isEqualTo(longest);
    assertThat(workflows().find(longest)).isPresent();
  }

  @Test
  void a_bad_definition_or_revision_is_refused() {
    assertFailsExactly(
        ErrorCode.INVALID_VALUE,
        "INVALID_VALUE: the definition of workflow 'archive' is empty (save the workflow's JSON"
            + " definition)",
        () -> workflows().save("archive", "x", " \n", 0, T0));
    assertFailsExactly(
        ErrorCode.INVALID_VALUE,
        "INVALID_VALUE: the definition of workflow 'archive' holds a U+0000 character at index 2"
            + " (remove the character (JSON text writes it as \\u0000))",
        () -> workflows().save("archive", "x", "{\"\0\":1}", 0, T0));
    assertFailsExactly(
        ErrorCode.INVALID_VALUE,
        "INVALID_VALUE: the name of workflow 'archive' holds a U+0000 character at index 1",
        () -> workflows().save("archive", "a\0", DEF, 0, T0));
    assertFailsExactly(
        ErrorCode.OUT_OF_RANGE,
        "OUT_OF_RANGE: the expected revision of workflow 'archive' must be 0 (a new workflow) or"
            + " more but was -1 (pass 0 to create the workflow, or the revision you read to update"
            + " it)",
        () -> workflows().save("archive", "x", DEF, -1, T0));
    assertThat(workflows().find("archive")).isEmpty();
  }

  @Test
  void a_bad_page_is_refused() {
    assertFailsExactly(
        ErrorCode.OUT_OF_RANGE,
        "OUT_OF_RANGE: page must be 0 or more but was -1 (pages are numbered from 0)",
        () -> workflows().list(-1, 10));
    for (int size : new int[] {0, -5, WorkflowStore.MAX_PAGE_SIZE + 1}) {
      assertFailsExactly(
          ErrorCode.OUT_OF_RANGE,
          "OUT_OF_RANGE: size must be between 1 and 1000 but was "
              + size
              + " (ask for at most 1000 workflows per page)",
          () -> workflows().list(0, size));
    }
  }

  @Test
  void a_bad_key_or_signal_name_is_refused() {
    Job job = submit();
    assertFailsExactly(
        ErrorCode.INVALID_VALUE,
        "INVALID_VALUE: a correlation key is 1 to 4096 characters but this one has 0 (give the"
            + " delay node a key that is not empty, or no key)",
        () -> workflows().addWaiter("", "approved", job.id()));
    String tooLong = "k".repeat(WorkflowStore.MAX_KEY_LENGTH + 1);
    assertFailsExactly(
        ErrorCode.INVALID_VALUE,
        "INVALID_VALUE: a correlation key is 1 to 4096 characters but this one has 4097 (use a"
            + " shorter key, such as a hash of the text)",
        () -> workflows().waiters(tooLong, "approved"));
    assertFailsExactly(
        ErrorCode.INVALID_VALUE,
        "INVALID_VALUE: correlation key 'a\0b' holds a U+0000 character at index 1",
        () -> workflows().addWaiter("a\0b", "approved", job.id()));
    for (String name : List.of("", "  ", "n".repeat(256))) {
      assertFailsExactly(
          ErrorCode.INVALID_VALUE,
          "INVALID_VALUE: a signal name is 1 to 255 characters, not blank, but '"
              + (name.length() > 40 ? "n".repeat(40) + "…" : name)
              + "' has "
              + name.length()
              + " (name the signal the run waits for, such as 'approved')",
          () -> workflows().removeWaiter("k", name, job.id()));
    }
    assertThat(workflows().waiters("k", "approved")).isEmpty();
  }

  @Test
  void null_arguments_are_refused_by_name() {
    assertNull("id", () -> workflows().save(null, "x", DEF, 0, T0));
    assertNull("definition", () -> workflows().save("a", "x", null, 0, T0));
    assertNull("now", () -> workflows().save("a", "x", DEF, 0, null));
    assertNull("id", () -> workflows().find(null));
    assertNull("id", () -> workflows().remove(null));
    assertNull("key", () -> workflows().addWaiter(null, "n", "j"));
    assertNull("name", () -> workflows().addWaiter("k", null, "j"));
    assertNull("jobId", () -> workflows().addWaiter("k", "n", null));
    assertNull("jobId", () -> workflows().removeWaiter("k", "n", null));
    assertNull("key", () -> workflows().waiters(null, "n"));
  }

  // ---- helpers ----

  private static List<String> ids(List<StoredWorkflow> page) {
    return page.stream().map(StoredWorkflow::id).toList();
  }

  /** Fails with {@code code}, and the whole message (code and suggestion included) starts so. */
  private static void assertFailsExactly(ErrorCode code, String message, ThrowingCallable call) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            MediaFlowException.class,
            e -> {
              assertThat(e.code()).isEqualTo(code);
              assertThat(e.getMessage()).startsWith(message);
            });
  }

  private static void assertNull(String argument, ThrowingCallable call) {
    assertThatThrownBy(call).isInstanceOf(NullPointerException.class).hasMessage(argument);
  }
}
