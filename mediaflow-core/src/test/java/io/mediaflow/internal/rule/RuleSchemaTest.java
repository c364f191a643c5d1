package io.mediaflow.internal.rule;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import io.mediaflow.api.rule.Rule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The published rule schema, the published examples and the reader agree with each other. */
class RuleSchemaTest {

  private static final Path SCHEMA = Path.of("..", "docs", "rule.schema.json");
  private static final Path WORKFLOW_SCHEMA = Path.of("..", "docs", "workflow.schema.json");
  static final Path EXAMPLES = Path.of("..", "docs", "examples", "rules");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonSchemaFactory FACTORY =
      JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

  /** Where each object of the reader is in the schema. */
  private static final Map<RuleObject, String> IN_SCHEMA =
      Map.of(
          RuleObject.DOCUMENT, "",
          RuleObject.CRON, "/$defs/cronSchedule",
          RuleObject.INTERVAL, "/$defs/intervalSchedule",
          RuleObject.ONCE, "/$defs/onceSchedule",
          RuleObject.EVENT, "/$defs/eventTrigger",
          RuleObject.FILE, "/$defs/fileTrigger",
          RuleObject.ACTION, "/$defs/action",
          RuleObject.SETTINGS, "/$defs/settings");

  /** The definitions the rule schema copies from the workflow schema, which must not drift. */
  private static final List<String> SHARED =
      List.of(
          "condition",
          "comparison",
          "conditionValue",
          "logicalCondition",
          "notCondition",
          "regexCondition",
          "timeCondition",
          "mediaCondition",
          "customCondition",
          "retry",
          "duration");

  private static JsonSchema schema;
  private final RuleJson json = RuleFixtures.json();

  @BeforeAll
  static void loadSchema() throws IOException {
    schema = FACTORY.getSchema(JSON.readTree(SCHEMA.toFile()));
  }

  static Stream<Path> examples() throws IOException {
    try (Stream<Path> files = Files.list(EXAMPLES)) {
      return files.filter(f -> f.toString().endsWith(".json")).sorted().toList().stream();
    }
  }

