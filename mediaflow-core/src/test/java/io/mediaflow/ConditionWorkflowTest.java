package io.mediaflow;

import static io.mediaflow.WorkflowRunTest.count;
import static io.mediaflow.WorkflowRunTest.edge;
import static io.mediaflow.WorkflowRunTest.wf;
import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.api.Violation;
import io.mediaflow.api.backend.ExecutionControl;
import io.mediaflow.api.backend.ExecutionResult;
import io.mediaflow.api.backend.MediaBackend;
import io.mediaflow.api.condition.ConditionErrors;
import io.mediaflow.api.condition.ConditionType;
import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobError;
import io.mediaflow.api.job.JobState;
import io.mediaflow.api.media.MediaDuration;
import io.mediaflow.api.media.MediaInfo;
import io.mediaflow.api.plan.Invocation;
import io.mediaflow.testkit.FakeMediaBackend;
import io.mediaflow.testkit.ManualClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Condition nodes run the whole condition language: media facts from one probe per run (kept across
 * a durable wait), custom types, and failures with a typed code at the node.
 */
class ConditionWorkflowTest {

  @TempDir Path dir;
  final ManualClock clock = ManualClock.at(MediaFlowEngineTest.T0);
  final InMemoryStorage storage = new InMemoryStorage();
  final WorkflowTestActions actions = new WorkflowTestActions();
  final AtomicInteger probes = new AtomicInteger();
  MediaFlow flow;
  Path talk;

  @BeforeEach
  void build() throws IOException {
    talk = Files.writeString(dir.resolve("talk.mp4"), "scripted by the fake backend");
    MediaInfo fortyMinutes =
        new MediaInfo(
            "mov,mp4,m4a,3gp,3g2,mj2",
            MediaDuration.ofSeconds(2400),
            734_003_200L,
            2_500_000L,
            TestOperators.clip(2400, 1920, 1080).video(),
            TestOperators.clip(2400, 1920, 1080).audio(),
            List.of(),
            Map.of("title", "The Big Interview"));
    FakeMediaBackend fake = FakeMediaBackend.builder().media(talk, fortyMinutes).build();
    flow =
        actions
            .register(
                MediaFlow.builder()
                    .storage(storage)
                    .clock(clock)
                    .runOnCallingThread()
                    .operators(TestOperators.registry())
                    .workspace(Workspace.builder().baseDirectory(dir).build())
                    .mediaBackend(new CountingBackend(fake, probes))
                    .condition(new Favourite()))
            .build();
  }

  @AfterEach
  void close() {
    flow.close();
  }

  /** Counts probes, delegating everything to the fake backend. */
  record CountingBackend(FakeMediaBackend fake, AtomicInteger probes) implements MediaBackend {
    public String name() {
      return fake.name();
    }

    public MediaInfo probe(Path file) {
      probes.incrementAndGet();
      return fake.probe(file);
    }

    public List<String> arguments(Invocation invocation) {
      return fake.arguments(invocation);
    }

    public ExecutionResult execute(Invocation invocation, ExecutionControl control) {
      return fake.execute(invocation, control);
    }
  }

  /** {@code test.favourite}: holds when the trigger's channel is in the list parameter. */
  static final class Favourite implements ConditionType {
    public String name() {
      return "test.favourite";
    }

    public Test compile(Map<String, Object> params) {
      if (!(params.get("channels") instanceof List<?> channels)) {
        throw new IllegalArgumentException("\"channels\" must be a list of channel names");
      }
      return in -> {
        Object channel = in.value("trigger", "channel");
        if ("boom".equals(channel)) {
          throw new IllegalStateException("the favourites service is down");
        }
        return channels.contains(channel);
      };
    }
  }

  Job job(JobHandle h) {
    return h.status();
  }

  static String condition(String id, String json) {
    return "{\"id\":\"" + id + "\",\"type\":\"condition\",\"if\":" + json.replace('\'', '"') + "}";
  }

