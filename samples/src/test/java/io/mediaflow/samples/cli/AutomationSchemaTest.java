package io.mediaflow.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import io.mediaflow.InMemoryStorage;
import io.mediaflow.MediaFlow;
import io.mediaflow.api.ValidationException;
import io.mediaflow.api.rule.ShippedTemplate;
import io.mediaflow.api.rule.TemplateParameter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The published schema of {@code mediaflow automate}'s file ({@code docs/automation.schema.json},
 * which refers to the rule and workflow schemas beside it), the published examples and the file's
 * reader agree; its templates and their parameters are the shipped ones.
 */
class AutomationSchemaTest {

  private static final Path DOCS = Path.of("..", "docs").toAbsolutePath().normalize();
  private static final Path SCHEMA = DOCS.resolve("automation.schema.json");
  private static final Path EXAMPLES = DOCS.resolve(Path.of("examples", "automation"));
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonSchemaFactory FACTORY =
      JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

  private static JsonSchema schema;

  @TempDir Path dir;

  @BeforeAll
  static void loadSchema() {
    // from its file, so that "rule.schema.json" and "workflow.schema.json" resolve beside it
    schema = FACTORY.getSchema(SchemaLocation.of(SCHEMA.toUri().toString()));
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
    assertThat(schema.validate(JSON.readTree(example.toFile()))).as(example.toString()).isEmpty();
    AutomationFile file = AutomationFile.read(example);
    try (MediaFlow flow = MediaFlow.builder().storage(new InMemoryStorage()).build()) {
      assertThat(file.check(flow)).as(example.toString()).isEmpty();
    }
  }

  @Test
  void the_schema_checks_the_rules_and_workflows_with_their_own_schemas() throws IOException {
    JsonNode bad =
        JSON.readTree(
            """
            {"rules": [{"id": "r", "trigger": {"type": "cron", "cron": "0 3 * * *"},
                        "workflow": "w"}],
             "workflows": [{"id": "w", "nodes": [], "extra": 1}]}
            """);

    assertThat(schema.validate(bad))
        .extracting(m -> m.getInstanceLocation().toString())
        .contains("$.rules[0].trigger", "$.workflows[0]");
  }

  /** Files that both the schema and the reader refuse. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "{}",
        "{'rules': [], 'extra': 1}",
        "{'rules': {}}",
        "{'templates': [{'params': {}}]}",
        "{'templates': [{'template': 'archive-old-downloads', 'param': {}}]}",
        "{'templates': [{'template': 'archive-old-downloads', 'params': 7}]}"
      })
  void schema_and_reader_both_refuse_invalid_files(String singleQuoted) throws IOException {
    String text = singleQuoted.replace('\'', '"');
    Path file = Files.writeString(dir.resolve("automation.json"), text);

    assertThat(schema.validate(JSON.readTree(text))).as("schema errors for %s", text).isNotEmpty();
    assertThatThrownBy(() -> AutomationFile.read(file))
        .as("reader errors for %s", text)
        .isInstanceOf(ValidationException.class);
  }

  /** Parameters that both the schema and {@code flow.templates()} refuse. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "{'template': 'no-such-template'}",
        "{'template': 'auto-download-playlist'}",
        "{'template': 'auto-download-playlist', 'params': {'url': 'https://example.org/p',"
            + " 'limit': 0}}",
        "{'template': 'convert-to-podcast', 'params': {'bitrate': 1.5}}",
        "{'template': 'convert-to-podcast', 'params': {'minDurration': 60}}",
        "{'template': 'archive-old-downloads', 'params': {'id': 'a b'}}"
      })
  void schema_and_engine_both_refuse_bad_template_parameters(String singleQuoted)
      throws IOException {
    String text = "{\"templates\": [" + singleQuoted.replace('\'', '"') + "]}";
    Path file = Files.writeString(dir.resolve("automation.json"), text);

    assertThat(schema.validate(JSON.readTree(text))).as("schema errors for %s", text).isNotEmpty();
    try (MediaFlow flow = MediaFlow.builder().storage(new InMemoryStorage()).build()) {
      assertThatThrownBy(
              () -> ValidationException.throwIfAny(AutomationFile.read(file).check(flow)))
          .as("engine errors for %s", text)
          .isInstanceOf(RuntimeException.class);
    }
  }

  /** The schema's templates, parameters, required ones and ranges are the shipped templates'. */
  @Test
  void the_templates_and_their_parameters_are_the_shipped_ones() throws IOException {
    JsonNode defs = JSON.readTree(SCHEMA.toFile()).get("$defs");
    List<String> names = new ArrayList<>();
    defs.at("/templateUse/properties/template/enum").forEach(n -> names.add(n.asText()));
    try (MediaFlow flow = MediaFlow.builder().storage(new InMemoryStorage()).build()) {
      List<ShippedTemplate> shipped = flow.templates().list();
      assertThat(names)
          .containsExactlyInAnyOrderElementsOf(
              shipped.stream().map(ShippedTemplate::name).toList());
      for (ShippedTemplate t : shipped) {
        JsonNode params = defs.get(t.name() + "-params");
        assertThat(params).as(t.name()).isNotNull();
        List<String> properties = new ArrayList<>();
        params.get("properties").fieldNames().forEachRemaining(properties::add);
        List<String> expected = new ArrayList<>(List.of("id"));
        t.parameters().stream()
            .map(TemplateParameter::name)
            .filter(n -> !n.equals("id"))
            .forEach(expected::add);
        assertThat(properties).as("parameters of %s", t.name()).containsExactlyElementsOf(expected);
        List<String> required = new ArrayList<>();
        params.path("required").forEach(r -> required.add(r.asText()));
        assertThat(required)
            .as("required parameters of %s", t.name())
            .containsExactlyElementsOf(
                t.parameters().stream()
                    .filter(TemplateParameter::required)
                    .map(TemplateParameter::name)
                    .toList());
        for (TemplateParameter p : t.parameters()) {
          JsonNode s = params.get("properties").get(p.name());
          if (p.type() == TemplateParameter.Type.INTEGER) {
            JsonNode range = s.at("/anyOf/0");
            assertThat(range.get("minimum").asLong()).as(p.name()).isEqualTo(p.min());
            assertThat(range.get("maximum").asLong()).as(p.name()).isEqualTo(p.max());
          } else if (!p.name().equals("id")) {
            assertThat(s.get("$ref").asText())
                .as(p.name())
                .isEqualTo("#/$defs/" + p.type().name().toLowerCase(java.util.Locale.ROOT));
          }
        }
      }
    }
  }
}
