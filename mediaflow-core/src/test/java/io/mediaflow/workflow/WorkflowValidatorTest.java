package io.mediaflow.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.mediaflow.ActionRegistry;
import io.mediaflow.WorkflowJson;
import io.mediaflow.Workspace;
import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.Violation;
import io.mediaflow.api.condition.Comparison;
import io.mediaflow.api.condition.Operator;
import io.mediaflow.api.operator.PathResolver;
import io.mediaflow.api.workflow.ConditionNode;
import io.mediaflow.api.workflow.DelayNode;
import io.mediaflow.api.workflow.ErrorPolicy;
import io.mediaflow.api.workflow.LoopNode;
import io.mediaflow.api.workflow.MergeNode;
import io.mediaflow.api.workflow.TriggerNode;
import io.mediaflow.api.workflow.Workflow;
import io.mediaflow.api.workflow.WorkflowErrors;
import io.mediaflow.internal.workflow.WorkflowValidator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every validation rule of workflows: its code, its path, its message and its suggestion. */
class WorkflowValidatorTest {

  private static final Workspace WORKSPACE = Workspace.builder().build();

  private static List<Violation> validate(Workflow wf) {
    return WorkflowJson.validate(wf, TestActions.registry(), WORKSPACE);
  }

  private static Violation only(Workflow wf) {
    List<Violation> problems = validate(wf);
    assertThat(problems).as("problems").hasSize(1);
    return problems.get(0);
  }

  private static Workflow.Builder started() {
    return Workflow.builder("w").trigger("start");
  }

  @Test
  void the_examples_of_the_documentation_are_valid() throws Exception {
    try (Stream<Path> files = Files.list(WorkflowJsonTest.EXAMPLES)) {
      for (Path file : files.sorted().toList()) {
        // the test actions, and the built-in ones whose names they leave free
        ActionRegistry withBuiltins =
            ActionRegistry.load(
                WorkflowValidatorTest.class.getClassLoader(), TestActions.registry().all());
        assertThat(WorkflowJson.validate(Files.readString(file), withBuiltins, WORKSPACE))
            .as(file.toString())
            .isEmpty();
      }
    }
  }

  @Test
  void a_workflow_id_is_a_name_stores_can_keep() {
    Violation v = only(Workflow.builder("my workflow!").trigger("t").build());

    assertThat(v.path()).isEqualTo("id");
    assertThat(v.code()).isEqualTo(ErrorCode.INVALID_VALUE);
    assertThat(v.message()).isEqualTo("workflow id \"my workflow!\" is not allowed");
  }

  @Test
  void node_ids_are_names_templates_can_use_and_unique() {
    List<Violation> problems =
        validate(started().parallel("a-b").parallel("start").chain("start", "a-b").build());

    assertThat(problems)
        .extracting(Violation::path, Violation::code)
        .contains(
            tuple("nodes[1].id", ErrorCode.INVALID_VALUE),
            tuple("nodes[2].id", ErrorCode.DUPLICATE_ID));
    assertThat(problems.get(0).message()).isEqualTo("node id \"a-b\" is not allowed");
    assertThat(problems.get(1).message())
        .isEqualTo("node id \"start\" is already used by nodes[0]");
  }

  @Test
  void a_workflow_has_exactly_one_trigger() {
    Violation none = only(Workflow.builder("w").build());
    List<Violation> two = validate(started().node(TriggerNode.manual("again")).build());

    assertThat(none)
        .isEqualTo(
            new Violation(
                "nodes",
                WorkflowErrors.TRIGGER_COUNT,
                "the workflow has no trigger node; it needs exactly one",
                "add {\"id\": \"start\", \"type\": \"trigger\"} and an edge from it to the first"
                    + " node"));
    assertThat(two)
        .extracting(Violation::path, Violation::code, Violation::message)
        .containsExactly(
            tuple(
                "nodes[1]",
                WorkflowErrors.TRIGGER_COUNT,
                "the workflow has 2 trigger nodes; it needs exactly one (the first is 'start')"));
  }

  @Test
  void an_edge_names_nodes_that_exist() {
    List<Violation> problems =
        validate(
            started()
                .action("dl", "file.list")
                .param("folder", "/x")
                .chain("start", "dl")
                .edge("dll", "nowhere")
                .build());

    assertThat(problems)
        .extracting(Violation::path, Violation::code, Violation::suggestion)
        .containsExactly(
            tuple("edges[1].from", WorkflowErrors.DANGLING_EDGE, "did you mean 'dl'?"),
            tuple("edges[1].to", WorkflowErrors.DANGLING_EDGE, "known nodes: start, dl"));
    assertThat(problems.get(0).message())
        .isEqualTo("the edge names node \"dll\", but no node has that id");
  }

