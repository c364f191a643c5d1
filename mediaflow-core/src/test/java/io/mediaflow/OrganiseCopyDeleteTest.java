package io.mediaflow;

import static io.mediaflow.OrganiseFlow.completed;
import static io.mediaflow.OrganiseFlow.failed;
import static io.mediaflow.OrganiseFlow.read;
import static io.mediaflow.OrganiseFlow.summary;
import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.api.job.JobError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code media.copy} and {@code media.delete} through real workflow runs on real files. */
class OrganiseCopyDeleteTest {

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
  void copy_leaves_the_file_and_gives_the_copy_its_tags_but_not_its_collections() {
    Path a = o.file("a.mp3", "audio");
    o.flow.library().tag(a, List.of("podcast"), List.of());
    o.flow.library().addToCollection("Shows", a);

    Map<String, Object> out =
        completed(o.run("media.copy", "{\"file\":\"a.mp3\",\"destination\":\"Backup/\"}"));

    Path copy = o.root.resolve("Backup/a.mp3");
    assertThat(out).containsEntry("path", copy.toString()).containsEntry("size", 5);
    assertThat(read(a)).isEqualTo("audio");
    assertThat(read(copy)).isEqualTo("audio");
    assertThat(o.flow.library().tags(copy)).containsExactly("podcast");
    assertThat(o.flow.library().collectionsOf(copy)).isEmpty();
    assertThat(o.flow.library().collection("Shows", 0, 10)).containsExactly(a);
    // no temp file is left beside the copy
    assertThat(o.root.resolve("Backup").toFile().list()).containsExactly("a.mp3");
  }

  @Test
  void copy_without_tags_leaves_the_copy_untagged() {
    Path a = o.file("a.mp3", "audio");
    o.flow.library().tag(a, List.of("podcast"), List.of());

    completed(
        o.run("media.copy", "{\"file\":\"a.mp3\",\"destination\":\"b.mp3\",\"copyTags\":false}"));

    assertThat(o.flow.library().tags(o.root.resolve("b.mp3"))).isEmpty();
  }

  @Test
  void copy_follows_every_conflict_policy() {
    o.file("a.mp3", "new");
    Path taken = o.file("Backup/a.mp3", "old");
    o.flow.library().tag(taken, List.of("old-tag"), List.of());

    JobError e = failed(o.run("media.copy", "{\"file\":\"a.mp3\",\"destination\":\"Backup/\"}"));
    assertThat(e.code()).isEqualTo("ORGANISE_DESTINATION_EXISTS");
    assertThat(read(taken)).isEqualTo("old");

    assertThat(
            completed(
                o.run(
                    "media.copy",
                    "{\"file\":\"a.mp3\",\"destination\":\"Backup/\",\"conflict\":\"suffix\"}")))
        .containsEntry("name", "a (1).mp3");
    assertThat(read(taken)).isEqualTo("old");

    completed(
        o.run(
            "media.copy",
            "{\"file\":\"a.mp3\",\"destination\":\"Backup/\",\"conflict\":\"overwrite\"}"));
    assertThat(read(taken)).isEqualTo("new");
    assertThat(o.flow.library().tags(taken)).as("the replaced file's tags go").isEmpty();
    assertThat(o.root.resolve("Backup").toFile().list())
        .containsExactlyInAnyOrder("a.mp3", "a (1).mp3");
  }

  @Test
  void copy_onto_itself_makes_a_second_file_only_with_suffix() {
    Path a = o.file("a.mp3", "audio");

    JobError same =
        failed(
            o.run(
                "media.copy",
                "{\"file\":\"a.mp3\",\"destination\":\"a.mp3\",\"conflict\":\"overwrite\"}"));
    assertThat(same.code()).isEqualTo("ORGANISE_SAME_FILE");
    assertThat(same.message())
        .contains(
            "nodes[n].params.destination: "
                + a
                + " is the file itself; it cannot overwrite itself");
    assertThat(failed(o.run("media.copy", "{\"file\":\"a.mp3\",\"destination\":\"a.mp3\"}")).code())
        .isEqualTo("ORGANISE_DESTINATION_EXISTS");

    assertThat(
            completed(
                o.run(
                    "media.copy",
                    "{\"file\":\"a.mp3\",\"destination\":\"./\",\"conflict\":\"suffix\"}")))
        .containsEntry("name", "a (1).mp3");
    assertThat(read(a)).isEqualTo("audio");
  }

