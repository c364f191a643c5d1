package io.mediaflow.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.mediaflow.WorkflowJson;
import io.mediaflow.api.ValidationException;
import io.mediaflow.api.workflow.Workflow;
import io.mediaflow.internal.workflow.WorkflowObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The published workflow schema, the published examples and the reader agree with each other. */
class WorkflowSchemaTest {

  private static final Path SCHEMA = Path.of("..", "docs", "workflow.schema.json");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonSchemaFactory FACTORY =
      JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

  /** Where each object of the reader is in the schema. */
  private static final Map<WorkflowObject, String> IN_SCHEMA =
      Map.ofEntries(
          Map.entry(WorkflowObject.DOCUMENT, ""),
          Map.entry(WorkflowObject.TRIGGER, "/$defs/triggerNode"),
          Map.entry(WorkflowObject.ACTION, "/$defs/actionNode"),
          Map.entry(WorkflowObject.CONDITION, "/$defs/conditionNode"),
          Map.entry(WorkflowObject.DELAY, "/$defs/delayNode"),
          Map.entry(WorkflowObject.LOOP, "/$defs/loopNode"),
          Map.entry(WorkflowObject.PARALLEL, "/$defs/parallelNode"),
          Map.entry(WorkflowObject.MERGE, "/$defs/mergeNode"),
          Map.entry(WorkflowObject.ERROR, "/$defs/errorNode"),
          Map.entry(WorkflowObject.COMPARISON, "/$defs/comparison"),
          Map.entry(WorkflowObject.ERROR_POLICY, "/$defs/errorPolicy"),
          Map.entry(WorkflowObject.RETRY, "/$defs/retry"),
          Map.entry(WorkflowObject.MERGE_COUNT, "/$defs/mergeCount"),
          Map.entry(WorkflowObject.EDGE, "/$defs/edge"));

  private static JsonSchema schema;

  @BeforeAll
  static void loadSchema() throws IOException {
    schema = FACTORY.getSchema(JSON.readTree(SCHEMA.toFile()));
  }

  static Stream<Path> examples() throws IOException {
    try (Stream<Path> files = Files.list(WorkflowJsonTest.EXAMPLES)) {
      return files.filter(f -> f.toString().endsWith(".json")).sorted().toList().stream();
    }
  }

  @Test
  void schema_is_a_valid_draft_2020_12_schema() throws IOException {
    JsonSchema meta =
        FACTORY.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));

    Set<ValidationMessage> errors = meta.validate(JSON.readTree(SCHEMA.toFile()));

    assertThat(errors).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("examples")
  void every_example_is_valid_against_the_schema_and_the_reader(Path example) throws IOException {
    assertThat(schema.validate(JSON.readTree(example.toFile()))).as(example.toString()).isEmpty();
    Workflow wf = WorkflowJson.read(example);
    assertThat(schema.validate(JSON.readTree(WorkflowJson.write(wf))))
        .as("written form of %s", example)
        .isEmpty();
  }

  @Test
  void the_examples_cover_every_node_type() throws IOException {
    List<String> types = new ArrayList<>();
    for (Path example : examples().toList()) {
      WorkflowJson.read(example).nodes().forEach(n -> types.add(n.type()));
    }

    assertThat(types).containsAll(WorkflowObject.nodeTypes());
  }

  /** Documents that both the schema and the reader must refuse. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "{'nodes':[]}",
        "{'id':'w'}",
        "{'id':'w','nodes':[],'extra':1}",
        "{'id':'w','nodes':[{'id':'a','type':'acton'}]}",
        "{'id':'w','nodes':[{'id':'a','type':'trigger','kind':'cron'}]}",
        "{'id':'w','nodes':[{'id':'a','type':'action'}]}",
        "{'id':'w','nodes':[{'id':'a','type':'action','action':'x.y','timeout':'1 hour'}]}",
        "{'id':'w','nodes':[{'id':'a','type':'action','action':'x.y','retry':{'maxAttempts':0}}]}",
        "{'id':'w','nodes':[{'id':'a','type':'action','action':'x.y','output':{'v':1}}]}",
        "{'id':'w','nodes':[{'id':'c','type':'condition'}]}",
        "{'id':'w','nodes':[{'id':'c','type':'condition','switch':'x'}]}",
        "{'id':'w','nodes':[{'id':'c','type':'condition','if':{'left':1,'op':'is','right':1}}]}",
        "{'id':'w','nodes':[{'id':'d','type':'delay'}]}",
        "{'id':'w','nodes':[{'id':'d','type':'delay','signal':'go'}]}",
        "{'id':'w','nodes':[{'id':'d','type':'delay','duration':'1h','until':'2026-01-01T00:00:00Z'}]}",
        "{'id':'w','nodes':[{'id':'d','type':'delay','until':'tomorrow'}]}",
        "{'id':'w','nodes':[{'id':'l','type':'loop','items':'${x}'}]}",
        "{'id':'w','nodes':[{'id':'l','type':'loop','items':'${x}','as':'f','parallelism':0}]}",
        "{'id':'w','nodes':[{'id':'m','type':'merge','mode':'some'}]}",
        "{'id':'w','nodes':[{'id':'m','type':'merge','mode':{'n':0}}]}",
        "{'id':'w','nodes':[{'id':'e','type':'error'}]}",
        "{'id':'w','nodes':[{'id':'e','type':'error','then':'retry'}]}",
        "{'id':'w','nodes':[],'edges':[{'from':'a'}]}",
        "{'id':'w','nodes':[],'edges':[{'from':'a','to':'b','via':'x'}]}",
        "{'version':2,'id':'w','nodes':[]}"
      })
  void schema_and_reader_both_refuse_invalid_documents(String singleQuoted) throws IOException {
    String json = singleQuoted.replace('\'', '"');

    assertThat(schema.validate(JSON.readTree(json))).as("schema errors for %s", json).isNotEmpty();
    assertThat(catchThrowableOfType(ValidationException.class, () -> WorkflowJson.parse(json)))
        .as("reader error for %s", json)
        .isNotNull();
  }

  /**
   * The reader's field lists ({@link WorkflowObject}) and the schema's {@code properties} and
   * {@code required} agree in every object, and every object is closed in the schema.
   */
  @Test
  void schema_and_reader_know_the_same_fields_in_every_object() throws IOException {
    JsonNode root = JSON.readTree(SCHEMA.toFile());
    assertThat(IN_SCHEMA.keySet()).containsExactlyInAnyOrder(WorkflowObject.values());

    for (WorkflowObject object : WorkflowObject.values()) {
      JsonNode o = root.at(IN_SCHEMA.get(object));
      assertThat(o.isMissingNode()).as("%s in the schema", object).isFalse();
      assertThat(o.path("additionalProperties").asBoolean(true))
          .as("%s is closed in the schema (unknown fields are errors)", object)
          .isFalse();
      List<String> properties = new ArrayList<>();
      o.get("properties").fieldNames().forEachRemaining(properties::add);
      assertThat(properties)
          .as("fields of %s: schema vs reader", object)
          .containsExactlyInAnyOrderElementsOf(object.fields());
      List<String> required = new ArrayList<>();
      o.path("required").forEach(r -> required.add(r.asText()));
      assertThat(required)
          .as("required fields of %s: schema vs reader", object)
          .containsExactlyInAnyOrderElementsOf(object.required());
    }
  }
}