  @Test
  void media_conditions_probe_the_subject_once_per_run_and_templates_read_the_same_facts() {
    String def =
        wf(
            condition(
                    "long",
                    "{'type':'and','conditions':["
                        + "{'type':'media','property':'duration','operator':'gt','value':'30m'},"
                        + "{'type':'regex','field':{'source':'media','path':'title'},"
                        + "'pattern':'podcast|interview|talk','flags':'i'}]}")
                + ","
                + condition(
                    "hd",
                    "{'type':'or','conditions':["
                        + "{'type':'media','property':'resolution','operator':'gte','value':'1080p'},"
                        + "{'type':'media','property':'size','operator':'gt','value':'1 GiB'}]}")
                + ","
                + condition("tpl", "{'left':'${media.duration}','op':'eq','right':'40m'}")
                + ","
                + count("yes", "yes")
                + ","
                + count("no", "no"),
            edge("start", "long")
                + ","
                + edge("long", "hd", "true")
                + ","
                + edge("long", "no", "false")
                + ","
                + edge("hd", "tpl", "true")
                + ","
                + edge("tpl", "yes", "true"));

    JobHandle h = flow.workflows().start(def, Map.of("path", talk.toString()));
    flow.runDueJobs();

    assertThat(job(h).state()).isEqualTo(JobState.COMPLETED);
    assertThat(actions.effects("yes")).isEqualTo(1);
    assertThat(actions.effects("no")).isZero();
    assertThat(probes.get()).isEqualTo(1);
  }

  @Test
  void a_run_resumed_after_a_durable_wait_reads_the_probe_back_instead_of_probing_again() {
    String def =
        wf(
            condition("first", "{'type':'media','property':'codec','op':'eq','value':'H264'}")
                + ",{\"id\":\"wait\",\"type\":\"delay\",\"duration\":\"1h\"},"
                + condition(
                    "second", "{'type':'media','property':'format','op':'eq','value':'mp4'}")
                + ","
                + count("done", "done"),
            edge("start", "first")
                + ","
                + edge("first", "wait", "true")
                + ","
                + edge("wait", "second")
                + ","
                + edge("second", "done", "true"));

    JobHandle h = flow.workflows().start(def, Map.of("file", Map.of("path", "talk.mp4")));
    flow.runDueJobs();
    assertThat(job(h).state()).isNotEqualTo(JobState.COMPLETED);
    assertThat(probes.get()).isEqualTo(1);

    clock.advance(Duration.ofHours(2));
    flow.runDueJobs();

    assertThat(job(h).state()).isEqualTo(JobState.COMPLETED);
    assertThat(actions.effects("done")).isEqualTo(1);
    assertThat(probes.get()).isEqualTo(1);
  }

  @Test
  void a_media_condition_without_a_file_fails_the_run_with_a_typed_error_at_its_node() {
    String def =
        wf(
            condition("long", "{'type':'media','property':'duration','op':'gt','value':60}"),
            edge("start", "long"));

    JobHandle h = flow.workflows().start(def, Map.of("title", "no file here"));
    flow.runDueJobs();

    Job j = job(h);
    assertThat(j.state()).isEqualTo(JobState.DEAD);
    JobError e = j.error().orElseThrow();
    assertThat(e.code()).isEqualTo(ConditionErrors.CONDITION_MEDIA_UNAVAILABLE.code());
    assertThat(e.message())
        .isEqualTo(
            "workflow 'wf' run "
                + h.id()
                + " at node 'long': no media file to probe: the trigger has no \"path\" nor"
                + " \"file.path\"");
    assertThat(probes.get()).isZero();
  }

  @Test
  void a_comparison_of_values_that_cannot_be_ordered_fails_the_run_with_the_type_mismatch() {
    String def =
        wf(
            condition("c", "{'left':'${trigger.size}','op':'gt','right':'big'}"),
            edge("start", "c"));

    JobHandle h = flow.workflows().start(def, Map.of("size", 5));
    flow.runDueJobs();

    JobError e = job(h).error().orElseThrow();
    assertThat(e.code()).isEqualTo("CONDITION_TYPE_MISMATCH");
    assertThat(e.message())
        .isEqualTo(
            "workflow 'wf' run "
                + h.id()
                + " at node 'c': condition at if: cannot order 5 (number) gt \"big\" (text); gt"
                + " needs two numbers, durations, sizes, instants or texts");
  }

