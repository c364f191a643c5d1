package io.mediaflow.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginIT {

  @TempDir Path dir;
  Path plugins;

  @BeforeEach
  void plugin_folder() throws IOException {
    plugins = Files.createDirectories(dir.resolve("plugins"));
    Files.copy(Cli.SAMPLE_PLUGIN_JAR, plugins.resolve("grayscale.jar"));
  }

  @Test
  void grayscale_is_not_built_in() {
    Cli.Result result = Cli.run(dir, "operators").expectOk();
    assertThat(result.stdout()).contains("trim - ").doesNotContain("grayscale");

    Cli.run(dir, "operators", "grayscale").expectExit(2);
  }

  @Test
  void plugins_option_adds_grayscale_before_or_after_the_command() {
    Cli.Result global = Cli.run(dir, "--plugins", plugins.toString(), "operators", "--json");
    JsonNode grayscale = OperatorsIT.find(global.expectOk().json(), "grayscale");
    JsonNode strength = grayscale.get("params").get(0);
    assertThat(strength.get("name").asText()).isEqualTo("strength");
    assertThat(strength.get("type").asText()).isEqualTo("float");
    assertThat(strength.get("required").asBoolean()).isFalse();
    assertThat(strength.get("default").asDouble()).isEqualTo(1.0);
    assertThat(strength.get("min").asDouble()).isEqualTo(0.0);
    assertThat(strength.get("max").asDouble()).isEqualTo(1.0);

    Cli.Result local = Cli.run(dir, "operators", "grayscale", "--plugins", "plugins").expectOk();
    assertThat(local.stdout())
        .startsWith("grayscale - ")
        .contains("strength (float, optional, default 1.0, 0..1)");
  }

  @Test
  void plan_with_the_plugin_operator_compiles_to_hue() {
    Workdir.clip(dir, "in.mp4");
    Path spec =
        Workdir.spec(
            dir,
            "gray.json",
            """
            {
              "inputs": [{ "id": "main", "source": "file:in.mp4" }],
              "operations": [
                { "op": "grayscale", "input": "main", "output": "gray", "params": { "strength": 0.75 } }
              ],
              "outputs": [{ "id": "gray", "destination": "file:out/gray.mp4" }]
            }
            """);

    Cli.run(dir, "plan", spec.toString()).expectExit(2);

    JsonNode plan = Cli.run(dir, "--plugins", "plugins", "plan", spec.toString()).expectOk().json();
    assertThat(plan.get("invocations")).hasSize(1);
    assertThat(plan.get("invocations").get(0).get("args").toString()).contains("hue=s=0.25");
  }

  @Test
  void plugin_parameters_are_validated_with_their_path() {
    Path spec =
        Workdir.spec(
            dir,
            "gray.json",
            """
            {
              "inputs": [{ "id": "main", "source": "file:in.mp4" }],
              "operations": [
                { "op": "grayscale", "input": "main", "output": "gray", "params": { "strength": 2 } }
              ],
              "outputs": [{ "id": "gray", "destination": "file:out/gray.mp4" }]
            }
            """);
    Cli.Result result = Cli.run(dir, "--plugins", "plugins", "plan", spec.toString()).expectExit(2);
    assertThat(result.stderr()).contains("error: OUT_OF_RANGE operations[0].params.strength: ");
  }

  @Test
  void two_jars_with_one_operator_name_are_refused_naming_both_jars() throws IOException {
    Files.copy(Cli.SAMPLE_PLUGIN_JAR, plugins.resolve("grayscale-copy.jar"));

    // a set-up problem, not a bad request: exit 1
    Cli.Result result = Cli.run(dir, "--plugins", plugins.toString(), "operators").expectExit(1);

    assertThat(result.errorLines().get(0))
        .startsWith("error: DUPLICATE_OPERATOR: operator 'grayscale' is provided twice")
        .contains("grayscale.jar")
        .contains("grayscale-copy.jar");
    assertThat(result.stdout()).isEmpty();
  }
}
