package io.mediaflow.condition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediaflow.InMemoryStorage;
import io.mediaflow.MediaFlow;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.condition.Comparison;
import io.mediaflow.api.condition.Condition;
import io.mediaflow.api.condition.ConditionErrors;
import io.mediaflow.api.condition.Operator;
import io.mediaflow.api.condition.Value;
import io.mediaflow.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every comparison operator and every coercion rule of docs/conditions.md, rule by rule. */
class ConditionOperatorsTest {

  static MediaFlow flow;

  @BeforeAll
  static void build() {
    flow =
        MediaFlow.builder()
            .storage(new InMemoryStorage())
            .clock(ManualClock.at(Instant.parse("2026-12-03T10:00:00Z")))
            .runOnCallingThread()
            .build();
  }

  @AfterAll
  static void close() {
    flow.close();
  }

  /** {@code left op right} over literals. */
  static boolean test(Object left, Operator op, Object right) {
    return flow.conditions()
        .compile(Comparison.of(Value.literal(left), op, Value.literal(right)))
        .test(Map.of());
  }

  static boolean testIgnoringCase(Object left, Operator op, Object right) {
    return flow.conditions()
        .compile(new Comparison(Value.literal(left), op, Value.literal(right), true))
        .test(Map.of());
  }

  // ---------------------------------------------------------------- operators

  @Test
  void eq_and_ne_compare_after_coercion() {
    assertThat(test(3, Operator.EQ, 3)).isTrue();
    assertThat(test(3, Operator.EQ, 3.0)).isTrue();
    assertThat(test("abc", Operator.EQ, "abc")).isTrue();
    assertThat(test("abc", Operator.EQ, "abd")).isFalse();
    assertThat(test("abc", Operator.NE, "abd")).isTrue();
    assertThat(test(3, Operator.NE, 4)).isTrue();
    assertThat(test(List.of(1, 2), Operator.EQ, List.of(1, 2))).isTrue();
  }

  @Test
  void gt_gte_lt_lte_order_numbers() {
    assertThat(test(5, Operator.GT, 4)).isTrue();
    assertThat(test(5, Operator.GT, 5)).isFalse();
    assertThat(test(5, Operator.GTE, 5)).isTrue();
    assertThat(test(4, Operator.LT, 5)).isTrue();
    assertThat(test(5, Operator.LT, 5)).isFalse();
    assertThat(test(5, Operator.LTE, 5)).isTrue();
    assertThat(test(2.5, Operator.LT, 3)).isTrue();
    assertThat(test(Long.MAX_VALUE, Operator.GT, Long.MAX_VALUE - 1)).isTrue();
  }

  @Test
  void contains_looks_in_texts_lists_and_object_keys() {
    assertThat(test("a podcast episode", Operator.CONTAINS, "podcast")).isTrue();
    assertThat(test("a podcast episode", Operator.CONTAINS, "Podcast")).isFalse();
    assertThat(test(List.of("x", "y"), Operator.CONTAINS, "y")).isTrue();
    assertThat(test(List.of(1, 2), Operator.CONTAINS, "2")).isTrue();
    assertThat(test(Map.of("k", 1), Operator.CONTAINS, "k")).isTrue();
    assertThat(test(Map.of("k", 1), Operator.CONTAINS, "v")).isFalse();
  }

  @Test
  void startsWith_and_endsWith_compare_text_ends() {
    assertThat(test("/media/a.mp4", Operator.STARTS_WITH, "/media")).isTrue();
    assertThat(test("/media/a.mp4", Operator.ENDS_WITH, ".mp4")).isTrue();
    assertThat(test("/media/a.mp4", Operator.ENDS_WITH, ".mkv")).isFalse();
    assertThat(test("a", Operator.ENDS_WITH, "abc")).isFalse();
    assertThat(test(List.of("first", "last"), Operator.STARTS_WITH, "first")).isTrue();
    assertThat(test(List.of("first", "last"), Operator.ENDS_WITH, "last")).isTrue();
  }

