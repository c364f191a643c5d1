package io.mediaflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.mediaflow.api.ValidationException;
import io.mediaflow.api.spec.JobSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The published schema, the published examples and the parser agree with each other. */
class JobSpecSchemaTest {

  private static final Path DOCS = Path.of("..", "docs");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonSchemaFactory FACTORY =
      JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

  private static JsonSchema schema;

  @BeforeAll
  static void loadSchema() throws IOException {
    schema = FACTORY.getSchema(JSON.readTree(DOCS.resolve("jobspec.schema.json").toFile()));
  }

  static Stream<Path> examples() throws IOException {
    try (Stream<Path> files = Files.list(DOCS.resolve("examples"))) {
      return files.filter(f -> f.toString().endsWith(".json")).sorted().toList().stream();
    }
  }

  @Test
  void schema_is_a_valid_draft_2020_12_schema() throws IOException {
    JsonSchema meta =
        FACTORY.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));

    Set<ValidationMessage> errors =
        meta.validate(JSON.readTree(DOCS.resolve("jobspec.schema.json").toFile()));

    assertThat(errors).isEmpty();
  }

  @Test
  void publishes_at_least_five_examples() throws IOException {
    assertThat(examples()).hasSizeGreaterThanOrEqualTo(5);
  }

  @ParameterizedTest
  @MethodSource("examples")
  void every_example_is_valid_against_the_schema(Path example) throws IOException {
    Set<ValidationMessage> errors = schema.validate(JSON.readTree(example.toFile()));

    assertThat(errors).as(example.toString()).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("examples")
  void every_example_parses_and_round_trips(Path example) {
    JobSpec spec = JobSpecJson.read(example);

    assertThat(spec.inputs()).isNotEmpty();
    assertThat(spec.outputs()).isNotEmpty();
    assertThat(JobSpecJson.parse(JobSpecJson.write(spec))).isEqualTo(spec);
  }

  @Test
  void a_written_spec_is_valid_against_the_schema() throws IOException {
    for (Path example : examples().toList()) {
      String written = JobSpecJson.write(JobSpecJson.read(example));

      assertThat(schema.validate(JSON.readTree(written))).as(example.toString()).isEmpty();
    }
  }

  /** Documents that both the schema and the parser must refuse. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        // unknown field in codec
        "{'inputs':[{'id':'a','source':'file:a.mp4'}],"
            + "'outputs':[{'id':'a','destination':'file:o.mp4','codec':{'vidoe':'h264'}}]}",
        // unknown root field
        "{'inputs':[{'id':'a','source':'file:a.mp4'}],'outputs':[{'id':'a','destination':'file:o.mp4'}],"
            + "'extra':1}",
        // crf is not an integer
        "{'inputs':[{'id':'a','source':'file:a.mp4'}],"
            + "'outputs':[{'id':'a','destination':'file:o.mp4','codec':{'crf':'high'}}]}",
        // metadata value is a number
        "{'inputs':[{'id':'a','source':'file:a.mp4'}],"
            + "'outputs':[{'id':'a','destination':'file:o.mp4','metadata':{'title':5}}]}",
        // overwrite is not a boolean
        "{'inputs':[{'id':'a','source':'file:a.mp4'}],"
            + "'outputs':[{'id':'a','destination':'file:o.mp4','overwrite':'yes'}]}",
        // missing destination
        "{'inputs':[{'id':'a','source':'file:a.mp4'}],'outputs':[{'id':'a'}]}",
        // missing op
        "{'inputs':[{'id':'a','source':'file:a.mp4'}],'operations':[{'input':'a','output':'b'}],"
            + "'outputs':[{'id':'b','destination':'file:o.mp4'}]}",
        // input is a number
        "{'inputs':[{'id':'a','source':'file:a.mp4'}],'operations':[{'op':'x','input':1,'output':'b'}],"
            + "'outputs':[{'id':'b','destination':'file:o.mp4'}]}",
        // inputs is an object
        "{'inputs':{},'outputs':[{'id':'a','destination':'file:o.mp4'}]}",
        // unknown stream type
        "{'inputs':[{'id':'a','source':'file:a.mp4'}],"
            + "'outputs':[{'id':'a','destination':'file:o.mp4','streams':[{'type':'data'}]}]}",
        // newer version
        "{'version':2,'inputs':[{'id':'a','source':'file:a.mp4'}],"
            + "'outputs':[{'id':'a','destination':'file:o.mp4'}]}"
      })
  void schema_and_parser_both_reject_invalid_documents(String singleQuoted) throws IOException {
    String json = singleQuoted.replace('\'', '"');

    assertThat(schema.validate(JSON.readTree(json))).as("schema errors for %s", json).isNotEmpty();
    assertThat(catchThrowableOfType(ValidationException.class, () -> JobSpecJson.parse(json)))
        .as("parser error for %s", json)
        .isNotNull();
  }

  @Test
  void schema_rejects_what_the_planner_would_refuse_later() {
    List<String> documents =
        List.of(
            "{\"inputs\":[],\"outputs\":[{\"id\":\"a\",\"destination\":\"file:o.mp4\"}]}",
            "{\"inputs\":[{\"id\":\"bad id!\",\"source\":\"file:a.mp4\"}],"
                + "\"outputs\":[{\"id\":\"a\",\"destination\":\"file:o.mp4\"}]}",
            "{\"inputs\":[{\"id\":\"a\",\"source\":\"file:a.mp4\"}],"
                + "\"outputs\":[{\"id\":\"a\",\"destination\":\"file:o.mp4\",\"codec\":{\"video\":\"divx\"}}]}",
            "{\"inputs\":[{\"id\":\"a\",\"source\":\"file:a.mp4\"}],"
                + "\"outputs\":[{\"id\":\"a\",\"destination\":\"file:o.mp4\",\"codec\":{\"crf\":60}}]}");

    for (String json : documents) {
      assertThat(schema.validate(read(json))).as(json).isNotEmpty();
    }
  }

  @Test
  void schema_accepts_any_params() throws IOException {
    String json =
        "{\"inputs\":[{\"id\":\"a\",\"source\":\"file:a.mp4\"}],"
            + "\"operations\":[{\"op\":\"x\",\"input\":[\"a\"],\"output\":\"b\","
            + "\"params\":{\"n\":1,\"s\":\"t\",\"l\":[1,2],\"o\":{\"k\":null}}}],"
            + "\"outputs\":[{\"id\":\"b\",\"destination\":\"file:o.mp4\"}]}";

    assertThat(schema.validate(JSON.readTree(json))).isEmpty();
  }

  private static JsonNode read(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
