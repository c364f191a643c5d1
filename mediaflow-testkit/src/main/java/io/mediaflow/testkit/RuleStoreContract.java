package io.mediaflow.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.rule.RuleCounters;
import io.mediaflow.api.store.RuleCount;
import io.mediaflow.api.store.RuleStore;
import io.mediaflow.api.store.StorageException;
import io.mediaflow.api.store.StoredRule;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * The {@link RuleStore} contract: rules saved by compare-and-set on their revision (of several
 * racing editors exactly one wins), switched on and off, found, listed in id order and paged,
 * removed; counters kept across revisions and added from many threads at once, none lost; the
 * change count every save, switch and removal moves; and the errors for bad arguments.
 *
 * <p>Subclass it (or {@link StorageContract}, which runs every suite) and return a fresh, empty
 * store from {@link #newStorage()}.
 */
public abstract class RuleStoreContract extends StorageContractSupport {

  private static final String DEF = "{\"id\":\"nightly\",\"trigger\":{\"cron\":\"0 3 * * *\"}}";
  private static final String DEF2 = "{\"id\":\"nightly\",\"trigger\":{\"cron\":\"0 4 * * *\"}}";

  /** Not whole seconds: a store must keep microseconds. */
  private static final Instant T1 = T0.plusNanos(123_456_000);

  private RuleStore rules() {
    return storage.rules();
  }

  // ---- save, find ----

  @Test
  void a_new_rule_is_saved_as_revision_1_with_no_counts() {
    StoredRule saved = rules().save("nightly", DEF, true, 0, T1);

    assertThat(saved).isEqualTo(new StoredRule("nightly", 1, true, DEF, RuleCounters.NONE, T1, T1));
    assertThat(rules().find("nightly")).contains(saved);
    assertThat(rules().find("other")).isEmpty();
  }

  @Test
  void an_update_makes_the_next_revision_and_keeps_the_creation_time_and_the_counters() {
    rules().save("nightly", DEF, true, 0, T1);
    rules().count(List.of(RuleCount.started("nightly", at(10)), RuleCount.succeeded("nightly")));

    StoredRule second = rules().save("nightly", DEF2, false, 1, at(60));

    RuleCounters counts = new RuleCounters(1, 1, 0, 0, Optional.of(at(10)), Optional.empty());
    assertThat(second).isEqualTo(new StoredRule("nightly", 2, false, DEF2, counts, T1, at(60)));
    assertThat(rules().find("nightly")).contains(second);
  }

  @Test
  void an_update_over_an_older_revision_is_a_conflict_naming_both_revisions() {
    rules().save("nightly", DEF, true, 0, T0);
    StoredRule latest = rules().save("nightly", DEF2, true, 1, at(1));

    assertRefused(
        StorageException.RULE_CONFLICT,
        () -> rules().save("nightly", DEF, true, 1, at(2)),
        "'nightly'",
        "revision 2",
        "revision 1");
    assertRefused(
        StorageException.RULE_CONFLICT,
        () -> rules().save("nightly", DEF, true, 7, at(2)),
        "'nightly'",
        "revision 2",
        "revision 7");
    assertThat(rules().find("nightly")).contains(latest);
  }

  @Test
  void creating_a_rule_twice_is_a_conflict() {
    StoredRule first = rules().save("nightly", DEF, true, 0, T0);

    assertRefused(
        StorageException.RULE_CONFLICT,
        () -> rules().save("nightly", DEF2, false, 0, at(1)),
        "'nightly'",
        "revision 1",
        "revision 0");
    assertThat(rules().find("nightly")).contains(first);
  }

  @Test
  void updating_a_rule_that_does_not_exist_is_a_conflict() {
    assertRefused(
        StorageException.RULE_CONFLICT,
        () -> rules().save("ghost", DEF, true, 3, T0),
        "'ghost'",
        "revision 3");
    assertThat(rules().find("ghost")).isEmpty();
  }

  @Test
  void definitions_are_kept_exactly() {
    StringBuilder big =
        new StringBuilder("{\"t\":\"Archivé 🎬 «films» \u2028 \\\"q\\\" \\\\\",\"a\":[");
    for (int i = 0; i < 10_000; i++) {
      big.append(i == 0 ? "" : ",").append("{\"id\":\"n").append(i).append("\",\"t\":\"é🎬\"}");
    }
    String definition = big.append("]}").toString();
    assertThat(definition.length()).isGreaterThan(200_000);

    rules().save("big", definition, true, 0, T1);

    assertThat(rules().find("big").orElseThrow().definition()).isEqualTo(definition);
  }

  @RepeatedTest(3)
  void of_sixteen_racing_editors_exactly_one_wins_a_revision() throws Exception {
    rules().save("nightly", DEF, true, 0, T0);
    AtomicInteger won = new AtomicInteger();
    AtomicInteger conflicts = new AtomicInteger();
    race(
        16,
        t -> {
          try {
            rules().save("nightly", "{\"by\":" + t + "}", true, 1, at(1));
            won.incrementAndGet();
          } catch (StorageException e) {
            assertThat(e.code()).isEqualTo(StorageException.RULE_CONFLICT);
            conflicts.incrementAndGet();
          }
        });

    assertThat(won).hasValue(1);
    assertThat(conflicts).hasValue(15);
    assertThat(rules().find("nightly").orElseThrow().revision()).isEqualTo(2);
  }

  // ---- enable, disable ----

  @Test
  void a_switch_makes_a_new_revision_and_a_switch_to_the_same_state_none() {
    rules().save("nightly", DEF, true, 0, T1);

    Optional<StoredRule> off = rules().setEnabled("nightly", false, at(5));
    Optional<StoredRule> stillOff = rules().setEnabled("nightly", false, at(6));
    Optional<StoredRule> on = rules().setEnabled("nightly", true, at(7));

    assertThat(off)
        .contains(new StoredRule("nightly", 2, false, DEF, RuleCounters.NONE, T1, at(5)));
    assertThat(stillOff).isEqualTo(off);
    assertThat(on).contains(new StoredRule("nightly", 3, true, DEF, RuleCounters.NONE, T1, at(7)));
    assertThat(rules().find("nightly")).isEqualTo(on);
    assertThat(rules().setEnabled("ghost", true, at(8))).isEmpty();
    assertThat(rules().find("ghost")).isEmpty();
  }

  // ---- list, remove ----

  @Test
  void list_is_ordered_by_id_and_paged_from_0() {
    for (String id : List.of("b", "a", "c-2", "c", "A", "c.1", "0", "c:3", "c_4")) {
      rules().save(id, DEF, true, 0, T0);
    }
    rules().save("b", DEF2, false, 1, at(1));

    assertThat(ids(rules().list(0, 100)))
        .containsExactly("0", "A", "a", "b", "c", "c-2", "c.1", "c:3", "c_4");
    assertThat(ids(rules().list(0, 4))).containsExactly("0", "A", "a", "b");
    assertThat(ids(rules().list(1, 4))).containsExactly("c", "c-2", "c.1", "c:3");
    assertThat(ids(rules().list(2, 4))).containsExactly("c_4");
    assertThat(rules().list(3, 4)).isEmpty();
    assertThat(rules().list(Integer.MAX_VALUE, RuleStore.MAX_PAGE_SIZE)).isEmpty();
    assertThat(rules().list(0, 1)).extracting(StoredRule::id).containsExactly("0");
    assertThat(rules().list(0, 4).get(3))
        .as("the latest revision")
        .isEqualTo(new StoredRule("b", 2, false, DEF2, RuleCounters.NONE, T0, at(1)));
  }

  @Test
  void an_empty_store_lists_nothing() {
    assertThat(rules().list(0, 1)).isEmpty();
    assertThat(rules().list(0, RuleStore.MAX_PAGE_SIZE)).isEmpty();
  }

  @Test
  void a_removed_rule_is_gone_with_its_counters_and_can_be_created_again_from_revision_1() {
    rules().save("nightly", DEF, true, 0, T0);
    rules().save("nightly", DEF2, true, 1, at(1));
    rules().count(List.of(RuleCount.started("nightly", at(2))));

    assertThat(rules().remove("nightly")).isTrue();
    assertThat(rules().remove("nightly")).isFalse();
    assertThat(rules().find("nightly")).isEmpty();
    assertThat(rules().list(0, 10)).isEmpty();
    rules().count(List.of(RuleCount.started("nightly", at(3))));
    assertThat(rules().find("nightly")).as("a count does not create a rule").isEmpty();

    StoredRule again = rules().save("nightly", DEF, false, 0, at(4));
    assertThat(again)
        .isEqualTo(new StoredRule("nightly", 1, false, DEF, RuleCounters.NONE, at(4), at(4)));
  }

  // ---- counters ----

  @Test
  void counts_are_added_in_one_batch_and_a_count_for_an_unknown_rule_is_ignored() {
    rules().save("a", DEF, true, 0, T0);
    rules().save("b", DEF, true, 0, T0);

    rules()
        .count(
            List.of(
                RuleCount.started("a", at(1)),
                RuleCount.started("a", at(2)),
                RuleCount.succeeded("a"),
                RuleCount.failed("a", "boom"),
                RuleCount.skipped("a"),
                RuleCount.started("ghost", at(3)),
                new RuleCount("b", 5, 4, 3, 2, Optional.of(T1), Optional.of("late")),
                RuleCount.skipped("b")));
    rules().count(List.of());

    assertThat(rules().find("a").orElseThrow().counters())
        .isEqualTo(new RuleCounters(2, 1, 1, 1, Optional.of(at(2)), Optional.of("boom")));
    assertThat(rules().find("b").orElseThrow().counters())
        .isEqualTo(new RuleCounters(5, 4, 3, 3, Optional.of(T1), Optional.of("late")));
    assertThat(rules().find("ghost")).isEmpty();
  }

  @Test
  void the_last_run_only_moves_forward_and_the_last_error_is_replaced_only_by_another() {
    rules().save("nightly", DEF, true, 0, T0);
    rules().count(List.of(RuleCount.started("nightly", at(10)), RuleCount.failed("nightly", "x")));

    rules().count(List.of(RuleCount.started("nightly", at(5)), RuleCount.succeeded("nightly")));
    RuleCounters after = rules().find("nightly").orElseThrow().counters();

    assertThat(after.lastRun()).as("an older run is ignored").contains(at(10));
    assertThat(after.lastError()).as("a success leaves the error").contains("x");
    rules().count(List.of(RuleCount.failed("nightly", "y"), RuleCount.started("nightly", at(11))));
    RuleCounters latest = rules().find("nightly").orElseThrow().counters();
    assertThat(latest.lastRun()).contains(at(11));
    assertThat(latest.lastError()).contains("y");
    assertThat(latest.executions()).isEqualTo(3);
  }

  @Test
  void a_long_last_error_is_cut_and_an_unusual_one_kept_exactly() {
    rules().save("nightly", DEF, true, 0, T0);
    String unusual = "échec 🎬 «x» \"q\" \\ \n\t line";
    rules().count(List.of(RuleCount.failed("nightly", unusual)));
    assertThat(rules().find("nightly").orElseThrow().counters().lastError()).contains(unusual);

    String tooLong = "e".repeat(RuleStore.MAX_ERROR_LENGTH + 500);
    rules().count(List.of(RuleCount.failed("nightly", tooLong)));

    String kept = rules().find("nightly").orElseThrow().counters().lastError().orElseThrow();
    assertThat(kept).hasSize(RuleStore.MAX_ERROR_LENGTH);
    assertThat(tooLong).startsWith(kept);
  }

  @Test
  void counts_from_sixteen_threads_at_once_are_all_added() throws Exception {
    rules().save("a", DEF, true, 0, T0);
    rules().save("b", DEF, true, 0, T0);
    int rounds = 50;
    race(
        16,
        t -> {
          for (int i = 0; i < rounds; i++) {
            rules()
                .count(
                    List.of(
                        RuleCount.started("a", at(t * 1000L + i)),
                        RuleCount.succeeded("a"),
                        RuleCount.skipped("b")));
          }
          rules().save(t % 2 == 0 ? "c" + t : "d" + t, DEF, true, 0, T0);
        });

    RuleCounters a = rules().find("a").orElseThrow().counters();
    assertThat(a.executions()).isEqualTo(16L * rounds);
    assertThat(a.successes()).isEqualTo(16L * rounds);
    assertThat(a.lastRun()).contains(at(15 * 1000L + rounds - 1));
    assertThat(rules().find("b").orElseThrow().counters().skipped()).isEqualTo(16L * rounds);
    assertThat(rules().list(0, 100)).hasSize(18);
  }

  // ---- change count ----

  @Test
  void the_change_count_grows_with_every_save_switch_and_removal_and_not_with_counts() {
    long before = rules().changeCount();

    rules().save("nightly", DEF, true, 0, T0);
    long saved = rules().changeCount();
    rules().save("nightly", DEF2, true, 1, at(1));
    long updated = rules().changeCount();
    rules().setEnabled("nightly", false, at(2));
    long switched = rules().changeCount();
    rules().count(List.of(RuleCount.started("nightly", at(3))));
    long counted = rules().changeCount();
    rules().remove("nightly");
    long removed = rules().changeCount();

    assertThat(saved).isGreaterThan(before);
    assertThat(updated).isGreaterThan(saved);
    assertThat(switched).isGreaterThan(updated);
    assertThat(counted).as("counts are not changes").isEqualTo(switched);
    assertThat(removed).isGreaterThan(counted);
  }

  @Test
  void the_change_count_grows_with_saves_from_many_threads() throws Exception {
    long before = rules().changeCount();

    race(8, t -> rules().save("rule-" + t, DEF, true, 0, T0));

    assertThat(rules().changeCount())
        .as("one step per save at least")
        .isGreaterThanOrEqualTo(before + 8);
    assertThat(rules().list(0, 10)).hasSize(8);
  }

  // ---- bad arguments ----

  @Test
  void a_bad_rule_id_is_refused_naming_it() {
    for (String id : List.of("", "has space", "-lead", ".lead", "é", "a/b", "a\nb")) {
      assertRefused(
          ErrorCode.INVALID_VALUE, () -> rules().save(id, DEF, true, 0, T0), "rule id", id);
    }
    String tooLong = "a".repeat(RuleStore.MAX_ID_LENGTH + 1);
    assertRefused(
        ErrorCode.INVALID_VALUE,
        () -> rules().save(tooLong, DEF, true, 0, T0),
        "rule id",
        String.valueOf(RuleStore.MAX_ID_LENGTH));
    assertRefused(ErrorCode.INVALID_VALUE, () -> rules().find("a b"), "rule id", "a b");
    assertRefused(ErrorCode.INVALID_VALUE, () -> rules().remove(""), "rule id");
    assertRefused(
        ErrorCode.INVALID_VALUE, () -> rules().setEnabled("a/b", true, T0), "rule id", "a/b");
    String longest = "a".repeat(RuleStore.MAX_ID_LENGTH);
    assertThat(rules().save(longest, DEF, true, 0, T0).id()).isEqualTo(longest);
    assertThat(rules().find(longest)).isPresent();
    assertThat(rules().list(0, 10)).hasSize(1);
  }

  @Test
  void a_bad_page_or_revision_is_refused_naming_it() {
    assertRefused(ErrorCode.OUT_OF_RANGE, () -> rules().list(-1, 10), "page", "-1");
    for (int size : new int[] {0, -5, RuleStore.MAX_PAGE_SIZE + 1}) {
      assertRefused(
          ErrorCode.OUT_OF_RANGE,
          () -> rules().list(0, size),
          "size",
          String.valueOf(RuleStore.MAX_PAGE_SIZE),
          String.valueOf(size));
    }
    assertRefused(
        ErrorCode.OUT_OF_RANGE,
        () -> rules().save("nightly", DEF, true, -1, T0),
        "'nightly'",
        "revision",
        "-1");
    assertThat(rules().find("nightly")).isEmpty();
  }

  @Test
  void null_arguments_are_refused() {
    List<ThrowingCallable> calls =
        List.of(
            () -> rules().save(null, DEF, true, 0, T0),
            () -> rules().save("a", null, true, 0, T0),
            () -> rules().save("a", DEF, true, 0, null),
            () -> rules().setEnabled(null, true, T0),
            () -> rules().setEnabled("a", true, null),
            () -> rules().find(null),
            () -> rules().remove(null),
            () -> rules().count(null));
    for (ThrowingCallable call : calls) {
      assertThatThrownBy(call).isInstanceOf(NullPointerException.class);
    }
    assertThat(rules().list(0, 10)).isEmpty();
  }

  // ---- helpers ----

  private static List<String> ids(List<StoredRule> page) {
    return page.stream().map(StoredRule::id).toList();
  }
}
