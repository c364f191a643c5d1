package io.mediaflow.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mediaflow actions} from the packaged jar, as a user runs it. */
class ActionsIT {

  @TempDir Path dir;

  @Test
  void the_packaged_jar_lists_the_built_in_actions_as_json() {
    JsonNode catalogue = Cli.run(dir, "actions", "--json").expectOk().json();

    List<String> names = new ArrayList<>();
    catalogue.get("actions").forEach(a -> names.add(a.get("name").asText()));
    assertThat(names)
        .contains("notify.webhook", "notify.email", "notify.slack", "system.wait", "system.exec")
        .isSorted();
  }

  @Test
  void one_action_by_name_in_text_and_an_unknown_one_exits_2() {
    assertThat(Cli.run(dir, "actions", "system.exec").expectOk().stdout())
        .startsWith("system.exec - Runs an allow-listed program")
        .contains("    SYSTEM_EXEC_DISABLED (configuration)");

    Cli.Result unknown = Cli.run(dir, "actions", "system.shell").expectExit(2);
    assertThat(unknown.errorLines().get(0))
        .isEqualTo("error: UNKNOWN_ACTION: no action named 'system.shell'");
  }
}