  @Test
  void in_looks_for_the_left_side_in_a_list_an_object_or_a_text() {
    assertThat(test("mkv", Operator.IN, List.of("mp4", "mkv"))).isTrue();
    assertThat(test("avi", Operator.IN, List.of("mp4", "mkv"))).isFalse();
    assertThat(test(2, Operator.IN, List.of("1", "2"))).isTrue();
    assertThat(test("k", Operator.IN, Map.of("k", true))).isTrue();
    assertThat(test("cast", Operator.IN, "podcast")).isTrue();
    assertThat(Condition.where("trigger", "ext").in("mp4", "mkv"))
        .isEqualTo(
            new Comparison(
                Value.ref("trigger", "ext"),
                Operator.IN,
                Value.literal(List.of("mp4", "mkv")),
                false));
  }

  @Test
  void exists_tells_present_values_from_missing_and_null_ones() {
    Map<String, Object> trigger = new java.util.HashMap<>(Map.of("title", "t"));
    trigger.put("none", null);
    Map<String, Object> data = new java.util.HashMap<>();
    data.put("trigger", trigger);
    assertThat(flow.conditions().compile(Condition.where("trigger", "title").exists()).test(data))
        .isTrue();
    assertThat(flow.conditions().compile(Condition.where("trigger", "nope").exists()).test(data))
        .isFalse();
    assertThat(flow.conditions().compile(Condition.where("trigger", "none").exists()).test(data))
        .isFalse();
    assertThat(flow.conditions().compile(Condition.where("trigger", "nope").missing()).test(data))
        .isTrue();
    assertThat(flow.conditions().compile(Condition.where("nothing", "x.y").missing()).test(data))
        .isTrue();
  }

  @Test
  void and_or_not_combine_and_stop_early() {
    Condition yes = Condition.where(1).eq(1);
    Condition no = Condition.where(1).eq(2);
    // an ordering of a list throws: reaching it would show that evaluation did not stop
    Condition boom = Condition.where(List.of(1)).gt(List.of(0));
    assertThat(flow.conditions().compile(Condition.and(yes, yes)).test(Map.of())).isTrue();
    assertThat(flow.conditions().compile(Condition.and(yes, no, boom)).test(Map.of())).isFalse();
    assertThat(flow.conditions().compile(Condition.or(no, yes, boom)).test(Map.of())).isTrue();
    assertThat(flow.conditions().compile(Condition.or(no, no)).test(Map.of())).isFalse();
    assertThat(flow.conditions().compile(Condition.not(no)).test(Map.of())).isTrue();
    assertThat(flow.conditions().compile(Condition.and()).test(Map.of())).isTrue();
    assertThat(flow.conditions().compile(Condition.or()).test(Map.of())).isFalse();
  }

  // ---------------------------------------------------------------- coercion rules

  @Test
  void rule_numbers_number_texts_read_as_numbers() {
    assertThat(test("5000", Operator.GT, 1000)).isTrue();
    assertThat(test("10", Operator.GT, "9")).isTrue(); // as texts "10" < "9"
    assertThat(test("1.0", Operator.EQ, 1)).isTrue();
    assertThat(test(" 7 ", Operator.EQ, 7)).isTrue();
    assertThat(test("1e3", Operator.EQ, 1000)).isTrue();
    assertThat(test("007", Operator.EQ, "7")).isTrue();
  }

  @Test
  void rule_durations_short_and_iso_forms_and_numbers_as_seconds() {
    assertThat(test("10m", Operator.EQ, "PT10M")).isTrue();
    assertThat(test("1h30m", Operator.EQ, 5400)).isTrue();
    assertThat(test(1801, Operator.GT, "30m")).isTrue();
    assertThat(test(1799.5, Operator.GT, "30m")).isFalse();
    assertThat(test("10m", Operator.GT, "9m")).isTrue();
    assertThat(test("500ms", Operator.LT, "1s")).isTrue();
    assertThat(test(Duration.ofMinutes(2), Operator.EQ, "2m")).isTrue();
    assertThat(test("1.5h", Operator.EQ, "90m")).isTrue();
    assertThat(test("2d", Operator.EQ, "P2D")).isTrue();
    assertThat(test("1w", Operator.EQ, "7d")).isTrue();
  }

