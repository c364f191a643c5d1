package io.mediaflow.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.store.RuleCount;
import io.mediaflow.api.store.RuleStore;
import io.mediaflow.api.store.ScheduleStore;
import io.mediaflow.api.store.ScheduleStore.Advance;
import io.mediaflow.api.store.StorageException;
import io.mediaflow.api.store.StoredRule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The rule store and the schedule store's batch methods on a JDBC database, beyond the testkit's
 * contracts: the wording of a conflict, counts from many threads, a last error cut to its limit,
 * ids listed in code-point order, many fire times read and advanced at once. One subclass per
 * database.
 */
@Timeout(120)
abstract class RuleScheduleStoreTests {

  static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

  JdbcStorage storage;
  RuleStore rules;
  ScheduleStore schedules;

  /** A store on empty tables. */
  abstract JdbcStorage newStorage();

  @BeforeEach
  void open() {
    storage = newStorage();
    rules = storage.rules();
    schedules = storage.schedules();
  }

  @AfterEach
  void close() {
    if (storage != null) {
      storage.close();
    }
  }

  // ---- rules ----

  @Test
  void saves_are_compare_and_set_on_the_revision_and_say_what_they_found() {
    StoredRule first = rules.save("nightly", "{\"v\":1}", true, 0, T0);
    assertThat(first.revision()).isEqualTo(1);
    assertThat(first.createdAt()).isEqualTo(T0);
    rules.count(List.of(RuleCount.started("nightly", T0)));

    StoredRule second = rules.save("nightly", "{\"v\":2}", false, 1, T0.plusSeconds(1));
    assertThat(second.revision()).isEqualTo(2);
    assertThat(second.enabled()).isFalse();
    assertThat(second.createdAt()).isEqualTo(T0);
    assertThat(second.updatedAt()).isEqualTo(T0.plusSeconds(1));
    assertThat(second.counters().executions()).isEqualTo(1);

    assertThatThrownBy(() -> rules.save("nightly", "{}", true, 1, T0))
        .isInstanceOfSatisfying(
            StorageException.class,
            e -> {
              assertThat(e.code()).isEqualTo(StorageException.RULE_CONFLICT);
              assertThat(e.getMessage())
                  .contains("rule 'nightly' is at revision 2, not the expected revision 1");
              assertThat(e.suggestion()).contains("save with expected revision 2");
            });
    assertThatThrownBy(() -> rules.save("nightly", "{}", true, 0, T0))
        .isInstanceOfSatisfying(
            StorageException.class,
            e -> {
              assertThat(e.code()).isEqualTo(StorageException.RULE_CONFLICT);
              assertThat(e.getMessage()).contains("already exists at revision 2");
            });
    assertThatThrownBy(() -> rules.save("missing", "{}", true, 3, T0))
        .isInstanceOfSatisfying(
            StorageException.class,
            e ->
                assertThat(e.getMessage())
                    .contains(
                        "'missing' does not exist, so expected revision 3 cannot be updated"));
    assertThat(rules.find("nightly").orElseThrow().definition()).isEqualTo("{\"v\":2}");
  }

  @Test
  void a_switch_is_a_revision_and_every_change_moves_the_change_count() {
    long before = rules.changeCount();
    rules.save("r", "{}", true, 0, T0);
    long saved = rules.changeCount();
    assertThat(saved).isGreaterThan(before);

    assertThat(rules.setEnabled("r", false, T0).orElseThrow().revision()).isEqualTo(2);
    assertThat(rules.setEnabled("r", false, T0).orElseThrow().revision()).isEqualTo(2);
    long switched = rules.changeCount();
    assertThat(switched).isGreaterThan(saved);
    assertThat(rules.setEnabled("none", true, T0)).isEmpty();

    assertThat(rules.remove("r")).isTrue();
    assertThat(rules.changeCount()).isGreaterThan(switched);
    assertThat(rules.remove("r")).isFalse();
    assertThat(rules.find("r")).isEmpty();
  }

  @Test
  void counts_add_up_from_many_threads_last_run_only_forward_and_errors_cut() throws Exception {
    rules.save("a", "{}", true, 0, T0);
    rules.save("b", "{}", true, 0, T0);
    int threads = 8;
    int rounds = 50;
    CyclicBarrier start = new CyclicBarrier(threads);
    ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
    List<Thread> all = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int n = t;
      all.add(
          new Thread(
              () -> {
                try {
                  start.await();
                  for (int i = 0; i < rounds; i++) {
                    // both rules in each batch, in both orders: the store locks them by id
                    List<RuleCount> batch =
                        List.of(
                            RuleCount.started(n % 2 == 0 ? "a" : "b", T0.plusSeconds(i)),
                            RuleCount.succeeded(n % 2 == 0 ? "b" : "a"),
                            RuleCount.skipped("gone"));
                    rules.count(batch);
                  }
                } catch (Throwable e) {
                  errors.add(e);
                }
              }));
    }
    all.forEach(Thread::start);
    for (Thread t : all) {
      t.join();
    }
    assertThat(errors).isEmpty();
    StoredRule a = rules.find("a").orElseThrow();
    StoredRule b = rules.find("b").orElseThrow();
    assertThat(a.counters().executions() + b.counters().executions()).isEqualTo(threads * rounds);
    assertThat(a.counters().successes() + b.counters().successes()).isEqualTo(threads * rounds);
    assertThat(a.counters().lastRun()).contains(T0.plusSeconds(rounds - 1));

