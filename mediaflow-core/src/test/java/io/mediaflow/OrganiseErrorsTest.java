package io.mediaflow;

import static io.mediaflow.OrganiseFlow.failed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediaflow.api.ValidationException;
import io.mediaflow.api.job.JobError;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The organise actions' bad inputs caught when a workflow is registered, and the failures of the
 * file system, each with its code and message.
 */
class OrganiseErrorsTest {

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

  @Test
  void a_bad_new_name_is_refused_when_the_workflow_is_registered() {
    String def = o.definition("media.rename", "{\"file\":\"a.mp3\",\"name\":\"../b.mp3\"}");

    assertThatThrownBy(() -> o.flow.workflows().register(def))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> {
              assertThat(e.code().code()).isEqualTo("ORGANISE_INVALID_NAME");
              assertThat(e.getMessage())
                  .contains("params.name")
                  .contains("file name \"../b.mp3\" holds a folder separator");
            });
  }

  @Test
  void a_bad_tag_and_a_bad_collection_are_refused_when_the_workflow_is_registered() {
    String tag = o.definition("media.tag", "{\"file\":\"a.mp3\",\"tags\":[\"ok\",\"a\\tb\"]}");
    String collection =
        o.definition("media.add_to_collection", "{\"file\":\"a.mp3\",\"collection\":\"\"}");

    assertThatThrownBy(() -> o.flow.workflows().register(tag))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> {
              assertThat(e.code().code()).isEqualTo("ORGANISE_INVALID_TAG");
              assertThat(e.getMessage())
                  .contains("params.tags[1]")
                  .contains("tag 'a\tb' holds the control character U+0009 at index 1");
            });
    assertThatThrownBy(() -> o.flow.workflows().register(collection))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> {
              assertThat(e.code().code()).isEqualTo("ORGANISE_INVALID_TAG");
              assertThat(e.getMessage())
                  .contains("params.collection")
                  .contains("a collection name is 1 to 128 characters but '' has 0");
            });
  }

  @Test
  void an_unknown_conflict_policy_names_the_ones_there_are() {
    String def =
        o.definition(
            "media.move", "{\"file\":\"a.mp3\",\"destination\":\"x/\",\"conflict\":\"replace\"}");

    assertThatThrownBy(() -> o.flow.workflows().register(def))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e ->
                assertThat(e.getMessage())
                    .contains("params.conflict")
                    .contains("replace")
                    .contains("fail")
                    .contains("suffix")
                    .contains("overwrite"));
  }

  @Test
  void a_file_where_a_destination_folder_should_be_is_an_invalid_destination() {
    o.file("a.mp3", "audio");
    Path blocker = o.file("shows", "a file, not a folder");

    JobError e =
        failed(o.run("media.move", "{\"file\":\"a.mp3\",\"destination\":\"shows/2026/\"}"));

    assertThat(e.code()).isEqualTo("ORGANISE_INVALID_DESTINATION");
    assertThat(e.message())
        .contains(
            "nodes[n].params.destination: folder "
                + o.root.resolve("shows/2026")
                + " cannot be made: "
                + blocker
                + " is a file");
    assertThat(o.root.resolve("a.mp3")).exists();
  }

  @Test
  void a_file_system_failure_is_retryable_and_says_what_failed() {
    String longName = "x".repeat(251) + ".mp3"; // 255 bytes: a suffix makes it too long
    o.file(longName, "audio");
    o.file("Archive/" + longName, "taken");

    WorkflowRun run =
        o.run(
            "media.copy",
            "{\"file\":\"" + longName + "\",\"destination\":\"Archive/\",\"conflict\":\"suffix\"}",
            "\"retry\":{\"maxAttempts\":1}");

    JobError e = failed(run);
    assertThat(e.code()).isEqualTo("ORGANISE_IO_FAILED");
    assertThat(e.message())
        .contains("copy of " + o.root.resolve(longName) + " failed: ")
        .contains("File name too long");
    assertThat(e.suggestion()).contains("check the folder's permissions and free space");
    assertThat(run.node("n").orElseThrow().errorCode()).isEqualTo("ORGANISE_IO_FAILED");
    assertThat(o.root.resolve("Archive").toFile().list()).as("no temp file left").hasSize(1);
  }
}