  @Test
  void schema_is_a_valid_draft_2020_12_schema() throws IOException {
    JsonSchema meta =
        FACTORY.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));

    assertThat(meta.validate(JSON.readTree(SCHEMA.toFile()))).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("examples")
  void every_example_is_valid_against_the_schema_and_the_reader(Path example) throws IOException {
    String text = Files.readString(example);
    assertThat(schema.validate(JSON.readTree(text))).as(example.toString()).isEmpty();
    assertThat(json.validate(text)).as(example.toString()).isEmpty();
    Rule rule = json.parse(text);
    String written = RuleJson.write(rule);
    assertThat(schema.validate(JSON.readTree(written))).as("written form of %s", example).isEmpty();
    assertThat(json.parse(written)).isEqualTo(rule);
  }

  @Test
  void the_examples_cover_every_trigger_kind_and_both_targets() throws IOException {
    List<String> kinds = new ArrayList<>();
    for (Path example : examples().toList()) {
      Rule rule = json.parse(Files.readString(example));
      kinds.add(rule.trigger().getClass().getSimpleName());
      kinds.add(rule.workflowId().isPresent() ? "workflow" : "actions");
      rule.condition().ifPresent(c -> kinds.add("condition"));
    }

    assertThat(kinds)
        .contains(
            "CronTrigger",
            "IntervalTrigger",
            "OnceTrigger",
            "EventTrigger",
            "workflow",
            "actions",
            "condition");
  }

  /** Documents that both the schema and the reader must refuse. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "{'trigger':{'type':'event','event':'a'},'workflow':'w'}",
        "{'id':'r','workflow':'w'}",
        "{'id':'r','trigger':{'type':'event','event':'a'},'workflow':'w','extra':1}",
        "{'id':'r','trigger':{'type':'event','event':'a'}}",
        "{'id':'r','trigger':{'type':'event','event':'a'},'workflow':'w','actions':[{'type':'tag'}]}",
        "{'id':'r','trigger':{'type':'event','event':'a'},'actions':[]}",
        "{'id':'r','trigger':{'type':'event','event':'a..b'},'workflow':'w'}",
        "{'id':'r','trigger':{'type':'event'},'workflow':'w'}",
        "{'id':'r','trigger':{'type':'cron','cron':'0 3 * * *'},'workflow':'w'}",
        "{'id':'r','trigger':{'type':'schedule'},'workflow':'w'}",
        "{'id':'r','trigger':{'type':'schedule','cron':'0 3 * * *','interval':60},'workflow':'w'}",
        "{'id':'r','trigger':{'type':'schedule','cron':'0 3 * * *','syntax':'x'},'workflow':'w'}",
        "{'id':'r','trigger':{'type':'schedule','interval':60,'timezone':'UTC'},'workflow':'w'}",
        "{'id':'r','trigger':{'type':'schedule','interval':'soon'},'workflow':'w'}",
        "{'id':'r','trigger':{'type':'schedule','at':'tomorrow'},'workflow':'w'}",
        "{'id':'r','trigger':{'type':'schedule','at':'2026-01-01T00:00:00Z','misfire':'x'},'workflow':'w'}",
        "{'id':'r','trigger':{'type':'event','event':'a'},'workflow':'w','settings':{'priority':11}}",
        "{'id':'r','trigger':{'type':'event','event':'a'},'workflow':'w','settings':{'priority':0}}",
        "{'id':'r','trigger':{'type':'event','event':'a'},'workflow':'w','settings':{'maxConcurrent':0}}",
        "{'id':'r','trigger':{'type':'event','event':'a'},'workflow':'w','settings':{'overlap':'queue'}}",
        "{'id':'r','trigger':{'type':'event','event':'a'},'workflow':'w','settings':{'logLevel':'x'}}",
        "{'id':'r','trigger':{'type':'event','event':'a'},'workflow':'w','settings':{'x':1}}",
        "{'id':'r','trigger':{'type':'event','event':'a'},'workflow':'w',"
            + "'settings':{'retryPolicy':{'maxAttempts':0}}}",
        "{'id':'r','trigger':{'type':'event','event':'a'},'actions':[{'type':'tag','params':{},'x':1}]}",
        "{'id':'r','trigger':{'type':'event','event':'a'},'actions':[{'tags':['x']}]}",
        "{'id':'r','trigger':{'type':'event','event':'a'},'workflow':'w',"
            + "'condition':{'left':1,'op':'is','right':1}}",
        "{'id':'a b','trigger':{'type':'event','event':'a'},'workflow':'w'}",
        "{'id':'r','trigger':{'type':'event','event':'a'},'workflow':'w','enabled':'yes'}"
      })
  void schema_and_reader_both_refuse_invalid_documents(String singleQuoted) throws IOException {
    String text = singleQuoted.replace('\'', '"');

    assertThat(schema.validate(JSON.readTree(text))).as("schema errors for %s", text).isNotEmpty();
    assertThat(json.validate(text)).as("reader errors for %s", text).isNotEmpty();
  }

  /**
   * The reader's field lists ({@link RuleObject}) and the schema's {@code properties} and {@code
   * required} agree in every object.
   */
  @Test
  void schema_and_reader_know_the_same_fields_in_every_object() throws IOException {
    JsonNode root = JSON.readTree(SCHEMA.toFile());
    assertThat(IN_SCHEMA.keySet()).containsExactlyInAnyOrder(RuleObject.values());

    for (RuleObject object : RuleObject.values()) {
      JsonNode o = root.at(IN_SCHEMA.get(object));
      assertThat(o.isMissingNode()).as("%s in the schema", object).isFalse();
      List<String> properties = new ArrayList<>();
      o.get("properties").fieldNames().forEachRemaining(properties::add);
      List<String> required = new ArrayList<>();
      o.path("required").forEach(r -> required.add(r.asText()));

      assertThat(properties).as("fields of %s", object).containsExactlyElementsOf(object.fields());
      assertThat(required)
          .as("required of %s", object)
          .containsExactlyElementsOf(object.required());
    }
  }

  @Test
  void the_conditions_and_retry_policy_are_those_of_the_workflow_schema() throws IOException {
    JsonNode rule = JSON.readTree(SCHEMA.toFile()).get("$defs");
    JsonNode workflow = JSON.readTree(WORKFLOW_SCHEMA.toFile()).get("$defs");

    for (String name : SHARED) {
      assertThat(rule.get(name)).as(name).isEqualTo(workflow.get(name));
    }
  }
}