  @Test
  void an_edge_leaves_by_a_port_its_node_has() {
    Violation v =
        only(
            started()
                .condition("c", "${trigger.x}", Operator.EQ, 1)
                .delay("d", Duration.ofSeconds(1))
                .chain("start", "c")
                .edge("c", "d", "ture")
                .build());

    assertThat(v.path()).isEqualTo("edges[1].port");
    assertThat(v.code()).isEqualTo(WorkflowErrors.UNKNOWN_PORT);
    assertThat(v.message()).startsWith("a condition node has no port \"ture\"; 'c' has ");
    assertThat(v.suggestion()).isEqualTo("did you mean 'true'?");
  }

  @Test
  void no_edge_enters_the_trigger_and_a_port_leads_to_one_node() {
    List<Violation> problems =
        validate(
            started()
                .delay("a", Duration.ofSeconds(1))
                .delay("b", Duration.ofSeconds(1))
                .chain("start", "a", "start")
                .edge("start", "b")
                .build());

    assertThat(problems)
        .extracting(Violation::path, Violation::code)
        .containsExactly(
            tuple("edges[1].to", ErrorCode.INVALID_VALUE),
            tuple("edges[2]", ErrorCode.INVALID_VALUE));
    assertThat(problems.get(0).message())
        .isEqualTo("an edge enters the trigger 'start'; the trigger is only where runs start");
    assertThat(problems.get(1).message())
        .isEqualTo(
            "port \"next\" of 'start' already leads to 'a' (edges[0]); a port leads to one node");
  }

  @Test
  void a_cycle_is_reported_at_the_edge_that_closes_it() {
    Violation v =
        only(
            started()
                .delay("a", Duration.ofSeconds(1))
                .delay("b", Duration.ofSeconds(1))
                .delay("c", Duration.ofSeconds(1))
                .chain("start", "a", "b", "c", "a")
                .build());

    assertThat(v.path()).isEqualTo("edges[3]");
    assertThat(v.code()).isEqualTo(WorkflowErrors.WORKFLOW_CYCLE);
    assertThat(v.message()).isEqualTo("the edge from 'c' to 'a' closes a cycle: a → b → c → a");
    assertThat(v.suggestion())
        .isEqualTo(
            "a workflow is a graph without cycles: to repeat nodes, use a loop node over a list");
  }

  @Test
  void a_cycle_through_a_loop_body_is_a_cycle_too() {
    Violation v =
        only(
            started()
                .loop("each", "${trigger.files}", "file")
                .delay("body", Duration.ofSeconds(1))
                .chain("start", "each")
                .edge("each", "body", LoopNode.EACH)
                .edge("body", "each")
                .build());

    assertThat(v.code()).isEqualTo(WorkflowErrors.WORKFLOW_CYCLE);
    assertThat(v.path()).isEqualTo("edges[2]");
  }

  @Test
  void every_node_is_reachable_from_the_trigger() {
    List<Violation> problems =
        validate(
            started()
                .delay("a", Duration.ofSeconds(1))
                .delay("lost", Duration.ofSeconds(1))
                .error("handler", ErrorPolicy.skip())
                .chain("start", "a")
                .build());

    assertThat(problems)
        .containsExactly(
            new Violation(
                "nodes[2]",
                WorkflowErrors.UNREACHABLE_NODE,
                "no path leads from the trigger to delay node 'lost'",
                "add an edge to it, or remove it"),
            new Violation(
                "nodes[3]",
                WorkflowErrors.UNREACHABLE_NODE,
                "error node 'handler' is not named by any reachable node's onError",
                "name it in the onError of the nodes it handles, or remove it"));
  }

  @Test
  void an_error_node_and_its_fallback_are_reached_through_on_error() {
    assertThat(
            validate(
                started()
                    .action("dl", "download.url")
                    .param("url", "${trigger.url}")
                    .onError("failed")
                    .error("failed", ErrorPolicy.fallback())
                    .action("tell", "notify.email")
                    .param("to", "ops@example.com")
                    .chain("start", "dl")
                    .edge("failed", "tell", "fallback")
                    .build()))
        .isEmpty();
  }