  @Test
  void custom_condition_types_registered_on_the_builder_branch_runs() {
    String def =
        wf(
            condition(
                    "fav",
                    "{'type':'custom','name':'test.favourite','params':{'channels':['a','b']}}")
                + ","
                + count("yes", "yes"),
            edge("start", "fav") + "," + edge("fav", "yes", "true"));

    JobHandle yes = flow.workflows().start(def, Map.of("channel", "b"));
    JobHandle no = flow.workflows().start(def, Map.of("channel", "z"));
    flow.runDueJobs();

    assertThat(job(yes).state()).isEqualTo(JobState.COMPLETED);
    assertThat(job(no).state()).isEqualTo(JobState.COMPLETED);
    assertThat(actions.effects("yes")).isEqualTo(1);
  }

  @Test
  void a_custom_condition_that_throws_fails_the_run_with_condition_custom_failed() {
    String def =
        wf(
            condition("fav", "{'type':'custom','name':'test.favourite','params':{'channels':[]}}"),
            edge("start", "fav"));

    JobHandle h = flow.workflows().start(def, Map.of("channel", "boom"));
    flow.runDueJobs();

    JobError e = job(h).error().orElseThrow();
    assertThat(e.code()).isEqualTo("CONDITION_CUSTOM_FAILED");
    assertThat(e.message())
        .isEqualTo(
            "workflow 'wf' run "
                + h.id()
                + " at node 'fav': condition at if: custom condition \"test.favourite\" failed:"
                + " java.lang.IllegalStateException: the favourites service is down");
  }

  @Test
  void validation_knows_the_engines_custom_types_and_their_parameter_checks() {
    List<Violation> unknown =
        flow.validateWorkflow(
            wf(condition("c", "{'type':'custom','name':'test.favorite'}"), edge("start", "c")));
    assertThat(unknown).extracting(Violation::path).containsExactly("nodes[1].if.name");
    assertThat(unknown.get(0).code()).isEqualTo(ConditionErrors.CONDITION_UNKNOWN_TYPE);
    assertThat(unknown.get(0).message())
        .isEqualTo(
            "no condition type is named \"test.favorite\"; known: test.favourite, test.loaded");
    assertThat(unknown.get(0).suggestion()).isEqualTo("did you mean 'test.favourite'?");

    List<Violation> params =
        flow.validateWorkflow(
            wf(condition("c", "{'type':'custom','name':'test.favourite'}"), edge("start", "c")));
    assertThat(params).extracting(Violation::path).containsExactly("nodes[1].if.params");
    assertThat(params.get(0).message())
        .isEqualTo(
            "condition type \"test.favourite\" refused its parameters: \"channels\" must be a list"
                + " of channel names");
  }

  @Test
  void flow_conditions_probe_a_rules_subject_file_once_per_test() {
    var c =
        flow.conditions()
            .compile(
                "{\"type\":\"and\",\"conditions\":["
                    + "{\"type\":\"media\",\"property\":\"videoCodec\",\"op\":\"eq\",\"value\":\"h264\"},"
                    + "{\"type\":\"media\",\"property\":\"bitrate\",\"op\":\"gte\",\"value\":\"2.5M\"},"
                    + "{\"type\":\"media\",\"property\":\"width\",\"op\":\"eq\",\"value\":1920},"
                    + "{\"left\":{\"source\":\"media\",\"path\":\"audioCodec\"},\"op\":\"eq\",\"right\":\"aac\"}]}");

    assertThat(c.test(Map.of("event", Map.of("x", 1), "path", "talk.mp4"))).isTrue();
    assertThat(probes.get()).isEqualTo(1);
  }

  @Test
  void a_switch_matches_its_cases_by_the_conditions_eq_rule() {
    String def =
        wf(
            "{\"id\":\"kind\",\"type\":\"condition\",\"switch\":\"${trigger.n}\","
                + "\"cases\":[\"1\",\"10m\"]},"
                + count("one", "one")
                + ","
                + count("ten", "ten"),
            edge("start", "kind")
                + ","
                + edge("kind", "one", "1")
                + ","
                + edge("kind", "ten", "10m"));

    flow.workflows().start(def, Map.of("n", 1.0));
    flow.workflows().start(def, Map.of("n", "PT10M"));
    flow.runDueJobs();

    assertThat(actions.effects("one")).isEqualTo(1);
    assertThat(actions.effects("ten")).isEqualTo(1);
  }
}
