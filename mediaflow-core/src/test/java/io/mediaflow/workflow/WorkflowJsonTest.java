package io.mediaflow.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mediaflow.WorkflowJson;
import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.ValidationException;
import io.mediaflow.api.Violation;
import io.mediaflow.api.condition.Comparison;
import io.mediaflow.api.condition.ConditionErrors;
import io.mediaflow.api.condition.Operator;
import io.mediaflow.api.job.RetryPolicy;
import io.mediaflow.api.workflow.ActionNode;
import io.mediaflow.api.workflow.ConditionNode;
import io.mediaflow.api.workflow.DelayNode;
import io.mediaflow.api.workflow.Edge;
import io.mediaflow.api.workflow.ErrorNode;
import io.mediaflow.api.workflow.ErrorPolicy;
import io.mediaflow.api.workflow.LoopNode;
import io.mediaflow.api.workflow.MergeNode;
import io.mediaflow.api.workflow.NodeSettings;
import io.mediaflow.api.workflow.ParallelNode;
import io.mediaflow.api.workflow.SwitchNode;
import io.mediaflow.api.workflow.TriggerNode;
import io.mediaflow.api.workflow.Workflow;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading and writing the JSON form of workflows: every node type, the canonical form, bad input.
 */
class WorkflowJsonTest {

  static final Path EXAMPLES = Path.of("..", "docs", "examples", "workflows");

  @Test
  void reads_every_node_type_of_the_archive_example() {
    Workflow wf = WorkflowJson.read(EXAMPLES.resolve("archive.json"));

    assertThat(wf.id()).isEqualTo("archive");
    assertThat(wf.variables()).containsEntry("quality", "best");
    assertThat(wf.onError().then()).isEqualTo(ErrorPolicy.Then.PAUSE);
    assertThat(wf.onError().notifyAction()).isEqualTo("notify.email");
    assertThat(wf.onError().retry().maxAttempts()).isEqualTo(3);
    assertThat(wf.onError().retry().initialDelay()).isEqualTo(Duration.ofSeconds(10));
    assertThat(wf.node("start")).contains(TriggerNode.manual("start"));
    ActionNode dl = (ActionNode) wf.node("dl").orElseThrow();
    assertThat(dl.action()).isEqualTo("download.url");
    assertThat(dl.params()).containsEntry("url", "${trigger.url}");
    assertThat(dl.settings().timeout()).isEqualTo(Duration.ofMinutes(30));
    assertThat(dl.settings().retry())
        .isEqualTo(RetryPolicy.from(RetryPolicy.ofDefaults()).maxAttempts(3).build());
    assertThat(dl.settings().output()).containsEntry("file", "path");
    assertThat(dl.settings().onError()).isEqualTo("fail1");
    assertThat(wf.node("big"))
        .contains(
            new ConditionNode(
                "big", Comparison.of("${nodes.dl.output.size}", Operator.GT, 1_000_000)));
    assertThat(wf.node("kind"))
        .contains(new SwitchNode("kind", "${trigger.kind}", List.of("movie", "episode")));
    assertThat(wf.node("wait"))
        .contains(new DelayNode("wait", new DelayNode.For(Duration.ofHours(1))));
    assertThat(wf.node("until"))
        .contains(
            new DelayNode("until", new DelayNode.Until(Instant.parse("2026-12-24T00:00:00Z"))));
    assertThat(wf.node("ok"))
        .contains(
            new DelayNode(
                "ok", new DelayNode.Signal("approved", Duration.ofDays(3), "${trigger.path}")));
    assertThat(wf.node("each"))
        .contains(new LoopNode("each", "${nodes.list.output.files}", "file", 1000, 4));
    assertThat(wf.node("fan")).contains(new ParallelNode("fan"));
    assertThat(wf.node("join")).contains(MergeNode.all("join"));
    assertThat(wf.node("fail1"))
        .contains(
            new ErrorNode(
                "fail1",
                ErrorPolicy.fallback()
                    .withRetry(RetryPolicy.from(RetryPolicy.ofDefaults()).maxAttempts(3).build())));
    assertThat(wf.edges()).contains(Edge.of("start", "dl"), new Edge("big", "large", "true"));
  }

