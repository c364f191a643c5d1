package io.mediaflow.internal.rule;

import static io.mediaflow.internal.rule.RuleFixtures.q;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.ValidationException;
import io.mediaflow.api.Violation;
import io.mediaflow.api.condition.ConditionErrors;
import io.mediaflow.api.rule.RuleErrors;
import io.mediaflow.api.workflow.WorkflowErrors;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every bad input of the rule JSON form: its code, its JSON path and what its message says. */
class RuleJsonValidationTest {

  private static final String EVENT = "'trigger':{'type':'event','event':'download.completed'}";
  private static final String CRON = "'trigger':{'type':'schedule','cron':'0 3 * * *'}";
  private static final String ACTIONS = "'actions':[{'type':'media.convert','format':'mp3'}]";

  /** A valid rule with {@code fields} replacing nothing: the caller writes every field. */
  private static String rule(String fields) {
    return q("{'id':'r1'," + fields + "}");
  }

  private static Arguments bad(String json, ErrorCode code, String path, String message) {
    return Arguments.of(json, code, path, message);
  }

  static Stream<Arguments> badRules() {
    return Stream.of(
        bad("{\"id\": ", ErrorCode.MALFORMED_JSON, "", "line"),
        bad("[]", ErrorCode.WRONG_TYPE, "", "but was an array"),
        bad(
            rule(EVENT + "," + ACTIONS + ",'trigers':1"),
            ErrorCode.UNKNOWN_FIELD,
            "trigers",
            "unknown field \"trigers\" in a rule"),
        bad(q("{" + EVENT + "," + ACTIONS + "}"), ErrorCode.MISSING_FIELD, "id", "\"id\""),
        bad(
            q("{'id':'a b'," + EVENT + "," + ACTIONS + "}"),
            ErrorCode.INVALID_VALUE,
            "id",
            "\"a b\" is not a rule id"),
        bad(
            rule(ACTIONS),
            ErrorCode.MISSING_FIELD,
            "trigger",
            "missing required field \"trigger\""),
        bad(rule("'trigger':'daily'," + ACTIONS), ErrorCode.WRONG_TYPE, "trigger", "the string"),
        bad(
            rule("'trigger':{'event':'a'}," + ACTIONS),
            ErrorCode.MISSING_FIELD,
            "trigger.type",
            "\"type\""),
        bad(
            rule("'trigger':{'type':'cron','cron':'0 3 * * *'}," + ACTIONS),
            ErrorCode.INVALID_VALUE,
            "trigger.type",
            "\"cron\" is not a trigger type"),
        bad(
            rule("'trigger':{'type':'schedule'}," + ACTIONS),
            ErrorCode.MISSING_FIELD,
            "trigger",
            "needs one of \"cron\", \"interval\" and \"at\""),
        bad(
            rule("'trigger':{'type':'schedule','cron':'0 3 * * *','interval':60}," + ACTIONS),
            ErrorCode.INVALID_VALUE,
            "trigger.interval",
            "this one has cron and interval"),
        bad(
            rule("'trigger':{'type':'schedule','cron':'0 3 *'}," + ACTIONS),
            RuleErrors.INVALID_CRON,
            "trigger.cron",
            "\"0 3 *\" is not a valid unix cron expression: expected 5 fields but found 3"),
        bad(
            rule("'trigger':{'type':'schedule','cron':'0 3 * * *','syntax':'quartz'}," + ACTIONS),
            RuleErrors.INVALID_CRON,
            "trigger.cron",
            "not a valid quartz cron expression"),
        bad(
            rule("'trigger':{'type':'schedule','cron':'0 3 * * *','syntax':'cron4j'}," + ACTIONS),
            ErrorCode.INVALID_VALUE,
            "trigger.syntax",
            "\"cron4j\" is not a cron syntax; expected one of unix, quartz, spring"),
        bad(
            rule(
                "'trigger':{'type':'schedule','cron':'0 3 * * *','timezone':'Europe/Pariss'},"
                    + ACTIONS),
            RuleErrors.UNKNOWN_ZONE,
            "trigger.timezone",
            "\"Europe/Pariss\" is not a time zone"),
        bad(
            rule("'trigger':{'type':'schedule','cron':'0 3 * * *','timezone':1}," + ACTIONS),
            ErrorCode.WRONG_TYPE,
            "trigger.timezone",
            "a time zone id"),
        bad(
            rule("'trigger':{'type':'schedule','interval':60,'timezone':'UTC'}," + ACTIONS),
            ErrorCode.UNKNOWN_FIELD,
            "trigger.timezone",
            "unknown field \"timezone\" in an interval schedule"),
        bad(
            rule("'trigger':{'type':'schedule','interval':0}," + ACTIONS),
            ErrorCode.OUT_OF_RANGE,
            "trigger.interval",
            "interval must be at least PT1S but was PT0S"),
        bad(
            rule("'trigger':{'type':'schedule','interval':'5 minutes'}," + ACTIONS),
            ErrorCode.INVALID_VALUE,
            "trigger.interval",
            "\"5 minutes\" is not a duration"),
        bad(
            rule("'trigger':{'type':'schedule','interval':1.5}," + ACTIONS),
            ErrorCode.WRONG_TYPE,
            "trigger.interval",
            "a whole number of seconds"),
        bad(
            rule("'trigger':{'type':'schedule','interval':true}," + ACTIONS),
            ErrorCode.WRONG_TYPE,
            "trigger.interval",
            "the boolean true"),
        bad(
            rule("'trigger':{'type':'schedule','interval':'PT5M','startAt':'noon'}," + ACTIONS),
            ErrorCode.INVALID_VALUE,
            "trigger.startAt",
            "\"noon\" is not an instant"),
        bad(
            rule("'trigger':{'type':'schedule','at':'tomorrow'}," + ACTIONS),
            ErrorCode.INVALID_VALUE,
            "trigger.at",
            "\"tomorrow\" is not an instant"),
        bad(
            rule("'trigger':{'type':'schedule','at':20261224}," + ACTIONS),
            ErrorCode.WRONG_TYPE,
            "trigger.at",
            "an instant"),
        bad(
            rule(
                "'trigger':{'type':'schedule','cron':'0 3 * * *','misfire':'sometimes'},"
                    + ACTIONS),
            ErrorCode.INVALID_VALUE,
            "trigger.misfire",
            "\"sometimes\" is not a misfire policy; expected one of skip, fire_once, catch_up"),
        bad(
            rule(
                "'trigger':{'type':'schedule','cron':'0 3 * * *','catchUpWindow':'-PT1H'},"
                    + ACTIONS),
            ErrorCode.OUT_OF_RANGE,
            "trigger.catchUpWindow",
            "catchUpWindow must be at least PT0S but was PT-1H"),
        bad(
            rule("'trigger':{'type':'event','event':'download..completed'}," + ACTIONS),
            ErrorCode.INVALID_VALUE,
            "trigger.event",
            "\"download..completed\" is not a valid event pattern"),
        bad(
            rule("'trigger':{'type':'event','event':'job.fail*'}," + ACTIONS),
            ErrorCode.INVALID_VALUE,
            "trigger.event",
            "is not a valid event pattern"),
        bad(
            rule("'trigger':{'type':'event'}," + ACTIONS),
            ErrorCode.MISSING_FIELD,
            "trigger.event",
            "missing required field \"event\""),
        bad(
            rule("'trigger':{'type':'event','event':'a.b','cron':'0 3 * * *'}," + ACTIONS),
            ErrorCode.UNKNOWN_FIELD,
            "trigger.cron",
            "unknown field \"cron\" in an event trigger"),
        bad(
            rule(EVENT + "," + ACTIONS + ",'enabled':'yes'"),
            ErrorCode.WRONG_TYPE,
            "enabled",
            "true or false"),
        bad(rule(EVENT + "," + ACTIONS + ",'name':5"), ErrorCode.WRONG_TYPE, "name", "a string"),
        bad(
            rule(EVENT + "," + ACTIONS + ",'workflow':'wf'"),
            RuleErrors.RULE_TARGET,
            "workflow",
            "but this one has both"),
        bad(rule(EVENT), RuleErrors.RULE_TARGET, "", "neither \"actions\" nor \"workflow\""),
        bad(rule(EVENT + ",'actions':[]"), RuleErrors.RULE_TARGET, "actions", "actions are empty"),
        bad(rule(EVENT + ",'actions':{}"), ErrorCode.WRONG_TYPE, "actions", "an array of actions"),
        bad(
            rule(EVENT + ",'actions':['media.convert']"),
            ErrorCode.WRONG_TYPE,
            "actions[0]",
            "an action"),
        bad(
            rule(EVENT + ",'actions':[{'type':'media.convert'},{'format':'mp3'}]"),
            ErrorCode.MISSING_FIELD,
            "actions[1].type",
            "missing required field \"type\""),
        bad(
            rule(EVENT + ",'actions':[{'type':'media.convert'},{'type':'media.konvert'}]"),
            WorkflowErrors.UNKNOWN_ACTION,
            "actions[1].type",
            "unknown action 'media.konvert'"),
        bad(
            rule(EVENT + ",'actions':[{'type':'media.convert','params':{'type':'x'},'format':1}]"),
            ErrorCode.UNKNOWN_FIELD,
            "actions[0].format",
            "unknown field \"format\" in an action with \"params\""),
        bad(
            rule(EVENT + ",'actions':[{'type':'media.convert','params':[1]}]"),
            ErrorCode.WRONG_TYPE,
            "actions[0].params",
            "an object of parameters"),
        bad(
            rule(EVENT + ",'workflow':''"),
            ErrorCode.INVALID_VALUE,
            "workflow",
            "the workflow id is empty"),
        bad(rule(EVENT + ",'workflow':7"), ErrorCode.WRONG_TYPE, "workflow", "a string"),
        bad(
            rule(EVENT + ",'workflow':'wf','inputs':[1]"),
            ErrorCode.WRONG_TYPE,
            "inputs",
            "an object"),
        bad(
            rule(EVENT + "," + ACTIONS + ",'settings':5"),
            ErrorCode.WRONG_TYPE,
            "settings",
            "settings"),
        bad(
            rule(EVENT + "," + ACTIONS + ",'settings':{'priority':11}"),
            ErrorCode.OUT_OF_RANGE,
            "settings.priority",
            "priority must be between 1 and 10 but was 11"),
        bad(
            rule(EVENT + "," + ACTIONS + ",'settings':{'priority':0}"),
            ErrorCode.OUT_OF_RANGE,
            "settings.priority",
            "priority must be between 1 and 10 but was 0"),
        bad(
            rule(EVENT + "," + ACTIONS + ",'settings':{'priority':'high'}"),
            ErrorCode.WRONG_TYPE,
            "settings.priority",
            "expected an integer but was the string \"high\""),
        bad(
            rule(EVENT + "," + ACTIONS + ",'settings':{'maxConcurrent':0}"),
            ErrorCode.OUT_OF_RANGE,
            "settings.maxConcurrent",
            "maxConcurrent must be 1 or more but was 0"),
        bad(
            rule(EVENT + "," + ACTIONS + ",'settings':{'overlap':'queue'}"),
            ErrorCode.INVALID_VALUE,
            "settings.overlap",
            "expected one of skip, buffer_one, buffer_all, cancel_other, allow_all"),
        bad(
            rule(EVENT + "," + ACTIONS + ",'settings':{'timeout':0}"),
            ErrorCode.OUT_OF_RANGE,
            "settings.timeout",
            "timeout must be at least PT1S but was PT0S"),
        bad(
            rule(EVENT + "," + ACTIONS + ",'settings':{'timeout':'forever'}"),
            ErrorCode.INVALID_VALUE,
            "settings.timeout",
            "\"forever\" is not a duration"),
        bad(
            rule(EVENT + "," + ACTIONS + ",'settings':{'logLevel':'trace'}"),
            ErrorCode.INVALID_VALUE,
            "settings.logLevel",
            "expected one of debug, info, warn, error"),
        bad(
            rule(EVENT + "," + ACTIONS + ",'settings':{'retryPolicy':{'maxAttempts':0}}"),
            ErrorCode.OUT_OF_RANGE,
            "settings.retryPolicy.maxAttempts",
            "maxAttempts must be between 1 and"),
        bad(
            rule(EVENT + "," + ACTIONS + ",'settings':{'retryPolicy':{'tries':3}}"),
            ErrorCode.UNKNOWN_FIELD,
            "settings.retryPolicy.tries",
            "unknown field \"tries\" in a retry policy"),
        bad(
            rule(EVENT + "," + ACTIONS + ",'settings':{'priorty':3}"),
            ErrorCode.UNKNOWN_FIELD,
            "settings.priorty",
            "unknown field \"priorty\" in settings"),
        bad(
            rule(EVENT + "," + ACTIONS + ",'condition':[]"),
            ErrorCode.WRONG_TYPE,
            "condition",
            "a condition"),
        bad(
            rule(
                EVENT
                    + ","
                    + ACTIONS
                    + ",'condition':{'left':'${trigger.size}','op':'bigger','right':1}"),
            ConditionErrors.CONDITION_INVALID,
            "condition.op",
            "bigger"),
        bad(
            rule(
                EVENT
                    + ","
                    + ACTIONS
                    + ",'condition':{'type':'and','conditions':[{'left':1,'op':'eq','right':1},"
                    + "{'type':'sometimes'}]}"),
            ConditionErrors.CONDITION_INVALID,
            "condition.conditions[1].type",
            "unknown condition type \"sometimes\""),
        bad(
            rule(EVENT + "," + ACTIONS + ",'$schema':5"),
            ErrorCode.WRONG_TYPE,
            "$schema",
            "a string"));
  }