    // an older run leaves lastRun as it is; an error longer than the limit is cut
    String longError = "x".repeat(RuleStore.MAX_ERROR_LENGTH + 500);
    rules.count(
        List.of(
            RuleCount.started("a", T0),
            RuleCount.failed("a", "first"),
            RuleCount.failed("a", longError)));
    StoredRule after = rules.find("a").orElseThrow();
    assertThat(after.counters().lastRun()).contains(T0.plusSeconds(rounds - 1));
    assertThat(after.counters().failures()).isEqualTo(2);
    assertThat(after.counters().lastError().orElseThrow()).hasSize(RuleStore.MAX_ERROR_LENGTH);
    rules.count(List.of(RuleCount.succeeded("a")));
    assertThat(rules.find("a").orElseThrow().counters().lastError()).isPresent();
  }

  @Test
  void list_is_in_code_point_order_and_paged() {
    for (String id : List.of("b", "B", "a-1", "A", "0")) {
      rules.save(id, "{}", true, 0, T0);
    }
    assertThat(rules.list(0, 10))
        .extracting(StoredRule::id)
        .containsExactly("0", "A", "B", "a-1", "b");
    assertThat(rules.list(1, 2)).extracting(StoredRule::id).containsExactly("B", "a-1");
    assertThat(rules.list(3, 2)).isEmpty();
  }

  @Test
  void bad_arguments_are_refused_with_a_code_and_a_suggestion() {
    assertThatThrownBy(() -> rules.save("-bad id", "{}", true, 0, T0))
        .isInstanceOfSatisfying(
            StorageException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.INVALID_VALUE);
              assertThat(e.getMessage()).contains("rule id '-bad id' is not valid");
              assertThat(e.suggestion()).contains("choose an id");
            });
    assertThatThrownBy(() -> rules.save("r", "{\"a\":\"\0\"}", true, 0, T0))
        .isInstanceOfSatisfying(
            StorageException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.INVALID_VALUE);
              assertThat(e.getMessage())
                  .contains("the definition of rule 'r' holds a NUL character at index 6");
              assertThat(e.suggestion()).contains("\\u0000");
            });
    assertThatThrownBy(() -> rules.save("r", "{}", true, -1, T0))
        .isInstanceOfSatisfying(
            StorageException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.OUT_OF_RANGE));
    assertThatThrownBy(() -> rules.list(0, RuleStore.MAX_PAGE_SIZE + 1))
        .isInstanceOfSatisfying(
            StorageException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.OUT_OF_RANGE);
              assertThat(e.getMessage()).contains("size must be between 1 and 1000");
            });
    assertThatThrownBy(() -> rules.find("a".repeat(RuleStore.MAX_ID_LENGTH + 1)))
        .isInstanceOfSatisfying(
            StorageException.class, e -> assertThat(e.getMessage()).contains("(it has 129)"));
  }

  // ---- schedules ----

  @Test
  void many_fire_times_are_read_in_chunks_and_advanced_in_one_go() {
    List<String> ids = new ArrayList<>();
    List<Advance> first = new ArrayList<>();
    for (int i = 0; i < 1200; i++) {
      ids.add("s" + i);
      if (i % 2 == 0) {
        first.add(new Advance("s" + i, Optional.empty(), T0.plusSeconds(i)));
      }
    }
    assertThat(schedules.advanceAll(first)).hasSize(600);
    Map<String, Instant> read = schedules.nextFireTimes(ids);
    assertThat(read).hasSize(600);
    assertThat(read.get("s998")).isEqualTo(T0.plusSeconds(998));
    assertThat(read.keySet()).first().isEqualTo("s0");

    // a stale expectation, a first slot already recorded, a right one and a new one
    List<Advance> mixed =
        List.of(
            new Advance("s0", Optional.of(T0.plusSeconds(5)), T0.plusSeconds(60)),
            new Advance("s2", Optional.empty(), T0.plusSeconds(60)),
            new Advance("s4", Optional.of(T0.plusSeconds(4)), T0.plusSeconds(64)),
            new Advance("s1", Optional.empty(), T0.plusSeconds(61)));
    assertThat(schedules.advanceAll(mixed)).containsExactly("s4", "s1");
    assertThat(schedules.nextFireTime("s0")).contains(T0);
    assertThat(schedules.nextFireTime("s4")).contains(T0.plusSeconds(64));

    // one schedule twice in a call: decided in order, as one by one
    List<Advance> twice =
        List.of(
            new Advance("s4", Optional.of(T0.plusSeconds(64)), T0.plusSeconds(65)),
            new Advance("s4", Optional.of(T0.plusSeconds(65)), T0.plusSeconds(66)));
    assertThat(schedules.advanceAll(twice)).containsExactly("s4");
    assertThat(schedules.nextFireTime("s4")).contains(T0.plusSeconds(66));

    assertThat(schedules.remove("s4")).isTrue();
    assertThat(schedules.remove("s4")).isFalse();
    assertThat(schedules.nextFireTime("s4")).isEmpty();
    assertThat(schedules.nextFireTimes(List.of())).isEmpty();
    assertThat(schedules.advanceAll(List.of())).isEmpty();
  }

  @Test
  void racing_batches_advance_each_slot_once() throws Exception {
    List<Advance> firsts = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      firsts.add(new Advance("r" + i, Optional.empty(), T0));
    }
    schedules.advanceAll(firsts);
    List<Advance> next = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      next.add(new Advance("r" + i, Optional.of(T0), T0.plusSeconds(60)));
    }
    int threads = 4;
    CyclicBarrier start = new CyclicBarrier(threads);
    ConcurrentLinkedQueue<String> won = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
    List<Thread> all = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      all.add(
          new Thread(
              () -> {
                try {
                  start.await();
                  won.addAll(schedules.advanceAll(next));
                } catch (Throwable e) {
                  errors.add(e);
                }
              }));
    }
    all.forEach(Thread::start);
    for (Thread t : all) {
      t.join();
    }
    assertThat(errors).isEmpty();
    assertThat(won).hasSize(200).doesNotHaveDuplicates();
  }
}