  @Test
  void a_merge_is_fed_by_enough_branches_of_a_parallel_node() {
    List<Violation> problems =
        validate(
            started()
                .parallel("fan")
                .delay("a", Duration.ofSeconds(1))
                .delay("b", Duration.ofSeconds(1))
                .node(MergeNode.count("three", 3))
                .merge("alone")
                .chain("start", "fan")
                .edge("fan", "a")
                .edge("fan", "b")
                .edge("a", "three")
                .edge("b", "three")
                .edge("three", "alone")
                .build());

    assertThat(problems)
        .containsExactly(
            new Violation(
                "nodes[4].mode.n",
                WorkflowErrors.MERGE_NEVER_COMPLETES,
                "merge 'three' waits for 3 branches but only 2 reach it",
                "wait for at most 2, or add branches"),
            new Violation(
                "nodes[5]",
                WorkflowErrors.MERGE_NEVER_COMPLETES,
                "merge 'alone' is not fed by the branches of a parallel node",
                "put a parallel node before it, with one edge for each branch that ends here"));
  }

  @Test
  void a_parallel_node_has_branches() {
    Violation v = only(started().parallel("fan").chain("start", "fan").build());

    assertThat(v.path()).isEqualTo("nodes[1]");
    assertThat(v.code()).isEqualTo(ErrorCode.INVALID_VALUE);
    assertThat(v.message()).isEqualTo("parallel node 'fan' has no branch");
  }

  @Test
  void an_unknown_action_is_named() {
    Violation v =
        only(started().action("a", "media.convrt").param("input", "x").chain("start", "a").build());

    assertThat(v.path()).isEqualTo("nodes[1].action");
    assertThat(v.code()).isEqualTo(WorkflowErrors.UNKNOWN_ACTION);
    assertThat(v.message()).isEqualTo("unknown action 'media.convrt'");
    assertThat(v.suggestion()).startsWith("register it with MediaFlow.builder().action(...)");
  }

  @Test
  void action_params_are_checked_against_the_declared_params() {
    List<Violation> problems =
        validate(
            started()
                .action("a", "media.convert")
                .param("crf", 99)
                .param("preset", "medium")
                .param("inptu", "x.mp4")
                .action("b", "media.convert")
                .param("input", "x.mp4")
                .param("crf", "high")
                .chain("start", "a", "b")
                .build());

    assertThat(problems)
        .extracting(Violation::path, Violation::code)
        .containsExactly(
            tuple("nodes[1].params.inptu", ErrorCode.UNKNOWN_FIELD),
            tuple("nodes[1].params.input", ErrorCode.MISSING_FIELD),
            tuple("nodes[1].params.crf", ErrorCode.OUT_OF_RANGE),
            tuple("nodes[1].params.preset", ErrorCode.INVALID_VALUE),
            tuple("nodes[2].params.crf", ErrorCode.WRONG_TYPE));
    assertThat(problems.get(0).message())
        .isEqualTo("action 'media.convert' has no parameter 'inptu'");
    assertThat(problems.get(0).suggestion()).isEqualTo("did you mean 'input'?");
    assertThat(problems.get(2).message()).isEqualTo("must be between 0 and 51 but was 99");
  }

  @Test
  void template_values_are_left_to_run_time_but_their_names_are_checked() {
    List<Violation> problems =
        validate(
            started()
                .action("a", "media.convert")
                .param("input", "${trigger.path}")
                .param("crf", "${vars.crf}")
                .param("speed", "${vars.speed}")
                .chain("start", "a")
                .build());

    assertThat(problems)
        .extracting(Violation::path, Violation::code)
        .containsExactly(tuple("nodes[1].params.speed", ErrorCode.UNKNOWN_FIELD));
  }

  @Test
  void an_action_checks_its_own_rules_across_params() {
    Violation v =
        only(
            started()
                .action("a", "media.clip")
                .param("from", 10)
                .param("to", 5)
                .chain("start", "a")
                .build());

    assertThat(v)
        .isEqualTo(
            Violation.of("nodes[1].params.to", ErrorCode.INVALID_VALUE, "to must be after from"));
  }

  @Test
  void output_mapping_names_declared_outputs_into_valid_variables() {
    List<Violation> problems =
        validate(
            started()
                .action("a", "download.url")
                .param("url", "${trigger.url}")
                .output("file", "pth")
                .output("bad name", "path")
                .chain("start", "a")
                .build());

    assertThat(problems)
        .extracting(Violation::path, Violation::code, Violation::suggestion)
        .containsExactly(
            tuple("nodes[1].output.file", ErrorCode.UNKNOWN_ID, "did you mean 'path'?"),
            tuple(
                "nodes[1].output.bad name",
                ErrorCode.INVALID_VALUE,
                "use 1 to 64 letters, digits or '_', starting with a letter or '_', so templates"
                    + " can name it"));
    assertThat(problems.get(0).message()).isEqualTo("action 'download.url' has no output 'pth'");
  }

