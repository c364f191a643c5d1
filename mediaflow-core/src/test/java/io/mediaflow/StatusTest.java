package io.mediaflow;

import static io.mediaflow.WorkflowRunTest.edge;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.job.JobContext;
import io.mediaflow.api.job.JobRequest;
import io.mediaflow.api.job.RetryPolicy;
import io.mediaflow.api.spec.JobSpec;
import io.mediaflow.api.store.JobQuery;
import io.mediaflow.api.store.StorageException;
import io.mediaflow.testkit.FakeMediaBackend;
import io.mediaflow.testkit.ManualClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code flow.status()}: every document it writes is valid against {@code docs/status.schema.json}
 * and says what the job, its logs, a page of history, a workflow run and a media job's plan are.
 */
class StatusTest {

  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Path SCHEMA = Path.of("..", "docs", "status.schema.json");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonSchemaFactory FACTORY =
      JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
  private static JsonSchema schema;

  @TempDir Path dir;
  final ManualClock clock = ManualClock.at(T0);
  final List<String> seenWhileRunning = new ArrayList<>();
  MediaFlow flow;

  @BeforeAll
  static void loadSchema() throws IOException {
    schema = FACTORY.getSchema(JSON.readTree(SCHEMA.toFile()));
  }

  @BeforeEach
  void build() throws IOException {
    Path input = Files.writeString(dir.resolve("in.mp4"), "not really media");
    flow =
        new WorkflowTestActions()
            .register(MediaFlow.builder())
            .storage(new InMemoryStorage())
            .clock(clock)
            .runOnCallingThread()
            .nodeId("n1")
            .operators(TestOperators.registry())
            .workspace(Workspace.builder().baseDirectory(dir).build())
            .mediaBackend(
                FakeMediaBackend.builder().media(input, TestOperators.clip(4, 1280, 720)).build())
            .retryPolicy(RetryPolicy.builder().fixed(Duration.ofMinutes(1)).jitter(0).build())
            .handler("encode", this::encode)
            .handler(
                "upload",
                ctx -> {
                  throw new MediaFlowException(
                      ErrorCode.of("UPLOAD_TIMEOUT", ErrorCode.Category.PROCESSING, true),
                      "the upload timed out after 30 s",
                      "check the network");
                })
            .build();
  }

  @AfterEach
  void close() {
    flow.close();
  }

  /** Half way through, the handler reads its own status as a host would. */
  @SuppressWarnings("try") // a stage is closed by its block, not used in it
  private Optional<String> encode(JobContext ctx) {
    try (JobContext.Stage s = ctx.stage("fetch")) {
      clock.advance(Duration.ofSeconds(3));
      ctx.log("INFO", "fetched 3 files");
    }
    JobContext.Stage encoding = ctx.stage("encode");
    clock.advance(Duration.ofSeconds(2));
    ctx.progress(40, "encode", Optional.of(Duration.ofSeconds(30)));
    seenWhileRunning.add(flow.status().job(ctx.job().id()));
    encoding.close();
    return Optional.of("{\"bytes\":42}");
  }

  static JsonNode valid(String document) throws IOException {
    JsonNode json = JSON.readTree(document);
    assertThat(schema.validate(json)).as(document).isEmpty();
    return json;
  }