  @Test
  void a_test_run_of_copy_touches_nothing() {
    o.file("a.mp3", "audio");

    var run = o.testRun("media.copy", "{\"file\":\"a.mp3\",\"destination\":\"Backup/\"}");

    assertThat(completed(run)).containsEntry("path", o.root.resolve("Backup/a.mp3").toString());
    assertThat(summary(run)).startsWith("test run: would copy ");
    assertThat(o.root.resolve("Backup")).doesNotExist();
  }

  @Test
  void delete_moves_the_file_to_the_trash_of_its_root_and_the_library_forgets_it() {
    Path a = o.file("shows/a.mp3", "audio");
    o.flow.library().tag(a, List.of("podcast"), List.of());
    o.flow.library().addToCollection("Shows", a);

    var run = o.run("media.delete", "{\"file\":\"shows/a.mp3\"}");

    Path trashed = o.root.resolve(".mediaflow-trash/shows/a.mp3");
    assertThat(completed(run))
        .containsEntry("path", a.toString())
        .containsEntry("trashedTo", trashed.toString())
        .containsEntry("permanent", false);
    assertThat(summary(run)).isEqualTo("moved " + a + " to the trash: " + trashed);
    assertThat(a).doesNotExist();
    assertThat(read(trashed)).isEqualTo("audio");
    assertThat(o.flow.library().tagNames()).isEmpty();
    assertThat(o.flow.library().collectionNames()).isEmpty();
  }

  @Test
  void a_second_file_of_the_same_name_never_replaces_one_in_the_trash() {
    o.file("a.mp3", "first");
    completed(o.run("media.delete", "{\"file\":\"a.mp3\"}"));
    o.file("a.mp3", "second");

    assertThat(completed(o.run("media.delete", "{\"file\":\"a.mp3\"}")))
        .containsEntry("trashedTo", o.root.resolve(".mediaflow-trash/a (1).mp3").toString());

    assertThat(read(o.root.resolve(".mediaflow-trash/a.mp3"))).isEqualTo("first");
    assertThat(read(o.root.resolve(".mediaflow-trash/a (1).mp3"))).isEqualTo("second");
  }

  @Test
  void delete_is_permanent_only_when_asked() {
    Path a = o.file("a.mp3", "audio");
    o.flow.library().tag(a, List.of("podcast"), List.of());

    var run = o.run("media.delete", "{\"file\":\"a.mp3\",\"permanent\":true}");

    assertThat(completed(run)).containsEntry("trashedTo", "").containsEntry("permanent", true);
    assertThat(summary(run)).isEqualTo("deleted " + a + " for good");
    assertThat(a).doesNotExist();
    assertThat(o.root.resolve(".mediaflow-trash")).doesNotExist();
    assertThat(o.flow.library().tagNames()).isEmpty();
  }

  @Test
  void a_file_in_the_trash_is_deleted_again_only_for_good() throws Exception {
    Path inTrash = o.file(".mediaflow-trash/a.mp3", "audio");

    JobError e = failed(o.run("media.delete", "{\"file\":\".mediaflow-trash/a.mp3\"}"));

    assertThat(e.code()).isEqualTo("ORGANISE_ALREADY_IN_TRASH");
    assertThat(e.message())
        .contains("nodes[n].params.file: " + inTrash + " is in the trash already");
    assertThat(e.suggestion()).isEqualTo("set \"permanent\": true to delete it for good");
    completed(o.run("media.delete", "{\"file\":\".mediaflow-trash/a.mp3\",\"permanent\":true}"));
    assertThat(inTrash).doesNotExist();
  }

  @Test
  void a_test_run_of_delete_touches_nothing() {
    Path a = o.file("a.mp3", "audio");

    var trash = o.testRun("media.delete", "{\"file\":\"a.mp3\"}");
    var gone = o.testRun("media.delete", "{\"file\":\"a.mp3\",\"permanent\":true}");

    assertThat(summary(trash))
        .isEqualTo(
            "test run: would move "
                + a
                + " to the trash: "
                + o.root.resolve(".mediaflow-trash/a.mp3"));
    assertThat(summary(gone)).isEqualTo("test run: would delete " + a + " for good");
    assertThat(a).exists();
    assertThat(o.root.resolve(".mediaflow-trash")).doesNotExist();
  }

  @Test
  void delete_of_a_missing_file_says_which() {
    JobError e = failed(o.run("media.delete", "{\"file\":\"gone.mp3\"}"));

    assertThat(e.code()).isEqualTo("ORGANISE_FILE_NOT_FOUND");
    assertThat(e.message())
        .contains("nodes[n].params.file: file " + o.root.resolve("gone.mp3") + " does not exist");
    assertThat(Files.exists(o.root.resolve(".mediaflow-trash"))).isFalse();
  }
}
