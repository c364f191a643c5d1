package io.mediaflow;

import static io.mediaflow.OrganiseFlow.completed;
import static io.mediaflow.OrganiseFlow.failed;
import static io.mediaflow.OrganiseFlow.q;
import static io.mediaflow.OrganiseFlow.summary;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediaflow.api.ValidationException;
import io.mediaflow.api.job.JobError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code media.find}: files of a folder by name and age, oldest first; its bad inputs. */
class FindActionTest {

  static final String NOW = OrganiseFlow.T0.toString();

  @TempDir Path dir;
  OrganiseFlow o;

  @BeforeEach
  void open() {
    o = new OrganiseFlow(dir);
  }

  @AfterEach
  void close() {
    o.close();
  }

  Path aged(String name, int days) throws IOException {
    Path p = o.file(name, name);
    Files.setLastModifiedTime(p, FileTime.from(OrganiseFlow.T0.minus(Duration.ofDays(days))));
    return p;
  }

  @Test
  void finds_files_older_than_the_days_oldest_first_skipping_hidden_names() throws IOException {
    Path old = aged("dl/old.mp4", 100);
    Path older = aged("dl/sub/older.mkv", 200);
    aged("dl/new.mp4", 5);
    aged("dl/.part.mp4", 300);
    aged("dl/.mediaflow-trash/gone.mp4", 300);

    Map<String, Object> out =
        completed(
            o.run(
                "media.find",
                "{\"directory\":\"dl\",\"olderThanDays\":90,\"now\":" + q(NOW) + "}"));

    assertThat(out.get("files")).isEqualTo(List.of(older.toString(), old.toString()));
    assertThat(out).containsEntry("count", 2).containsEntry("truncated", false);
  }

  @Test
  void a_pattern_and_no_recursion_narrow_the_list_and_the_limit_caps_it() throws IOException {
    aged("dl/a.mp4", 3);
    aged("dl/b.mkv", 2);
    aged("dl/c.mp4", 1);
    aged("dl/sub/d.mp4", 4);

    Map<String, Object> out =
        completed(
            o.run(
                "media.find",
                "{\"directory\":\"dl\",\"pattern\":\"*.mp4\",\"recursive\":false,\"limit\":1}"));

    assertThat(out.get("files")).isEqualTo(List.of(o.root.resolve("dl/a.mp4").toString()));
    assertThat(out).containsEntry("truncated", true);
  }

  @Test
  void a_missing_folder_fails_and_a_folder_outside_the_roots_is_refused() {
    JobError missing = failed(o.run("media.find", "{\"directory\":\"nope\"}"));
    JobError outside = failed(o.run("media.find", "{\"directory\":\"../outside\"}"));

    assertThat(missing.code()).isEqualTo("ORGANISE_FILE_NOT_FOUND");
    assertThat(missing.message())
        .contains(
            "nodes[n].params.directory: folder " + o.root.resolve("nope") + " does not exist");
    assertThat(outside.code()).isEqualTo("PATH_NOT_ALLOWED");
  }

  @Test
  void a_test_run_of_a_missing_folder_says_so() {
    assertThat(summary(o.testRun("media.find", "{\"directory\":\"later\"}")))
        .isEqualTo("test run: folder " + o.root.resolve("later") + " is not there now");
  }

  @Test
  void a_bad_glob_or_instant_is_refused_when_the_workflow_is_registered() {
    String glob = o.definition("media.find", "{\"directory\":\"dl\",\"pattern\":\"*.{mp4\"}");
    String now =
        o.definition(
            "media.find", "{\"directory\":\"dl\",\"olderThanDays\":1,\"now\":\"yesterday\"}");

    assertThatThrownBy(() -> o.flow.workflows().register(glob))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> {
              assertThat(e.code().code()).isEqualTo("INVALID_VALUE");
              assertThat(e.getMessage())
                  .contains("nodes[1].params.pattern: pattern '*.{mp4' is not a glob");
            });
    assertThatThrownBy(() -> o.flow.workflows().register(now))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> assertThat(e.getMessage()).contains("now 'yesterday' is not an ISO-8601 instant"));
  }

  @Test
  void days_without_now_fail_when_the_node_runs() {
    JobError e = failed(o.run("media.find", "{\"directory\":\".\",\"olderThanDays\":1}"));

    assertThat(e.code()).isEqualTo("MISSING_FIELD");
    assertThat(e.message())
        .contains("nodes[n].params.now: olderThanDays needs the moment ages count from");
  }
}