  @Test
  void the_schema_is_a_valid_draft_2020_12_schema() throws IOException {
    JsonSchema meta =
        FACTORY.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));

    assertThat(meta.validate(JSON.readTree(SCHEMA.toFile()))).isEmpty();
  }

  @Test
  void the_schema_refuses_a_document_with_a_field_or_value_it_does_not_define() throws IOException {
    JobHandle job = flow.submit("encode", "{}");
    JsonNode valid = valid(flow.status().job(job.id()));

    JsonNode extra = valid.deepCopy();
    ((com.fasterxml.jackson.databind.node.ObjectNode) extra).put("payload", "{}");
    JsonNode badState = valid.deepCopy();
    ((com.fasterxml.jackson.databind.node.ObjectNode) badState).put("state", "RUNNING");
    JsonNode missing = valid.deepCopy();
    ((com.fasterxml.jackson.databind.node.ObjectNode) missing).remove("progress");

    assertThat(schema.validate(extra)).isNotEmpty();
    assertThat(schema.validate(badState)).isNotEmpty();
    assertThat(schema.validate(missing)).isNotEmpty();
  }

  @Test
  void a_running_job_shows_its_progress_eta_and_stage_timings() throws IOException {
    JobHandle job = flow.submit(JobRequest.of("encode", "{\"secret\":\"s3\"}").withPriority(4));

    flow.runDueJobs();

    JsonNode running = valid(seenWhileRunning.get(0));
    assertThat(running.get("kind").asText()).isEqualTo("job");
    assertThat(running.get("formatVersion").asInt()).isEqualTo(1);
    assertThat(running.get("state").asText()).isEqualTo("PROCESSING");
    assertThat(running.get("priority").asInt()).isEqualTo(4);
    assertThat(running.get("attempts").asInt()).isEqualTo(1);
    assertThat(running.get("progress").get("percent").asDouble()).isEqualTo(40.0);
    assertThat(running.get("progress").get("step").asText()).isEqualTo("encode");
    assertThat(running.get("progress").get("etaMillis").asLong()).isEqualTo(30_000);
    assertThat(running.get("stages")).hasSize(2);
    assertThat(running.get("stages").get(0).get("name").asText()).isEqualTo("fetch");
    assertThat(running.get("stages").get(0).get("durationMillis").asLong()).isEqualTo(3_000);
    assertThat(running.get("stages").get(1).get("endedAt").isNull()).isTrue();
    assertThat(running.get("stages").get(1).get("durationMillis").asLong())
        .as("a running stage, until now")
        .isEqualTo(2_000);
    assertThat(running.get("lease").get("owner").asText()).startsWith("n1");
    assertThat(running.toString()).doesNotContain("token").doesNotContain("s3");
    assertThat(running.get("finishedAt").isNull()).isTrue();

    JsonNode done = valid(flow.status().job(job.id()));
    assertThat(done.get("state").asText()).isEqualTo("COMPLETED");
    assertThat(done.get("result").get("bytes").asInt()).as("JSON as JSON").isEqualTo(42);
    assertThat(done.get("finishedAt").asText()).isEqualTo(T0.plusSeconds(5).toString());
    assertThat(done.get("lease").isNull()).isTrue();
    assertThat(done.get("error").isNull()).isTrue();
  }

  @Test
  void a_failed_job_waiting_to_retry_shows_its_error_and_wait_reason() throws IOException {
    JobHandle job = flow.submit("upload", "{}");

    flow.runDueJobs();

    JsonNode json = valid(flow.status().job(job.id()));
    assertThat(json.get("state").asText()).isEqualTo("SCHEDULED");
    assertThat(json.get("waitReason").asText()).isEqualTo("RETRY");
    assertThat(json.get("scheduledAt").asText()).isEqualTo(T0.plusSeconds(60).toString());
    JsonNode error = json.get("error");
    assertThat(error.get("code").asText()).isEqualTo("UPLOAD_TIMEOUT");
    assertThat(error.get("message").asText()).isEqualTo("the upload timed out after 30 s");
    assertThat(error.get("suggestion").asText()).isEqualTo("check the network");
    assertThat(error.get("retryable").asBoolean()).isTrue();
  }

  @Test
  void a_page_of_history_filters_by_text_and_says_whether_more_follow() throws IOException {
    JobHandle failing = flow.submit("upload", "{}");
    flow.submit("encode", "{}");
    flow.submit("encode", "{}");
    flow.runDueJobs();

    JsonNode page = valid(flow.status().jobs(JobQuery.all().withPage(0, 2)));
    assertThat(page.get("kind").asText()).isEqualTo("jobs");
    assertThat(page.get("total").asLong()).isEqualTo(3);
    assertThat(page.get("hasNext").asBoolean()).isTrue();
    assertThat(page.get("items")).hasSize(2);

    JsonNode found = valid(flow.status().jobs(JobQuery.all().withText("TIMED OUT")));
    assertThat(found.get("total").asLong()).isEqualTo(1);
    assertThat(found.get("hasNext").asBoolean()).isFalse();
    assertThat(found.get("items").get(0).get("id").asText()).isEqualTo(failing.id());

    JsonNode none = valid(flow.status().jobs(JobQuery.all().withText("nothing like it")));
    assertThat(none.get("items")).isEmpty();
  }

  @Test
  void logs_come_in_pages_with_the_total() throws IOException {
    JobHandle job = flow.submit("encode", "{}");
    flow.runDueJobs();

    JsonNode all = valid(flow.status().logs(job.id()));
    int total = all.get("total").asInt();
    assertThat(total).isEqualTo(3);
    assertThat(all.get("entries")).hasSize(total);
    assertThat(all.get("entries").get(0).get("message").asText())
        .isEqualTo("attempt 1 of 3 started on node n1");

    JsonNode second = valid(flow.status().logs(job.id(), 1, 1));
    assertThat(second.get("from").asInt()).isEqualTo(1);
    assertThat(second.get("entries")).hasSize(1);
    assertThat(second.get("entries").get(0)).isEqualTo(all.get("entries").get(1));
    assertThat(second.get("entries").get(0).get("message").asText()).isEqualTo("fetched 3 files");
    assertThat(second.get("total").asInt()).isEqualTo(3);
    assertThat(valid(flow.status().logs(job.id(), 500, 10)).get("entries")).isEmpty();
  }

  @Test
  void a_media_job_keeps_the_plan_it_ran_and_shows_its_stages() throws IOException {
    JobSpec spec =
        JobSpec.builder()
            .input("main", "file:in.mp4")
            .operation("scale")
            .from("main")
            .to("small")
            .param("width", 640)
            .param("height", -2)
            .output("small", "file:out/small.mp4")
            .build();
    JobHandle job = flow.submit(spec);

    flow.runDueJobs();

    JsonNode status = valid(flow.status().job(job.id()));
    assertThat(status.get("state").asText()).isEqualTo("COMPLETED");
    assertThat(status.get("stages").findValuesAsText("name")).contains("probe", "plan", "execute");
    assertThat(status.get("result").get("outputs").get(0).asText()).endsWith("small.mp4");
    JsonNode plan = valid(flow.status().plan(job.id()));
    assertThat(plan.get("kind").asText()).isEqualTo("plan");
    assertThat(plan.get("jobId").asText()).isEqualTo(job.id());
    assertThat(plan.get("plan").get("invocations")).hasSize(1);
    assertThat(plan.get("plan").get("nodes").findValuesAsText("operator")).contains("scale");
    assertThat(flow.storage().jobs().plan(job.id()).orElseThrow()).doesNotContain("\n");
  }

  @Test
  void a_workflow_run_shows_each_node_and_its_job_the_workflows_name() throws IOException {
    String definition =
        "{\"version\":1,\"id\":\"counting\",\"name\":\"Nightly counting\",\"nodes\":["
            + "{\"id\":\"start\",\"type\":\"trigger\",\"kind\":\"manual\"},"
            + WorkflowRunTest.count("one", "a")
            + "],\"edges\":["
            + edge("start", "one")
            + "]}";
    flow.workflows().register(definition);
    JobHandle run = flow.workflows().start("counting", Map.of("apiKey", "k-1", "n", 2));

    flow.runDueJobs();

    JsonNode json = valid(flow.status().run(run.id()));
    assertThat(json.get("kind").asText()).isEqualTo("workflowRun");
    assertThat(json.get("workflowId").asText()).isEqualTo("counting");
    assertThat(json.get("revision").asInt()).isEqualTo(1);
    assertThat(json.get("state").asText()).isEqualTo("COMPLETED");
    assertThat(json.get("nodes").findValuesAsText("nodeId")).containsExactly("start", "one");
    assertThat(json.get("nodes").get(1).get("state").asText()).isEqualTo("COMPLETED");
    assertThat(json.get("job").get("workflowId").asText()).isEqualTo("counting");
    assertThat(json.get("job").get("ruleName").asText()).isEqualTo("Nightly counting");
    assertThat(json.toString()).doesNotContain("k-1");

    JsonNode found = valid(flow.status().jobs(JobQuery.all().withText("nightly COUNT")));
    assertThat(found.get("items").findValuesAsText("id")).containsExactly(run.id());
  }

  @Test
  void an_unknown_job_is_job_not_found_in_every_document() {
    for (ThrowingCallable call :
        List.<ThrowingCallable>of(
            () -> flow.status().job("no-such-job"),
            () -> flow.status().logs("no-such-job"),
            () -> flow.status().plan("no-such-job"))) {
      assertRefused(call, StorageException.JOB_NOT_FOUND, "no job no-such-job exists");
    }
    assertRefused(
        () -> flow.status().run("no-such-run"),
        StorageException.JOB_NOT_FOUND,
        "no workflow run no-such-run exists");
  }

  @Test
  void a_job_that_is_no_workflow_run_has_no_run_document() {
    JobHandle job = flow.submit("encode", "{}");

    assertRefused(
        () -> flow.status().run(job.id()),
        StorageException.JOB_NOT_FOUND,
        "no workflow run " + job.id() + " exists");
  }

  @Test
  void a_job_that_kept_no_plan_is_plan_not_found() {
    JobHandle job = flow.submit("encode", "{}");
    flow.runDueJobs();

    assertRefused(
        () -> flow.status().plan(job.id()),
        Status.PLAN_NOT_FOUND,
        "job " + job.id() + " (encode, COMPLETED) kept no plan");
  }

  @Test
  void log_pages_out_of_range_are_invalid_values() {
    JobHandle job = flow.submit("encode", "{}");

    assertRefused(
        () -> flow.status().logs(job.id(), -1, 10),
        ErrorCode.INVALID_VALUE,
        "from must be 0 or more but was -1");
    assertRefused(
        () -> flow.status().logs(job.id(), 0, 0),
        ErrorCode.INVALID_VALUE,
        "limit must be between 1 and 1000 but was 0");
    assertRefused(
        () -> flow.status().logs(job.id(), 0, 1001),
        ErrorCode.INVALID_VALUE,
        "limit must be between 1 and 1000 but was 1001");
  }

  @Test
  void a_text_filter_longer_than_the_limit_is_refused() {
    String text = "x".repeat(JobQuery.MAX_TEXT_LENGTH + 1);

    assertThatThrownBy(() -> JobQuery.all().withText(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("text must be at most 200 characters but was 201");
  }

  private static void assertRefused(ThrowingCallable call, ErrorCode code, String message) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            MediaFlowException.class,
            e -> {
              assertThat(e.code()).isEqualTo(code);
              assertThat(e.detail()).isEqualTo(message);
              assertThat(e.suggestion()).isNotBlank();
            });
  }
}