  @ParameterizedTest
  @MethodSource("badRules")
  void each_bad_input_is_reported_at_its_path_with_its_code(
      String json, ErrorCode code, String path, String message) {
    List<Violation> problems = RuleFixtures.json().validate(json);

    assertThat(problems).as(json).isNotEmpty();
    assertThat(problems)
        .as("%s gives %s", json, problems)
        .anySatisfy(
            v -> {
              assertThat(v.code()).isEqualTo(code);
              assertThat(v.path()).isEqualTo(path);
              assertThat(v.message()).contains(message);
            });
    ValidationException thrown =
        catchThrowableOfType(ValidationException.class, () -> RuleFixtures.json().parse(json));
    assertThat(thrown).as("parse of %s", json).isNotNull();
    assertThat(thrown.violations()).isEqualTo(problems);
  }

  @Test
  void every_problem_of_a_document_is_reported_at_once() {
    String json =
        q(
            "{'id':'r1','trigger':{'type':'schedule','cron':'0 3','timezone':'Mars/Olympus'},"
                + "'actions':[{'type':'nope'}],'settings':{'priority':42,'maxConcurrent':0}}");

    List<Violation> problems = RuleFixtures.json().validate(json);

    assertThat(problems)
        .extracting(Violation::path)
        .containsExactly(
            "trigger.timezone", "actions[0].type", "settings.priority", "settings.maxConcurrent");
    // the cron is not checked while the zone is broken: one problem per place, not a cascade
  }

  @Test
  void suggestions_name_the_closest_field_or_value() {
    List<Violation> problems =
        RuleFixtures.json()
            .validate(rule(EVENT + "," + ACTIONS + ",'setings':{},'settings':{'overlap':'skp'}"));

    assertThat(problems)
        .extracting(Violation::suggestion)
        .anyMatch(s -> s.contains("settings"))
        .anyMatch(s -> s.contains("skip"));
  }

  @Test
  void an_unknown_zone_suggests_the_zone_it_is_closest_to() {
    List<Violation> problems =
        RuleFixtures.json()
            .validate(
                rule(
                    "'trigger':{'type':'schedule','cron':'0 3 * * *','timezone':'Europe/Pariss'},"
                        + ACTIONS));

    assertThat(problems)
        .singleElement()
        .satisfies(v -> assertThat(v.suggestion()).contains("Europe/Paris"));
  }
}
