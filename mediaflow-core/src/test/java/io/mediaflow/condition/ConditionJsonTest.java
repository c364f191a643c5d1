package io.mediaflow.condition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.mediaflow.InMemoryStorage;
import io.mediaflow.MediaFlow;
import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.ValidationException;
import io.mediaflow.api.Violation;
import io.mediaflow.api.condition.And;
import io.mediaflow.api.condition.Comparison;
import io.mediaflow.api.condition.Condition;
import io.mediaflow.api.condition.ConditionErrors;
import io.mediaflow.api.condition.MediaProperty;
import io.mediaflow.api.condition.Operator;
import io.mediaflow.api.condition.RegexCondition;
import io.mediaflow.api.condition.TimeCondition;
import io.mediaflow.api.condition.Value;
import io.mediaflow.testkit.ManualClock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The JSON form: the specification's shape, the short comparison, round trips and validation. */
class ConditionJsonTest {

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

  static String q(String singleQuoted) {
    return singleQuoted.replace('\'', '"');
  }

  @Test
  void reads_the_specification_shape_of_the_podcast_rule() {
    String json =
        q(
            "{'type': 'and', 'conditions': ["
                + "{'type': 'comparison', 'left': {'source': 'media', 'path': 'duration'},"
                + " 'operator': 'gt', 'right': {'value': 1800}},"
                + "{'type': 'regex', 'field': {'source': 'media', 'path': 'title'},"
                + " 'pattern': 'podcast|interview|talk', 'flags': 'i'}]}");

    Condition c = flow.conditions().parse(json);

    assertThat(c)
        .isEqualTo(
            new And(
                List.of(
                    new Comparison(
                        Value.ref("media", "duration"), Operator.GT, Value.literal(1800), false),
                    new RegexCondition(
                        Value.ref("media", "title"), "podcast|interview|talk", "i"))));
    Map<String, Object> data =
        Map.of("media", Map.of("duration", 2400.0, "title", "The Big Interview"));
    assertThat(flow.conditions().compile(json).test(data)).isTrue();
    assertThat(
            flow.conditions()
                .compile(json)
                .test(Map.of("media", Map.of("duration", 60, "title", "talk"))))
        .isFalse();
  }

  @Test
  void reads_the_short_comparison_and_writes_it_back_equal() {
    Condition c =
        flow.conditions().parse(q("{'left': '${trigger.size}', 'op': 'gt', 'right': '500MB'}"));

    assertThat(c).isEqualTo(Comparison.of("${trigger.size}", Operator.GT, "500MB"));
    assertThat(flow.conditions().write(c))
        .isEqualTo(q("{\n  'left': '${trigger.size}',\n  'op': 'gt',\n  'right': '500MB'\n}"));
  }

  @Test
  void every_kind_writes_and_reads_back_equal() {
    Condition all =
        Condition.or(
            Condition.and(
                Condition.where("trigger", "ext").in("mp4", "mkv"),
                Condition.where("trigger", "title").exists(),
                Condition.where("trigger", "gone").missing(),
                Condition.where("${trigger.name}").startsWith("ep").ignoringCase(),
                Condition.where(Value.literal("${not a template}")).eq(Map.of("k", 1))),
            Condition.not(Condition.regex(Value.ref("trigger", "name"), "^a+$", "im")),
            TimeCondition.between("22:00", "06:00").in("Europe/Paris"),
            TimeCondition.before("2026-12-24T00:00:00Z"),
            TimeCondition.weekday("sat", "sunday"),
            TimeCondition.weekend(),
            Condition.media(MediaProperty.DURATION).gt("30m").of("${trigger.file}"),
            Condition.media(MediaProperty.FORMAT).in("mp4", "mkv"),
            Condition.custom("library.favourite", Map.of("list", "later")));

    String json = flow.conditions().write(all);

    assertThat(flow.conditions().parse(json)).isEqualTo(all);
  }

  @Test
  void problems_are_reported_at_their_json_paths_with_codes_and_messages() {
    List<Violation> problems =
        flow.conditions()
            .validate(
                q(
                    "{'type': 'and', 'conditions': ["
                        + "{'left': 1, 'op': 'bigger', 'right': 2},"
                        + "{'type': 'regex', 'field': 'x', 'pattern': '(a', 'flags': 'i'},"
                        + "{'type': 'time', 'operator': 'between', 'value': {'from': '9am', 'to': '17:00'}},"
                        + "{'type': 'medai', 'property': 'duration'},"
                        + "{'type': 'not', 'conditions': [{'left': 1, 'op': 'eq', 'right': 1, 'colour': 1}]}"
                        + "]}"));

    assertThat(problems)
        .extracting(Violation::path, Violation::code)
        .containsExactly(
            tuple("conditions[0].op", ConditionErrors.CONDITION_INVALID),
            tuple("conditions[3].type", ConditionErrors.CONDITION_INVALID),
            tuple("conditions[4].conditions[0].colour", ErrorCode.UNKNOWN_FIELD));
    assertThat(problems.get(0).message())
        .isEqualTo(
            "unknown operator \"bigger\"; expected one of eq ne gt gte lt lte contains startsWith"
                + " endsWith in exists");
    assertThat(problems.get(1).message())
        .isEqualTo(
            "unknown condition type \"medai\"; expected one of and, or, not, comparison, regex,"
                + " time, media, custom");
    assertThat(problems.get(1).suggestion()).isEqualTo("did you mean 'media'?");
  }