  @Test
  void on_error_names_an_error_node() {
    List<Violation> problems =
        validate(
            started()
                .action("a", "download.url")
                .param("url", "${trigger.url}")
                .onError("faild")
                .action("b", "download.url")
                .param("url", "${trigger.url}")
                .onError("start")
                .error("failed", ErrorPolicy.skip())
                .chain("start", "a", "b")
                .build());

    assertThat(problems)
        .extracting(Violation::path, Violation::code, Violation::message)
        .containsExactly(
            tuple(
                "nodes[1].onError",
                ErrorCode.UNKNOWN_ID,
                "onError names \"faild\", but no node has that id"),
            tuple(
                "nodes[2].onError",
                ErrorCode.INVALID_VALUE,
                "onError names \"start\", a trigger node; it must name an error node"),
            tuple(
                "nodes[3]",
                WorkflowErrors.UNREACHABLE_NODE,
                "error node 'failed' is not named by any reachable node's onError"));
    assertThat(problems.get(0).suggestion()).isEqualTo("did you mean 'failed'?");
  }

  @Test
  void error_policies_are_checked() {
    List<Violation> problems =
        validate(
            started()
                .onError(ErrorPolicy.fallback())
                .action("a", "download.url")
                .param("url", "${trigger.url}")
                .onError("e1")
                .action("b", "download.url")
                .param("url", "${trigger.url}")
                .onError("e2")
                .error("e1", ErrorPolicy.fallback())
                .error(
                    "e2",
                    new ErrorPolicy(
                        ErrorPolicy.ABORT.retry(),
                        ErrorPolicy.Then.SKIP,
                        "notify.email",
                        Map.of("to", "x")))
                .chain("start", "a", "b")
                .build());

    assertThat(problems)
        .extracting(Violation::path, Violation::code, Violation::message)
        .containsExactly(
            tuple(
                "onError.then",
                ErrorCode.INVALID_VALUE,
                "the workflow's error policy cannot fall back: it has no fallback port"),
            tuple(
                "nodes[4].notify",
                ErrorCode.INVALID_VALUE,
                "notify is called when a run pauses, but this policy ends in skip"),
            tuple(
                "nodes[3].then",
                ErrorCode.INVALID_VALUE,
                "error node 'e1' falls back, but no edge leaves its fallback port"));
  }

  @Test
  void the_notify_action_of_a_pause_and_its_params_are_checked() {
    List<Violation> problems =
        validate(
            started()
                .onError(ErrorPolicy.pause("notify.emial", Map.of()))
                .action("a", "download.url")
                .param("url", "${trigger.url}")
                .onError("e")
                .error("e", ErrorPolicy.pause("notify.email", Map.of("subject", "paused")))
                .chain("start", "a")
                .build());

    assertThat(problems)
        .extracting(Violation::path, Violation::code)
        .containsExactly(
            tuple("onError.notify", WorkflowErrors.UNKNOWN_ACTION),
            tuple("nodes[2].notifyParams.to", ErrorCode.MISSING_FIELD));
  }

  @Test
  void a_loop_has_a_body_a_template_a_name_and_a_bound() {
    List<Violation> problems =
        validate(
            started()
                .loop("each", "files", "the file", 1_000_000, 4)
                .chain("start", "each")
                .build());

    assertThat(problems)
        .extracting(Violation::path, Violation::code)
        .containsExactly(
            tuple("nodes[1].as", ErrorCode.INVALID_VALUE),
            tuple("nodes[1].items", ErrorCode.INVALID_VALUE),
            tuple("nodes[1].maxItems", ErrorCode.OUT_OF_RANGE),
            tuple("nodes[1]", WorkflowErrors.LOOP_WITHOUT_BODY));
    assertThat(problems.get(2).message())
        .isEqualTo("maxItems must be between 1 and 100000 but was 1000000");
    assertThat(problems.get(3).message())
        .isEqualTo("loop 'each' has no body: no edge leaves its \"each\" port");
  }