  @Test
  void rule_sizes_decimal_and_binary_units_and_numbers_as_bytes() {
    assertThat(test("500MB", Operator.EQ, 500_000_000)).isTrue();
    assertThat(test("1 KiB", Operator.EQ, 1024)).isTrue();
    assertThat(test("1.5 GiB", Operator.EQ, 1_610_612_736L)).isTrue();
    assertThat(test(734_003_200L, Operator.GT, "500MB")).isTrue();
    assertThat(test("1GB", Operator.GT, "900MiB")).isTrue();
    assertThat(test("2mb", Operator.EQ, "2MB")).isTrue();
    assertThat(test("10B", Operator.EQ, 10)).isTrue();
  }

  @Test
  void rule_instants_iso_texts_dates_and_temporal_values() {
    assertThat(test("2026-12-03T10:00:00Z", Operator.GT, "2026-12-03")).isTrue();
    assertThat(test("2026-12-03", Operator.EQ, "2026-12-03T00:00:00Z")).isTrue();
    assertThat(test("2026-12-03T11:00:00+01:00", Operator.EQ, "2026-12-03T10:00:00Z")).isTrue();
    assertThat(test("2026-12-03T10:00", Operator.EQ, "2026-12-03T10:00:00Z")).isTrue();
    assertThat(test(Instant.parse("2026-12-03T10:00:00Z"), Operator.LT, "2026-12-04")).isTrue();
    assertThat(test(LocalDate.of(2026, 12, 3), Operator.EQ, "2026-12-03")).isTrue();
    assertThat(test("2026-9-3", Operator.LT, "2026-12-03")).isFalse(); // not a date: texts
  }

  @Test
  void rule_booleans_true_and_false_texts_in_any_case() {
    assertThat(test(true, Operator.EQ, "TRUE")).isTrue();
    assertThat(test("false", Operator.EQ, false)).isTrue();
    assertThat(test(true, Operator.NE, false)).isTrue();
    assertThat(test(true, Operator.EQ, 1)).isFalse(); // numbers are not booleans
    assertThat(test(true, Operator.EQ, "yes")).isFalse();
  }

  @Test
  void rule_strings_are_case_sensitive_unless_ignoreCase() {
    assertThat(test("Movie", Operator.EQ, "movie")).isFalse();
    assertThat(testIgnoringCase("Movie", Operator.EQ, "movie")).isTrue();
    assertThat(testIgnoringCase("A Podcast", Operator.CONTAINS, "podCAST")).isTrue();
    assertThat(testIgnoringCase("/Media/A.MP4", Operator.ENDS_WITH, ".mp4")).isTrue();
    assertThat(testIgnoringCase("/Media/A.MP4", Operator.STARTS_WITH, "/media")).isTrue();
    assertThat(testIgnoringCase("MKV", Operator.IN, List.of("mp4", "mkv"))).isTrue();
    assertThat(test("b", Operator.GT, "a")).isTrue();
    assertThat(test("B", Operator.LT, "a")).isTrue(); // by UTF-16 code unit
    assertThat(testIgnoringCase("B", Operator.GT, "a")).isTrue();
  }

  @Test
  void rule_missing_values_equal_only_null_and_are_never_ordered() {
    assertThat(test(null, Operator.EQ, null)).isTrue();
    assertThat(test(null, Operator.EQ, 0)).isFalse();
    assertThat(test(null, Operator.NE, 0)).isTrue();
    assertThat(test(null, Operator.GT, 0)).isFalse();
    assertThat(test(null, Operator.LTE, 0)).isFalse();
    assertThat(test(null, Operator.CONTAINS, "x")).isFalse();
    assertThat(test(null, Operator.STARTS_WITH, "x")).isFalse();
    assertThat(test(null, Operator.IN, List.of("x"))).isFalse();
  }

