package io.mediaflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediaflow.api.ValidationException;
import io.mediaflow.api.Violation;
import io.mediaflow.api.action.Action;
import io.mediaflow.api.action.ActionContext;
import io.mediaflow.api.action.ActionDescriptor;
import io.mediaflow.api.action.ActionOutput;
import io.mediaflow.api.action.ActionResult;
import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobState;
import io.mediaflow.api.operator.ParamSpec;
import io.mediaflow.api.operator.ParamType;
import io.mediaflow.api.operator.Params;
import io.mediaflow.api.workflow.TemplateErrors;
import io.mediaflow.testkit.ManualClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Templates in real workflow runs: dates from the trigger time across a resume after midnight,
 * values sanitised where they fill a file parameter and the file still inside the workspace, the
 * run's own roots, and template syntax reported at validation with its JSON path.
 */
class WorkflowTemplatesTest {

  static final Instant T0 = Instant.parse("2026-01-31T23:50:00Z");

  @TempDir Path dir;
  final ManualClock clock = ManualClock.at(T0);
  final List<MediaFlow> flows = new ArrayList<>();

  @AfterEach
  void close() {
    flows.forEach(MediaFlow::close);
  }

  MediaFlow flow() {
    MediaFlow f =
        MediaFlow.builder()
            .storage(new InMemoryStorage())
            .clock(clock)
            .runOnCallingThread()
            .workspace(Workspace.builder().baseDirectory(dir).build())
            .action(write())
            .build();
    flows.add(f);
    return f;
  }

  /** {@code test.write}: writes {@code text} into the file {@code file} (a PATH parameter). */
  static Action write() {
    return new Action() {
      @Override
      public ActionDescriptor descriptor() {
        return ActionDescriptor.builder("test.write")
            .param(ParamSpec.builder("file", ParamType.PATH).required().build())
            .param(ParamSpec.builder("text", ParamType.STRING).required().build())
            .output(ActionOutput.of("path", "the file written", "/placeholder"))
            .build();
      }

      @Override
      public ActionResult execute(ActionContext ctx, Params params) throws IOException {
        Path file = params.optPath("file").orElseThrow();
        Files.createDirectories(file.getParent());
        Files.writeString(file, params.getString("text"));
        return ActionResult.of(Map.of("path", file.toString()));
      }
    };
  }

  static String wf(String nodes, String edges) {
    return "{\"version\":1,\"id\":\"pod\",\"nodes\":[{\"id\":\"start\",\"type\":\"trigger\","
        + "\"kind\":\"manual\"},"
        + nodes
        + "],\"edges\":["
        + edges
        + "]}";
  }

  static String writeNode(String id, String file, String text) {
    return "{\"id\":\""
        + id
        + "\",\"type\":\"action\",\"action\":\"test.write\",\"params\":{\"file\":\""
        + file
        + "\",\"text\":\""
        + text
        + "\"}}";
  }

  static String edge(String from, String to) {
    return "{\"from\":\"" + from + "\",\"to\":\"" + to + "\"}";
  }

