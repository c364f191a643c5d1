package io.mediaflow.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OperatorsIT {

  @TempDir Path dir;

  @Test
  void json_catalogue_lists_the_builtin_operators_with_their_parameters() {
    JsonNode catalogue = Cli.run(dir, "operators", "--json").expectOk().json();
    List<String> names = new ArrayList<>();
    catalogue.get("operators").forEach(op -> names.add(op.get("name").asText()));
    assertThat(names).contains("trim", "scale", "thumbnail").isSorted();

    JsonNode scale = find(catalogue, "scale");
    assertThat(scale.get("description").asText()).isNotBlank();
    assertThat(scale.get("arity").asText()).isEqualTo("1");
    List<String> params = new ArrayList<>();
    scale.get("params").forEach(p -> params.add(p.get("name").asText()));
    assertThat(params).contains("width");
    JsonNode width = scale.get("params").get(params.indexOf("width"));
    assertThat(width.get("type").asText()).isEqualTo("int");
    assertThat(width.has("required")).isTrue();
  }

  @Test
  void the_catalogue_shows_a_file_parameter_as_a_path() {
    JsonNode drawtext = find(Cli.run(dir, "operators", "--json").expectOk().json(), "drawtext");
    List<String> types = new ArrayList<>();
    drawtext
        .get("params")
        .forEach(p -> types.add(p.get("name").asText() + " " + p.get("type").asText()));
    assertThat(types).contains("fontFile path", "text string");

    assertThat(Cli.run(dir, "operators", "drawtext").expectOk().stdout())
        .contains("  fontFile (path, optional): ");
  }

  @Test
  void text_catalogue_shows_one_operator_by_name() {
    Cli.Result result = Cli.run(dir, "operators", "trim").expectOk();
    assertThat(result.stdout()).startsWith("trim - ").contains("inputs: 1");
    assertThat(result.stdout()).doesNotContain("scale -");
  }

  @Test
  void unknown_operator_name_exits_2_and_lists_the_known_ones() {
    Cli.Result result = Cli.run(dir, "operators", "sharpen").expectExit(2);
    assertThat(result.errorLines().get(0))
        .startsWith("error: UNKNOWN_OPERATOR: ")
        .contains("sharpen");
    assertThat(result.errorLines().get(1))
        .startsWith("hint: ")
        .contains("trim", "scale", "thumbnail");
    assertThat(result.stdout()).isEmpty();
  }

  static JsonNode find(JsonNode catalogue, String name) {
    for (JsonNode op : catalogue.get("operators")) {
      if (op.get("name").asText().equals(name)) {
        return op;
      }
    }
    throw new AssertionError("no operator " + name + " in " + catalogue);
  }
}
