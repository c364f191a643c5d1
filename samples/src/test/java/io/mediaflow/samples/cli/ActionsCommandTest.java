package io.mediaflow.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code mediaflow actions [NAME] [--json]}, run in this JVM on the command line's own parser. */
class ActionsCommandTest {

  record Result(int code, String out, String err) {}

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        MediaflowCli.execute(
            new Terminal(new PrintWriter(out), new PrintWriter(err), false, false), args);
    return new Result(code, out.toString(), err.toString());
  }

  static JsonNode find(JsonNode catalogue, String name) {
    for (JsonNode a : catalogue.get("actions")) {
      if (a.get("name").asText().equals(name)) {
        return a;
      }
    }
    throw new AssertionError("no action " + name + " in " + catalogue);
  }

  @Test
  void json_lists_every_built_in_action_sorted_with_params_outputs_dry_run_and_errors()
      throws Exception {
    Result r = run("actions", "--json");

    assertThat(r.code()).as(r.err()).isZero();
    JsonNode catalogue = new ObjectMapper().readTree(r.out());
    List<String> names = new ArrayList<>();
    catalogue.get("actions").forEach(a -> names.add(a.get("name").asText()));
    assertThat(names)
        .contains("notify.webhook", "notify.email", "notify.slack", "system.wait", "system.exec")
        .isSorted();
    JsonNode exec = find(catalogue, "system.exec");
    assertThat(exec.get("category").asText()).isEqualTo("system");
    assertThat(exec.get("dryRun").asText()).isEqualTo("describes_itself");
    assertThat(exec.get("params").get(0).get("name").asText()).isEqualTo("program");
    assertThat(exec.get("params").get(0).get("type").asText()).isEqualTo("string");
    assertThat(exec.get("params").get(0).get("required").asBoolean()).isTrue();
    List<String> outputs = new ArrayList<>();
    exec.get("outputs").forEach(o -> outputs.add(o.get("name").asText()));
    assertThat(outputs).contains("exitCode", "stdout", "stderr");
    JsonNode timeout = null;
    for (JsonNode e : exec.get("errors")) {
      if (e.get("code").asText().equals("SYSTEM_EXEC_TIMEOUT")) {
        timeout = e;
      }
    }
    assertThat(timeout).isNotNull();
    assertThat(timeout.get("category").asText()).isEqualTo("processing");
    assertThat(timeout.get("retryable").asBoolean()).isTrue();
  }

  @Test
  void text_shows_one_action_by_name() {
    Result r = run("actions", "notify.webhook");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .startsWith("notify.webhook - POSTs a JSON message signed as Standard Webhooks asks")
        .contains("[notify]")
        .contains("  test run: describes what it would do, touching nothing")
        .contains("    url (string, required): ")
        .contains("    timeout (duration, optional, default 30s, 1..300): for the whole exchange")
        .contains("  outputs:\n    id: the webhook-id sent")
        .contains("    NOTIFY_WEBHOOK_REJECTED (processing, retryable)")
        .contains("    NOTIFY_WEBHOOK_NO_SECRET (configuration)")
        .doesNotContain("system.exec");
  }

  @Test
  void an_unknown_action_exits_2_and_lists_the_known_ones() {
    Result r = run("actions", "notify.pager");

    assertThat(r.code()).isEqualTo(2);
    List<String> lines = r.err().lines().toList();
    assertThat(lines.get(0)).isEqualTo("error: UNKNOWN_ACTION: no action named 'notify.pager'");
    assertThat(lines.get(1)).startsWith("hint: known actions: ").contains("notify.email");
    assertThat(r.out()).isEmpty();
  }
}