  @Test
  void reads_merge_modes_trigger_kinds_and_defaults() {
    Workflow wf =
        WorkflowJson.parse(
            """
            {"id": "w", "nodes": [
              {"id": "t", "type": "trigger", "kind": "webhook"},
              {"id": "any", "type": "merge", "mode": "any"},
              {"id": "two", "type": "merge", "mode": {"n": 2}},
              {"id": "all", "type": "merge"},
              {"id": "l", "type": "loop", "items": "${trigger.files}", "as": "f"},
              {"id": "a", "type": "action", "action": "x.y"}
            ]}
            """);

    assertThat(wf.version()).isEqualTo(Workflow.CURRENT_VERSION);
    assertThat(wf.name()).isEmpty();
    assertThat(wf.onError()).isEqualTo(ErrorPolicy.ABORT);
    assertThat(wf.edges()).isEmpty();
    assertThat(wf.nodes())
        .containsExactly(
            new TriggerNode("t", TriggerNode.Kind.WEBHOOK),
            MergeNode.any("any"),
            MergeNode.count("two", 2),
            MergeNode.all("all"),
            LoopNode.of("l", "${trigger.files}", "f"),
            new ActionNode("a", "x.y", Map.of(), NodeSettings.DEFAULT));
  }

  @Test
  void every_example_round_trips() {
    for (String name : List.of("archive.json", "minimal.json", "first-of-two.json")) {
      Workflow wf = WorkflowJson.read(EXAMPLES.resolve(name));

      String written = WorkflowJson.write(wf);

      assertThat(WorkflowJson.parse(written)).as(name).isEqualTo(wf);
      assertThat(WorkflowJson.write(WorkflowJson.parse(written))).as(name).isEqualTo(written);
    }
  }

  @Test
  void writes_the_canonical_form_leaving_out_defaults() {
    Workflow wf =
        Workflow.builder("w")
            .trigger("start")
            .action("a", "media.convert")
            .param("input", "${trigger.path}")
            .timeout(Duration.ofMinutes(90))
            .retry(RetryPolicy.builder().fixed(Duration.ofSeconds(5)).maxAttempts(2).build())
            .merge("m")
            .node(MergeNode.count("n", 2))
            .awaitSignal("s", "go", Duration.ofDays(1))
            .chain("start", "a")
            .edge("a", "m", "next")
            .build();

    assertThat(WorkflowJson.write(wf))
        .isEqualTo(
            """
            {
              "version": 1,
              "id": "w",
              "nodes": [
                {
                  "id": "start",
                  "type": "trigger"
                },
                {
                  "id": "a",
                  "type": "action",
                  "action": "media.convert",
                  "params": {
                    "input": "${trigger.path}"
                  },
                  "timeout": "1h30m",
                  "retry": {
                    "kind": "fixed",
                    "maxAttempts": 2,
                    "initialDelay": "5s"
                  }
                },
                {
                  "id": "m",
                  "type": "merge"
                },
                {
                  "id": "n",
                  "type": "merge",
                  "mode": {
                    "n": 2
                  }
                },
                {
                  "id": "s",
                  "type": "delay",
                  "signal": "go",
                  "timeout": "1d"
                }
              ],
              "edges": [
                {
                  "from": "start",
                  "to": "a"
                },
                {
                  "from": "a",
                  "to": "m"
                }
              ]
            }""");
  }

  @Test
  void a_value_with_no_json_form_is_refused_at_its_path() {
    Workflow wf = Workflow.builder("w").action("a", "x.y").param("when", new Object()).build();

    ValidationException e =
        catchThrowableOfType(ValidationException.class, () -> WorkflowJson.write(wf));

    assertThat(e.violations()).extracting(Violation::path).containsExactly("nodes[0].params.when");
    assertThat(e.code()).isEqualTo(ErrorCode.WRONG_TYPE);
  }

  // ---------------------------------------------------------------- bad input, one kind at a time

  @Test
  void malformed_json_names_line_and_column() {
    Violation v = only("{\"id\": \"w\",\n \"nodes\": [}");

    assertThat(v.code()).isEqualTo(ErrorCode.MALFORMED_JSON);
    assertThat(v.message()).startsWith("the document is not valid JSON at line 2, column");
  }

  @Test
  void a_document_that_is_not_an_object_is_refused() {
    Violation v = only("[1]");

    assertThat(v.code()).isEqualTo(ErrorCode.WRONG_TYPE);
    assertThat(v.message()).isEqualTo("expected a JSON object but was an array");
  }