  @Test
  void switch_cases_are_unique_and_not_default() {
    List<Violation> problems =
        validate(
            started()
                .switchOn("k", "${trigger.kind}", "movie", "default", "movie")
                .chain("start", "k")
                .build());

    assertThat(problems)
        .extracting(Violation::path, Violation::code)
        .containsExactly(
            tuple("nodes[1].cases[1]", ErrorCode.INVALID_VALUE),
            tuple("nodes[1].cases[2]", ErrorCode.DUPLICATE_ID));
  }

  @Test
  void a_signal_has_a_name_and_variables_have_names_templates_can_use() {
    List<Violation> problems =
        validate(
            started()
                .variable("my var", 1)
                .awaitSignal("s", " ", Duration.ofMinutes(1))
                .chain("start", "s")
                .build());

    assertThat(problems)
        .extracting(Violation::path, Violation::code)
        .containsExactly(
            tuple("variables.my var", ErrorCode.INVALID_VALUE),
            tuple("nodes[1].signal", ErrorCode.INVALID_VALUE));
  }

  @Test
  void a_condition_node_passes_with_both_ports_or_one() {
    assertThat(
            validate(
                started()
                    .node(new ConditionNode("c", Comparison.of("${trigger.x}", Operator.GT, 3)))
                    .delay("d", Duration.ofMinutes(1))
                    .chain("start", "c")
                    .edge("c", "d", ConditionNode.TRUE)
                    .build()))
        .isEmpty();
  }

  @Test
  void a_signal_delay_may_leave_by_its_timeout_port_and_a_time_delay_may_not() {
    List<Violation> problems =
        validate(
            started()
                .awaitSignal("ok", "approved", Duration.ofDays(3), "${trigger.path}")
                .delay("late", Duration.ofSeconds(1))
                .delay("go", Duration.ofSeconds(1))
                .chain("start", "ok", "go")
                .edge("ok", "late", DelayNode.TIMEOUT)
                .edge("late", "go", DelayNode.TIMEOUT)
                .build());

    assertThat(problems)
        .extracting(Violation::path, Violation::code, Violation::message)
        .containsExactly(
            tuple(
                "edges[3].port",
                WorkflowErrors.UNKNOWN_PORT,
                "a delay node has no port \"timeout\"; 'late' has next"));
  }

  @Test
  void a_chain_of_10000_nodes_and_a_parallel_of_1000_branches_are_valid() {
    Workflow.Builder line = started();
    String previous = "start";
    for (int i = 0; i < 9_999; i++) {
      line.delay("d" + i, Duration.ofSeconds(1)).edge(previous, "d" + i);
      previous = "d" + i;
    }
    Workflow.Builder fan = started().parallel("fan").merge("join").chain("start", "fan");
    for (int i = 0; i < 1_000; i++) {
      fan.delay("b" + i, Duration.ofSeconds(1)).edge("fan", "b" + i).edge("b" + i, "join");
    }
    Workflow chain = line.build();
    Workflow branches = fan.build();

    assertThat(validate(chain)).isEmpty();
    assertThat(validate(branches)).isEmpty();
  }

  @Test
  void a_workflow_larger_than_the_limit_is_refused_alone() {
    WorkflowValidator small =
        new WorkflowValidator(
            TestActions.registry()::find, PathResolver.none(), new WorkflowValidator.Limits(2, 10));

    List<Violation> problems = small.validate(started().parallel("a").parallel("b").build());

    assertThat(problems)
        .containsExactly(
            new Violation(
                "nodes",
                ErrorCode.OUT_OF_RANGE,
                "the workflow has 3 nodes; at most 2 are allowed",
                "split it into workflows that start each other"));
  }

  @Test
  void shape_problems_hide_the_meaning_of_a_workflow_that_could_not_be_read() {
    List<Violation> problems =
        WorkflowJson.validate(
            "{\"id\": \"w\", \"nodes\": [{\"id\": \"a\", \"type\": \"delay\", \"duration\": \"x\"}]}",
            TestActions.registry(),
            WORKSPACE);

    assertThat(problems).extracting(Violation::path).containsExactly("nodes[0].duration");
  }

  @Test
  void unknown_fields_do_not_hide_the_meaning() {
    List<Violation> problems =
        WorkflowJson.validate(
            "{\"id\": \"w\", \"colour\": \"red\", \"nodes\": []}",
            TestActions.registry(),
            WORKSPACE);

    assertThat(problems)
        .extracting(Violation::path, Violation::code)
        .containsExactly(
            tuple("colour", ErrorCode.UNKNOWN_FIELD), tuple("nodes", WorkflowErrors.TRIGGER_COUNT));
  }
}
