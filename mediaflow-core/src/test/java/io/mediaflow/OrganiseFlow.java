package io.mediaflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.api.action.ActionOutput;
import io.mediaflow.api.job.JobError;
import io.mediaflow.api.job.JobState;
import io.mediaflow.api.store.Storage;
import io.mediaflow.testkit.ManualClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.StringJoiner;

/**
 * A real engine for the organise actions' tests: one allowed root ({@code <dir>/root}, the
 * workspace's base directory) beside a folder that is not allowed ({@code <dir>/outside}), and
 * one-node workflows run on the calling thread.
 */
final class OrganiseFlow implements AutoCloseable {

  static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

  final Path root;
  final Path outside;
  final ManualClock clock = ManualClock.at(T0);
  final Storage storage;
  final MediaFlow flow;

  OrganiseFlow(Path dir) {
    this(dir, new InMemoryStorage());
  }

  OrganiseFlow(Path dir, Storage storage) {
    try {
      this.root = Files.createDirectories(dir.resolve("root")).toRealPath();
      this.outside = Files.createDirectories(dir.resolve("outside")).toRealPath();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.storage = storage;
    this.flow =
        MediaFlow.builder()
            .storage(storage)
            .clock(clock)
            .runOnCallingThread()
            .workspace(Workspace.builder().baseDirectory(root).build())
            .build();
  }

  /** Writes {@code content} to {@code relative} under the root, making its folders. */
  Path file(String relative, String content) {
    try {
      Path p = root.resolve(relative);
      Files.createDirectories(p.getParent());
      return Files.writeString(p, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs {@code action} with {@code params} (JSON) as node {@code n}, to its end. */
  WorkflowRun run(String action, String params) {
    return runIt(action, params, false);
  }

  /** The same as a test run: the action describes itself and touches nothing. */
  WorkflowRun testRun(String action, String params) {
    return runIt(action, params, true);
  }

  /** Runs {@code action} as node {@code n} with more fields on the node ({@code "retry":…}). */
  WorkflowRun run(String action, String params, String nodeFields) {
    JobHandle h = flow.workflows().start(definition(action, params, nodeFields), Map.of());
    flow.runDueJobs();
    return flow.workflows().run(h.id()).orElseThrow();
  }

  private WorkflowRun runIt(String action, String params, boolean test) {
    String def = definition(action, params);
    JobHandle h =
        test ? flow.workflows().testRun(def, Map.of()) : flow.workflows().start(def, Map.of());
    flow.runDueJobs();
    return flow.workflows().run(h.id()).orElseThrow();
  }

  /** A one-node workflow whose node maps every output of the action into a variable. */
  String definition(String action, String params) {
    return definition(action, params, "");
  }

  /** The same, with more fields on the node. */
  String definition(String action, String params, String nodeFields) {
    StringJoiner outputs = new StringJoiner(",", "{", "}");
    for (ActionOutput o : flow.actions().find(action).orElseThrow().descriptor().outputs()) {
      outputs.add("\"" + o.name() + "\":\"" + o.name() + "\"");
    }
    return "{\"version\":1,\"id\":\"organise\",\"nodes\":["
        + "{\"id\":\"start\",\"type\":\"trigger\",\"kind\":\"manual\"},"
        + "{\"id\":\"n\",\"type\":\"action\",\"action\":\""
        + action
        + "\",\"params\":"
        + params
        + ",\"output\":"
        + outputs
        + (nodeFields.isEmpty() ? "" : "," + nodeFields)
        + "}],\"edges\":[{\"from\":\"start\",\"to\":\"n\"}]}";
  }

  /** Asserts the run completed and returns its variables (the node's outputs). */
  static Map<String, Object> completed(WorkflowRun run) {
    assertThat(run.error()).as("run error").isEmpty();
    assertThat(run.state()).isEqualTo(JobState.COMPLETED);
    return run.vars();
  }

  /** Asserts the run failed and returns its error. */
  static JobError failed(WorkflowRun run) {
    assertThat(run.state()).isIn(JobState.DEAD, JobState.FAILED);
    return run.error().orElseThrow();
  }

  /** The node's summary. */
  static String summary(WorkflowRun run) {
    return run.node("n").orElseThrow().summary();
  }

  /** JSON text of a string value. */
  static String q(Object text) {
    return "\"" + text.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    flow.close();
  }
}