  @Test
  void ordering_values_of_no_common_kind_is_a_type_mismatch_with_both_values_named() {
    assertThatThrownBy(() -> test("abc", Operator.GT, 2))
        .isInstanceOfSatisfying(
            MediaFlowException.class,
            e -> assertThat(e.code()).isEqualTo(ConditionErrors.CONDITION_TYPE_MISMATCH))
        .hasMessage(
            "CONDITION_TYPE_MISMATCH: condition at (root): cannot order \"abc\" (text) gt 2"
                + " (number); gt needs two numbers, durations, sizes, instants or texts (make both"
                + " sides the same kind (docs/conditions.md, \"Coercion\"))");
    assertThatThrownBy(() -> test(true, Operator.LT, false))
        .isInstanceOfSatisfying(
            MediaFlowException.class,
            e -> assertThat(e.code()).isEqualTo(ConditionErrors.CONDITION_TYPE_MISMATCH));
    assertThatThrownBy(() -> test(5, Operator.GT, "2026-12-03"))
        .isInstanceOfSatisfying(
            MediaFlowException.class,
            e -> assertThat(e.code()).isEqualTo(ConditionErrors.CONDITION_TYPE_MISMATCH));
  }

  @Test
  void in_with_a_reference_that_is_not_a_list_is_a_type_mismatch() {
    Condition c = Condition.where("trigger", "ext").inList(Value.ref("trigger", "allowed"));
    Map<String, Object> data = Map.of("trigger", Map.of("ext", "mp4", "allowed", 3));
    assertThatThrownBy(() -> flow.conditions().compile(c).test(data))
        .isInstanceOfSatisfying(
            MediaFlowException.class,
            e -> assertThat(e.code()).isEqualTo(ConditionErrors.CONDITION_TYPE_MISMATCH))
        .hasMessage(
            "CONDITION_TYPE_MISMATCH: condition at (root): \"in\" needs a list, an object or a text"
                + " on the right but got 3 (number) (make the right side a list such as [\"mp4\","
                + " \"mkv\"])");
  }

  // ---------------------------------------------------------------- values

  @Test
  void references_read_sources_paths_and_list_indexes_and_templates_render() {
    Map<String, Object> data =
        Map.of(
            "event",
            Map.of("file", Map.of("size", 2048, "tags", List.of("a", "b"))),
            "vars",
            Map.of("dir", "/in"));
    assertThat(
            flow.conditions().compile(Condition.where("event", "file.size").eq("2 KiB")).test(data))
        .isTrue();
    assertThat(
            flow.conditions().compile(Condition.where("event", "file.tags.1").eq("b")).test(data))
        .isTrue();
    assertThat(flow.conditions().compile(Condition.where("${event.file.size}").gt(2000)).test(data))
        .isTrue();
    assertThat(
            flow.conditions().compile(Condition.where("{{event.file.size}}").gt(2000)).test(data))
        .isTrue();
    assertThat(flow.conditions().compile(Condition.where("${vars.dir}/x").eq("/in/x")).test(data))
        .isTrue();
    assertThat(flow.conditions().compile(Condition.where("${vars.nope}").exists()).test(data))
        .isFalse();
  }

  @Test
  void a_template_that_cannot_render_is_a_condition_template_error() {
    Condition c = Condition.where("${vars.nope}/x").eq("a");
    assertThatThrownBy(() -> flow.conditions().compile(c).test(Map.of("vars", Map.of())))
        .isInstanceOfSatisfying(
            MediaFlowException.class,
            e -> assertThat(e.code()).isEqualTo(ConditionErrors.CONDITION_TEMPLATE_FAILED))
        .hasMessageStartingWith(
            "CONDITION_TEMPLATE_FAILED: condition at (root): the template \"${vars.nope}/x\""
                + " failed: TEMPLATE_UNRESOLVED");
  }
}