  List<Path> files() throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).map(dir::relativize).sorted().toList();
    }
  }

  @Test
  void a_run_resumed_after_midnight_still_writes_where_its_trigger_time_says() throws Exception {
    MediaFlow f = flow();
    String def =
        wf(
            "{\"id\":\"wait\",\"type\":\"delay\",\"duration\":\"20m\"},"
                + writeNode(
                    "save",
                    "Podcasts/{{date:YYYY-MM}}/{{title | slug}}-{{date:DD}}.txt",
                    "{{run.id}} {{workflow.id}} {{run.startedAt}}"),
            edge("start", "wait") + "," + edge("wait", "save"));
    JobHandle h = f.workflows().start(def, Map.of("title", "Évening Show!"));

    f.runDueJobs();
    assertThat(h.status().state()).isEqualTo(JobState.SCHEDULED);
    clock.advance(Duration.ofMinutes(20)); // 2026-02-01T00:10Z: another day, another month
    f.runDueJobs();

    assertThat(h.status().state()).isEqualTo(JobState.COMPLETED);
    assertThat(files()).containsExactly(Path.of("Podcasts/2026-01/evening-show-31.txt"));
    assertThat(Files.readString(dir.resolve("Podcasts/2026-01/evening-show-31.txt")))
        .isEqualTo(h.id() + " pod 2026-01-31T23:50:00Z");
  }

  @Test
  void parallel_branches_see_the_run_they_belong_to_and_its_trigger_time() throws Exception {
    MediaFlow f = flow();
    String text = "{{run.id}} {{run.startedAt}}";
    String def =
        wf(
            "{\"id\":\"fan\",\"type\":\"parallel\"},"
                + writeNode("b1", "{{date:YYYY-MM-DD}}/one.txt", text)
                + ","
                + writeNode("b2", "{{date:YYYY-MM-DD}}/two.txt", text)
                + ",{\"id\":\"join\",\"type\":\"merge\",\"mode\":\"all\"}",
            String.join(
                ",",
                edge("start", "fan"),
                edge("fan", "b1"),
                edge("fan", "b2"),
                edge("b1", "join"),
                edge("b2", "join")));
    JobHandle h = f.workflows().start(def, Map.of());
    clock.advance(Duration.ofHours(1)); // the run and its branches start on 1 February

    f.runDueJobs();

    assertThat(h.status().state()).isEqualTo(JobState.COMPLETED);
    assertThat(files())
        .containsExactly(Path.of("2026-01-31/one.txt"), Path.of("2026-01-31/two.txt"));
    assertThat(Files.readString(dir.resolve("2026-01-31/two.txt")))
        .isEqualTo(h.id() + " 2026-01-31T23:50:00Z");
  }

  @Test
  void values_placed_in_a_file_parameter_cannot_climb_out_or_add_folders() throws Exception {
    MediaFlow f = flow();
    String def =
        wf(
            writeNode("save", "out/{{trigger.name}}.txt", "{{trigger.name}}"),
            edge("start", "save"));
    JobHandle h = f.workflows().start(def, Map.of("name", "../../../etc/-x\u0000/passwd"));

    f.runDueJobs();

    assertThat(h.status().state()).isEqualTo(JobState.COMPLETED);
    assertThat(files()).containsExactly(Path.of("out/______etc_-x_passwd.txt"));
    // the same value in a text parameter is left as it is
    assertThat(Files.readString(dir.resolve("out/______etc_-x_passwd.txt")))
        .isEqualTo("../../../etc/-x\u0000/passwd");
  }

  @Test
  void a_whole_path_from_a_template_is_still_confined_to_the_workspace() throws Exception {
    MediaFlow f = flow();
    String def = wf(writeNode("save", "${trigger.target}", "x"), edge("start", "save"));
    JobHandle h = f.workflows().start(def, Map.of("target", "../outside.txt"));

    f.runDueJobs();

    Job j = h.status();
    assertThat(j.state()).isEqualTo(JobState.DEAD);
    assertThat(j.error().orElseThrow().code()).isEqualTo("PATH_NOT_ALLOWED");
    assertThat(j.error().orElseThrow().message()).contains("nodes[save].params.file");
    assertThat(Files.exists(dir.resolveSibling("outside.txt"))).isFalse();
    assertThat(files()).isEmpty();
  }

  @Test
  void a_value_a_filter_cannot_use_fails_the_run_with_a_typed_error_at_the_node() {
    MediaFlow f = flow();
    String def =
        wf(writeNode("save", "a.txt", "{{trigger.size | filesize}}"), edge("start", "save"));
    JobHandle h = f.workflows().start(def, Map.of("size", "huge"));

    f.runDueJobs();

    Job j = h.status();
    assertThat(j.state()).isEqualTo(JobState.DEAD);
    assertThat(j.error().orElseThrow().code()).isEqualTo("TEMPLATE_VALUE");
    assertThat(j.error().orElseThrow().message())
        .isEqualTo(
            "workflow 'pod' run "
                + h.id()
                + " at node 'save', params.text: {{trigger.size | filesize}}: \"huge\" is not a"
                + " number of bytes");
  }

  @Test
  void template_syntax_is_reported_at_validation_with_its_json_path() {
    MediaFlow f = flow();
    String def =
        wf(
            writeNode("save", "Podcasts/{{date:yyyy-MM}}/x.mp3", "{{ title | lowr }}")
                + ",{\"id\":\"each\",\"type\":\"loop\",\"as\":\"f\",\"items\":\"{{trigger.files\"}",
            edge("start", "save") + "," + edge("save", "each"));

    assertThatThrownBy(() -> f.workflows().register(def))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> {
              List<Violation> v =
                  e.violations().stream()
                      .filter(x -> x.code().equals(TemplateErrors.TEMPLATE_SYNTAX))
                      .toList();
              assertThat(v)
                  .as("%s", e.violations())
                  .extracting(Violation::path)
                  .containsExactly(
                      "nodes[1].params.file", "nodes[1].params.text", "nodes[2].items");
              assertThat(v.get(0).message())
                  .isEqualTo(
                      "template \"Podcasts/{{date:yyyy-MM}}/x.mp3\" is not valid at character 17:"
                          + " 'yyyy' is not a date token (YYYY is the calendar year; week-based"
                          + " years are not offered)");
              assertThat(v.get(1).message())
                  .isEqualTo(
                      "template \"{{ title | lowr }}\" is not valid at character 12: unknown"
                          + " filter 'lowr'");
              assertThat(v.get(1).suggestion()).isEqualTo("did you mean 'lower'?");
              assertThat(v.get(2).message())
                  .isEqualTo(
                      "template \"{{trigger.files\" is not valid at character 1: the expression"
                          + " opened here is not closed with '}}'");
            });
  }
}