  @Test
  void unknown_fields_are_named_with_a_suggestion() {
    List<Violation> problems =
        problems(
            "{\"id\": \"w\", \"node\": [], \"nodes\": [{\"id\": \"t\", \"type\": \"trigger\","
                + " \"knd\": \"manual\"}]}");

    assertThat(problems)
        .extracting(Violation::path, Violation::code, Violation::suggestion)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "node", ErrorCode.UNKNOWN_FIELD, "did you mean 'nodes'?"),
            org.assertj.core.groups.Tuple.tuple(
                "nodes[0].knd", ErrorCode.UNKNOWN_FIELD, "did you mean 'kind'?"));
    assertThat(problems.get(1).message())
        .isEqualTo(
            "unknown field \"knd\" in a trigger node; expected one of: id, type, kind, rule");
  }

  @Test
  void missing_fields_are_reported_where_they_belong() {
    List<Violation> problems =
        problems(
            "{\"nodes\": [{\"type\": \"action\", \"id\": \"a\"}, {\"id\": \"x\"}],"
                + " \"edges\": [{\"from\": \"a\"}]}");

    assertThat(problems)
        .extracting(Violation::path)
        .containsExactly("id", "nodes[0].action", "nodes[1].type", "edges[0].to");
    assertThat(problems).allMatch(v -> v.code() == ErrorCode.MISSING_FIELD);
    assertThat(problems.get(1).message())
        .isEqualTo(
            "missing required field \"action\"; expected the action's name, such as"
                + " \"media.convert\"");
  }

  @Test
  void wrong_types_are_reported() {
    List<Violation> problems =
        problems(
            "{\"id\": 5, \"nodes\": [{\"id\": \"a\", \"type\": \"action\", \"action\": \"x.y\","
                + " \"params\": [], \"output\": {\"v\": 1}}], \"edges\": {}}");

    assertThat(problems)
        .extracting(Violation::path)
        .containsExactly("id", "nodes[0].params", "nodes[0].output.v", "edges");
    assertThat(problems).allMatch(v -> v.code() == ErrorCode.WRONG_TYPE);
    assertThat(problems.get(0).message())
        .isEqualTo(
            "expected a string: the workflow's id, such as \"archive\" but was the number 5");
  }

  @Test
  void an_unknown_node_type_suggests_the_closest() {
    Violation v = only("{\"id\": \"w\", \"nodes\": [{\"id\": \"a\", \"type\": \"acton\"}]}");

    assertThat(v.path()).isEqualTo("nodes[0].type");
    assertThat(v.code()).isEqualTo(ErrorCode.INVALID_VALUE);
    assertThat(v.message())
        .isEqualTo(
            "unknown node type \"acton\"; expected one of trigger, action, condition, delay, loop,"
                + " parallel, merge, error");
    assertThat(v.suggestion()).isEqualTo("did you mean 'action'?");
  }

  @Test
  void bad_durations_and_instants_are_refused() {
    List<Violation> problems =
        problems(
            "{\"id\": \"w\", \"nodes\": ["
                + "{\"id\": \"a\", \"type\": \"delay\", \"duration\": \"1 hour\"},"
                + "{\"id\": \"b\", \"type\": \"delay\", \"until\": \"tomorrow\"},"
                + "{\"id\": \"c\", \"type\": \"action\", \"action\": \"x.y\", \"timeout\": 30}]}");

    assertThat(problems)
        .extracting(Violation::path, Violation::code)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("nodes[0].duration", ErrorCode.INVALID_VALUE),
            org.assertj.core.groups.Tuple.tuple("nodes[1].until", ErrorCode.INVALID_VALUE),
            org.assertj.core.groups.Tuple.tuple("nodes[2].timeout", ErrorCode.WRONG_TYPE));
    assertThat(problems.get(0).message())
        .isEqualTo(
            "\"1 hour\" is not a duration; expected a duration such as \"30s\", \"10m\", \"1h30m\""
                + " or \"3d\"");
    assertThat(problems.get(1).message())
        .isEqualTo(
            "\"tomorrow\" is not an instant; expected UTC date and time such as"
                + " \"2026-12-24T00:00:00Z\"");
  }

  @Test
  void a_newer_version_is_the_one_problem() {
    Violation v = only("{\"version\": 2, \"id\": \"w\", \"nodes\": [], \"future\": true}");

    assertThat(v.path()).isEqualTo("version");
    assertThat(v.code()).isEqualTo(ErrorCode.UNSUPPORTED_VERSION);
    assertThat(v.message())
        .isEqualTo(
            "workflow version 2 is newer than this library understands; the newest it reads is 1");
  }

  @Test
  void version_zero_is_out_of_range() {
    Violation v = only("{\"version\": 0, \"id\": \"w\", \"nodes\": []}");

    assertThat(v.code()).isEqualTo(ErrorCode.OUT_OF_RANGE);
    assertThat(v.message()).isEqualTo("version must be at least 1 but was 0");
  }

  @Test
  void retry_policies_are_checked() {
    List<Violation> problems =
        problems(
            "{\"id\": \"w\", \"onError\": {\"retry\": {\"maxAttempts\": 0, \"kind\": \"expo\"}},"
                + " \"nodes\": [{\"id\": \"a\", \"type\": \"action\", \"action\": \"x.y\","
                + " \"retry\": {\"initialDelay\": \"1m\", \"maxDelay\": \"10s\", \"jitter\": 2}}]}");

    assertThat(problems)
        .extracting(Violation::path, Violation::code)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("onError.retry.kind", ErrorCode.INVALID_VALUE),
            org.assertj.core.groups.Tuple.tuple(
                "onError.retry.maxAttempts", ErrorCode.OUT_OF_RANGE),
            org.assertj.core.groups.Tuple.tuple("nodes[0].retry.jitter", ErrorCode.OUT_OF_RANGE));
    assertThat(problems.get(0).suggestion()).isEqualTo("did you mean 'exponential'?");
    assertThat(problems.get(1).message())
        .isEqualTo("maxAttempts must be between 1 and 1000 but was 0");
    assertThat(
            only("{\"id\": \"w\", \"nodes\": [{\"id\": \"a\", \"type\": \"action\", \"action\": \"x.y\","
                    + " \"retry\": {\"initialDelay\": \"1m\", \"maxDelay\": \"10s\"}}]}")
                .message())
        .isEqualTo("maxDelay (10s) must be at least initialDelay (1m)");
  }

  @Test
  void a_condition_has_if_or_switch() {
    assertThat(only("{\"id\": \"w\", \"nodes\": [{\"id\": \"c\", \"type\": \"condition\"}]}"))
        .isEqualTo(
            new Violation(
                "nodes[0]",
                ErrorCode.MISSING_FIELD,
                "a condition needs \"if\" (a comparison) or \"switch\" (with \"cases\")",
                "write {\"if\": {\"left\": ..., \"op\": \"eq\", \"right\": ...}} or {\"switch\":"
                    + " \"${trigger.kind}\", \"cases\": [\"a\", \"b\"]}"));
    Violation both =
        only(
            "{\"id\": \"w\", \"nodes\": [{\"id\": \"c\", \"type\": \"condition\", \"switch\": \"x\","
                + " \"cases\": [], \"if\": {\"left\": 1, \"op\": \"eq\", \"right\": 1}}]}");
    assertThat(both.code()).isEqualTo(ErrorCode.INVALID_VALUE);
    assertThat(both.message()).isEqualTo("a condition has either \"if\" or \"switch\", not both");
  }

  @Test
  void a_comparison_needs_known_operator_and_both_sides() {
    List<Violation> problems =
        problems(
            "{\"id\": \"w\", \"nodes\": [{\"id\": \"c\", \"type\": \"condition\","
                + " \"if\": {\"left\": {\"x\": 1}, \"op\": \"greater\"}}]}");

    assertThat(problems)
        .extracting(Violation::path, Violation::code)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "nodes[0].if.op", ConditionErrors.CONDITION_INVALID),
            org.assertj.core.groups.Tuple.tuple("nodes[0].if.left", ErrorCode.WRONG_TYPE),
            org.assertj.core.groups.Tuple.tuple("nodes[0].if.right", ErrorCode.MISSING_FIELD));
    assertThat(problems.get(0).message())
        .isEqualTo(
            "unknown operator \"greater\"; expected one of eq ne gt gte lt lte contains"
                + " startsWith endsWith in exists");
  }

  @Test
  void a_delay_waits_for_one_thing_and_a_signal_has_a_timeout() {
    Violation two =
        only(
            "{\"id\": \"w\", \"nodes\": [{\"id\": \"d\", \"type\": \"delay\", \"duration\": \"1h\","
                + " \"signal\": \"go\"}]}");
    Violation none = only("{\"id\": \"w\", \"nodes\": [{\"id\": \"d\", \"type\": \"delay\"}]}");
    Violation noTimeout =
        only(
            "{\"id\": \"w\", \"nodes\": [{\"id\": \"d\", \"type\": \"delay\", \"signal\": \"go\"}]}");
    Violation keyOnDuration =
        only(
            "{\"id\": \"w\", \"nodes\": [{\"id\": \"d\", \"type\": \"delay\", \"duration\": \"1h\","
                + " \"key\": \"k\"}]}");

    assertThat(two.message()).isEqualTo("a delay waits for one thing but has duration and signal");
    assertThat(none.code()).isEqualTo(ErrorCode.MISSING_FIELD);
    assertThat(noTimeout.path()).isEqualTo("nodes[0].timeout");
    assertThat(noTimeout.code()).isEqualTo(ErrorCode.MISSING_FIELD);
    assertThat(keyOnDuration.path()).isEqualTo("nodes[0].key");
    assertThat(keyOnDuration.message())
        .isEqualTo("\"key\" belongs to a delay that waits for a signal, not for duration");
  }

  @Test
  void merge_modes_are_checked() {
    Violation bad =
        only(
            "{\"id\": \"w\", \"nodes\": [{\"id\": \"m\", \"type\": \"merge\", \"mode\": \"some\"}]}");
    Violation zero =
        only(
            "{\"id\": \"w\", \"nodes\": [{\"id\": \"m\", \"type\": \"merge\", \"mode\": {\"n\": 0}}]}");

    assertThat(bad.path()).isEqualTo("nodes[0].mode");
    assertThat(bad.message()).isEqualTo("\"some\" is not a merge mode; expected one of all, any");
    assertThat(zero.path()).isEqualTo("nodes[0].mode.n");
    assertThat(zero.code()).isEqualTo(ErrorCode.OUT_OF_RANGE);
  }

  @Test
  void an_error_node_says_what_then() {
    Violation v = only("{\"id\": \"w\", \"nodes\": [{\"id\": \"e\", \"type\": \"error\"}]}");

    assertThat(v.path()).isEqualTo("nodes[0].then");
    assertThat(v.code()).isEqualTo(ErrorCode.MISSING_FIELD);
    assertThat(v.message())
        .isEqualTo(
            "missing required field \"then\"; expected what happens after the retries: fallback,"
                + " skip, abort, pause");
  }

  @Test
  void an_empty_port_is_refused() {
    Violation v =
        only(
            "{\"id\": \"w\", \"nodes\": [], \"edges\": [{\"from\": \"a\", \"to\": \"b\", \"port\": \"\"}]}");

    assertThat(v)
        .isEqualTo(
            new Violation(
                "edges[0].port",
                ErrorCode.INVALID_VALUE,
                "the port is empty",
                "name a port of the node, or leave \"port\" out for \"next\""));
  }

  @Test
  void a_duplicate_field_is_malformed() {
    Violation v = only("{\"id\": \"w\", \"id\": \"v\", \"nodes\": []}");

    assertThat(v.code()).isEqualTo(ErrorCode.MALFORMED_JSON);
  }

  @Test
  void every_problem_of_a_document_is_reported_at_once() {
    ValidationException e =
        catchThrowableOfType(
            ValidationException.class,
            () ->
                WorkflowJson.parse(
                    "{\"id\": \"w\", \"nodes\": [{\"id\": \"a\", \"type\": \"loop\"},"
                        + " {\"id\": \"b\", \"type\": \"delay\", \"duration\": \"soon\"}]}"));

    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_SPEC);
    assertThat(e.violations())
        .extracting(Violation::path)
        .containsExactly("nodes[0].items", "nodes[0].as", "nodes[1].duration");
  }

  @Test
  void a_missing_file_is_named_as_a_workflow_file(@TempDir Path dir) {
    Path missing = dir.resolve("nothing.json");

    MediaFlowException e =
        catchThrowableOfType(MediaFlowException.class, () -> WorkflowJson.read(missing));

    assertThat(e.code()).isEqualTo(ErrorCode.INPUT_NOT_FOUND);
    assertThat(e.getMessage()).contains("workflow file " + missing + " does not exist");
  }

  static List<Violation> problems(String json) {
    ValidationException e =
        catchThrowableOfType(ValidationException.class, () -> WorkflowJson.parse(json));
    assertThat(e).as("problems of %s", json).isNotNull();
    return e.violations();
  }

  static Violation only(String json) {
    List<Violation> problems = problems(json);
    assertThat(problems).hasSize(1);
    return problems.get(0);
  }
}
