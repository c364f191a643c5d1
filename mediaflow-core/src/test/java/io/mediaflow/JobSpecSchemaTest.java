package io.mediaflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.ValidationException;
import io.mediaflow.api.Violation;
import io.mediaflow.api.media.StreamType;
import io.mediaflow.api.spec.JobSpec;
import io.mediaflow.internal.spec.SpecObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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

  /**
   * The reader's field lists ({@link SpecObject}) and the schema's {@code properties} agree in
   * every object, starting at the document and following the fields that hold objects of the format
   * on both sides; and the schema has no closed object the walk did not reach.
   */
  @Test
  void schema_and_reader_know_the_same_fields_in_every_object() throws IOException {
    JsonNode root = JSON.readTree(DOCS.resolve("jobspec.schema.json").toFile());
    Map<SpecObject, JsonNode> reached = new EnumMap<>(SpecObject.class);

    walk(root, root, SpecObject.DOCUMENT, reached);

    assertThat(reached.keySet()).containsExactlyInAnyOrder(SpecObject.values());
    List<String> closedDefs = new ArrayList<>();
    root.get("$defs")
        .properties()
        .forEach(
            d -> {
              if (d.getValue().has("properties")) {
                closedDefs.add(d.getKey());
              }
            });
    assertThat(closedDefs)
        .as("object definitions of the schema")
        .allSatisfy(d -> assertThat(reached.values()).contains(root.get("$defs").get(d)));
  }

  /** What the schema requires beyond the reader: checked by the planner (NO_INPUTS, NO_OUTPUTS). */
  private static final Map<SpecObject, List<String>> REQUIRED_LATER =
      Map.of(SpecObject.DOCUMENT, List.of("inputs", "outputs"));

  private static void walk(
      JsonNode root, JsonNode schema, SpecObject object, Map<SpecObject, JsonNode> reached) {
    reached.put(object, schema);
    assertThat(schema.path("additionalProperties").asBoolean(true))
        .as("%s is closed in the schema (unknown fields are errors)", object)
        .isFalse();
    List<String> properties = new ArrayList<>();
    schema.get("properties").fieldNames().forEachRemaining(properties::add);
    assertThat(properties)
        .as("fields of %s: schema vs reader", object)
        .containsExactlyInAnyOrderElementsOf(object.fields());
    List<String> required = new ArrayList<>();
    schema.path("required").forEach(r -> required.add(r.asText()));
    List<String> expected = new ArrayList<>(object.required());
    expected.addAll(REQUIRED_LATER.getOrDefault(object, List.of()));
    assertThat(required)
        .as("required fields of %s: schema vs reader", object)
        .containsExactlyInAnyOrderElementsOf(expected);
    for (String field : properties) {
      Optional<JsonNode> inSchema = objectOf(root, schema.get("properties").get(field));
      Optional<SpecObject> inReader = object.child(field);
      assertThat(inSchema.isPresent())
          .as(
              "%s.%s holds an object of the format: schema says %s, reader says %s",
              object, field, inSchema.isPresent(), inReader)
          .isEqualTo(inReader.isPresent());
      inReader.ifPresent(child -> walk(root, inSchema.orElseThrow(), child, reached));
    }
  }

  /** The object schema (one with its own properties) a property holds, or a list of. */
  private static Optional<JsonNode> objectOf(JsonNode root, JsonNode schema) {
    if (schema.has("$ref")) {
      String ref = schema.get("$ref").asText();
      assertThat(ref).startsWith("#/");
      return objectOf(root, root.at(ref.substring(1)));
    }
    if (schema.has("items")) {
      return objectOf(root, schema.get("items"));
    }
    if (schema.has("properties")) {
      return Optional.of(schema);
    }
    for (JsonNode alternative : schema.path("oneOf")) {
      Optional<JsonNode> found = objectOf(root, alternative);
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  @Test
  void schema_lists_the_stream_types_the_reader_knows() throws IOException {
    JsonNode type =
        JSON.readTree(DOCS.resolve("jobspec.schema.json").toFile())
            .at("/$defs/stream/properties/type/enum");
    List<String> names = new ArrayList<>();
    type.forEach(n -> names.add(n.asText()));

    assertThat(names)
        .containsExactlyElementsOf(
            Stream.of(StreamType.values()).map(t -> t.name().toLowerCase(Locale.ROOT)).toList());
  }

  /**
   * A document with every field of every object; taking each field out in turn, the reader reports
   * {@code MISSING_FIELD} at its path exactly for the fields {@link SpecObject#required()} lists.
   */
  @Test
  void reader_reports_exactly_the_required_fields_of_every_object_as_missing() throws IOException {
    ObjectNode full =
        (ObjectNode)
            JSON.readTree(
                """
                {"$schema": "urn:io.mediaflow:jobspec:1", "version": 1,
                 "inputs": [{"id": "a", "source": "file:a.mp4", "read": "fetch"}],
                 "operations": [{"op": "trim", "input": "a", "output": "b", "params": {}}],
                 "outputs": [{"id": "b", "destination": "file:o.mp4",
                   "codec": {"video": "h264", "audio": "aac", "crf": 23, "videoBitrate": "2M",
                             "audioBitrate": "128k", "preset": "fast", "sampleRate": 48000,
                             "channels": 2, "container": "mp4", "hardware": "auto",
                             "threads": 2},
                   "metadata": {"title": "t"}, "overwrite": true,
                   "streams": [{"type": "audio", "language": "eng", "index": 0}]}]}
                """);
    Map<SpecObject, String> at =
        Map.of(
            SpecObject.DOCUMENT, "",
            SpecObject.INPUT, "inputs[0]",
            SpecObject.OPERATION, "operations[0]",
            SpecObject.OUTPUT, "outputs[0]",
            SpecObject.CODEC, "outputs[0].codec",
            SpecObject.STREAM, "outputs[0].streams[0]");
    assertThat(JobSpecJson.parse(full.toString())).isNotNull();

    for (SpecObject object : SpecObject.values()) {
      String path = at.get(object);
      assertThat(path).as("where %s is in the test document", object).isNotNull();
      List<String> fields = new ArrayList<>();
      pointer(full, path).fieldNames().forEachRemaining(fields::add);
      assertThat(fields)
          .as("every field of %s", object)
          .containsExactlyInAnyOrderElementsOf(object.fields());
      for (String field : object.fields()) {
        ObjectNode copy = full.deepCopy();
        ((ObjectNode) pointer(copy, path)).remove(field);
        ValidationException e =
            catchThrowableOfType(
                ValidationException.class, () -> JobSpecJson.parse(copy.toString()));
        List<String> missing =
            e == null
                ? List.of()
                : e.violations().stream()
                    .filter(v -> v.code() == ErrorCode.MISSING_FIELD)
                    .map(Violation::path)
                    .toList();
        String where = path.isEmpty() ? field : path + "." + field;
        assertThat(missing)
            .as("taking %s out of %s", field, object)
            .isEqualTo(object.required().contains(field) ? List.of(where) : List.of());
      }
    }
  }

  /** The node at a path such as {@code outputs[0].codec}. */
  private static JsonNode pointer(JsonNode root, String path) {
    String pointer =
        path.isEmpty() ? "" : "/" + path.replaceAll("\\[(\\d+)]", "/$1").replace('.', '/');
    return root.at(pointer);
  }

  private static JsonNode read(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