  @Test
  void meaning_problems_are_reported_once_the_shape_is_right() {
    List<Violation> problems =
        flow.conditions()
            .validate(
                q(
                    "{'type': 'or', 'conditions': ["
                        + "{'type': 'regex', 'field': 'x', 'pattern': '(a', 'flags': 'x'},"
                        + "{'type': 'regex', 'field': 'x', 'pattern': '(a)\\\\1'},"
                        + "{'type': 'time', 'operator': 'between', 'value': {'from': '9am', 'to': '17:00'}},"
                        + "{'type': 'time', 'operator': 'after', 'value': '18:00', 'timezone': 'Mars/Base'},"
                        + "{'type': 'time', 'operator': 'weekday', 'value': ['mon', 'funday']},"
                        + "{'type': 'time', 'operator': 'before'},"
                        + "{'left': 'a', 'op': 'in', 'right': 3},"
                        + "{'left': 'a', 'op': 'exists', 'right': 'maybe'},"
                        + "{'type': 'custom', 'name': 'nobody.knows'},"
                        + "{'type': 'media', 'property': 'size', 'op': 'exists', 'value': 1}"
                        + "]}"));

    assertThat(problems)
        .extracting(Violation::path, Violation::code)
        .containsExactly(
            tuple("conditions[0].flags", ConditionErrors.CONDITION_REGEX_INVALID),
            tuple("conditions[1].pattern", ConditionErrors.CONDITION_REGEX_INVALID),
            tuple("conditions[2].value.from", ConditionErrors.CONDITION_INVALID),
            tuple("conditions[3].timezone", ConditionErrors.CONDITION_INVALID),
            tuple("conditions[4].value[1]", ConditionErrors.CONDITION_INVALID),
            tuple("conditions[5].value", ConditionErrors.CONDITION_INVALID),
            tuple("conditions[6].right", ConditionErrors.CONDITION_TYPE_MISMATCH),
            tuple("conditions[7].right", ConditionErrors.CONDITION_INVALID),
            tuple("conditions[8].name", ConditionErrors.CONDITION_UNKNOWN_TYPE),
            tuple("conditions[9].operator", ConditionErrors.CONDITION_INVALID));
    assertThat(problems)
        .extracting(Violation::message)
        .containsExactly(
            "unknown regex flag 'x' in \"x\"",
            "\"(a)\\1\" is not a regular expression RE2 accepts: error parsing regexp: invalid"
                + " escape sequence: `\\1`",
            "\"9am\" is not a time of day, a date or an instant",
            "\"Mars/Base\" is not a time zone",
            "\"funday\" is not a day of the week",
            "before needs one value but has 0",
            "\"in\" needs a list on the right but has 3 (number)",
            "\"exists\" takes true or false on the right but has \"maybe\" (text)",
            "no condition type is named \"nobody.knows\"; known: test.loaded",
            "a media condition cannot use \"exists\"");
  }

  @Test
  void compile_throws_every_problem_at_once() {
    assertThatThrownBy(
            () ->
                flow.conditions()
                    .compile(q("{'type': 'regex', 'field': 'x', 'pattern': '(?=look)ahead'}")))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ConditionErrors.CONDITION_REGEX_INVALID);
              assertThat(e.violations()).extracting(Violation::path).containsExactly("pattern");
            })
        .hasMessageContaining("is not a regular expression RE2 accepts");
    assertThatThrownBy(() -> flow.conditions().compile("{not json"))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_JSON))
        .hasMessageStartingWith(
            "MALFORMED_JSON: (document): the condition is not JSON: Unexpected character");
  }

  @Test
  void nesting_and_size_are_bounded() {
    String deep = "{'left': 1, 'op': 'eq', 'right': 1}";
    for (int i = 0; i < 40; i++) {
      deep = "{'type': 'not', 'conditions': [" + deep + "]}";
    }
    List<Violation> problems = flow.conditions().validate(q(deep));
    assertThat(problems)
        .extracting(Violation::code)
        .containsExactly(ConditionErrors.CONDITION_TOO_COMPLEX);
    assertThat(problems.get(0).message()).isEqualTo("the condition nests deeper than 32 levels");

    StringBuilder wide = new StringBuilder("{'type': 'or', 'conditions': [");
    for (int i = 0; i < 1001; i++) {
      wide.append(i == 0 ? "" : ",")
          .append("{'left': 1, 'op': 'eq', 'right': ")
          .append(i)
          .append('}');
    }
    List<Violation> many = flow.conditions().validate(q(wide.append("]}").toString()));
    assertThat(many)
        .extracting(Violation::path, Violation::code)
        .containsExactly(tuple("conditions[999]", ConditionErrors.CONDITION_TOO_COMPLEX));
    assertThat(many.get(0).message()).isEqualTo("the condition holds more than 1000 clauses");
  }

  @Test
  void a_workflow_condition_node_takes_any_condition_and_validates_it_at_its_path() {
    String wf =
        q(
            "{'id': 'w', 'nodes': [{'id': 'start', 'type': 'trigger'},"
                + "{'id': 'c', 'type': 'condition', 'if': {'type': 'and', 'conditions': ["
                + "{'left': '${trigger.size}', 'op': 'gt', 'right': '1GB'},"
                + "{'type': 'regex', 'field': '${trigger.name}', 'pattern': '(x'}]}}],"
                + " 'edges': [{'from': 'start', 'to': 'c'}]}");

    List<Violation> problems = flow.validateWorkflow(wf);

    assertThat(problems)
        .extracting(Violation::path, Violation::code)
        .containsExactly(
            tuple("nodes[1].if.conditions[1].pattern", ConditionErrors.CONDITION_REGEX_INVALID));
  }
}
