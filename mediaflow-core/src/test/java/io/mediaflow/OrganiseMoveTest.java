package io.mediaflow;

import static io.mediaflow.OrganiseFlow.completed;
import static io.mediaflow.OrganiseFlow.failed;
import static io.mediaflow.OrganiseFlow.q;
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

/** {@code media.move} and {@code media.rename} through real workflow runs on real files. */
class OrganiseMoveTest {

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
  void move_puts_the_file_in_a_new_folder_and_its_tags_and_collections_follow() {
    Path a = o.file("in/a.mp3", "audio");
    o.flow.library().tag(a, List.of("podcast"), List.of());
    o.flow.library().addToCollection("Shows", a);

    Map<String, Object> out =
        completed(
            o.run("media.move", "{\"file\":\"in/a.mp3\",\"destination\":\"Podcasts/2026-03/\"}"));

    Path moved = o.root.resolve("Podcasts/2026-03/a.mp3");
    assertThat(a).doesNotExist();
    assertThat(read(moved)).isEqualTo("audio");
    assertThat(out)
        .containsEntry("path", moved.toString())
        .containsEntry("from", a.toString())
        .containsEntry("name", "a.mp3")
        .containsEntry("size", 5);
    assertThat(o.flow.library().tags(moved)).containsExactly("podcast");
    assertThat(o.flow.library().collection("Shows", 0, 10)).containsExactly(moved);
    assertThat(o.flow.library().filesTagged("podcast", 0, 10)).containsExactly(moved);
  }

  @Test
  void move_into_an_existing_folder_without_a_slash_keeps_the_name() throws Exception {
    o.file("a.mp3", "audio");
    Files.createDirectories(o.root.resolve("Archive"));

    Map<String, Object> out =
        completed(o.run("media.move", "{\"file\":\"a.mp3\",\"destination\":\"Archive\"}"));

    assertThat(out).containsEntry("path", o.root.resolve("Archive/a.mp3").toString());
  }

  @Test
  void move_to_a_file_path_renames_on_the_way() {
    o.file("a.mp3", "audio");

    Map<String, Object> out =
        completed(o.run("media.move", "{\"file\":\"a.mp3\",\"destination\":\"Shows/ep1.mp3\"}"));

    assertThat(out).containsEntry("path", o.root.resolve("Shows/ep1.mp3").toString());
    assertThat(read(o.root.resolve("Shows/ep1.mp3"))).isEqualTo("audio");
  }

  @Test
  void move_to_an_existing_file_fails_by_default_and_leaves_both_untouched() {
    Path a = o.file("a.mp3", "new");
    Path taken = o.file("Archive/a.mp3", "precious");

    JobError e = failed(o.run("media.move", "{\"file\":\"a.mp3\",\"destination\":\"Archive/\"}"));

    assertThat(e.code()).isEqualTo("ORGANISE_DESTINATION_EXISTS");
    assertThat(e.message())
        .contains(
            "nodes[n].params.destination: "
                + taken
                + " already exists and \"conflict\" is \"fail\"");
    assertThat(e.suggestion()).contains("set \"conflict\" to \"suffix\"");
    assertThat(read(a)).isEqualTo("new");
    assertThat(read(taken)).isEqualTo("precious");
  }

  @Test
  void move_with_suffix_keeps_both_under_the_first_free_name() {
    o.file("a.mp3", "third");
    o.file("Archive/a.mp3", "first");
    o.file("Archive/a (1).mp3", "second");

    Map<String, Object> out =
        completed(
            o.run(
                "media.move",
                "{\"file\":\"a.mp3\",\"destination\":\"Archive/\",\"conflict\":\"suffix\"}"));

    Path placed = o.root.resolve("Archive/a (2).mp3");
    assertThat(out).containsEntry("path", placed.toString()).containsEntry("name", "a (2).mp3");
    assertThat(read(placed)).isEqualTo("third");
    assertThat(read(o.root.resolve("Archive/a.mp3"))).isEqualTo("first");
    assertThat(read(o.root.resolve("Archive/a (1).mp3"))).isEqualTo("second");
  }

  @Test
  void move_with_overwrite_replaces_the_file_and_its_tags() {
    Path a = o.file("a.mp3", "new");
    Path old = o.file("Archive/a.mp3", "old");
    o.flow.library().tag(a, List.of("fresh"), List.of());
    o.flow.library().tag(old, List.of("stale"), List.of());

    completed(
        o.run(
            "media.move",
            "{\"file\":\"a.mp3\",\"destination\":\"Archive/\",\"conflict\":\"overwrite\"}"));

    assertThat(read(old)).isEqualTo("new");
    assertThat(a).doesNotExist();
    assertThat(o.flow.library().tags(old)).containsExactly("fresh");
    assertThat(o.flow.library().tagNames()).containsExactly("fresh");
  }

  @Test
  void a_test_run_of_move_says_where_the_file_would_go_and_touches_nothing() {
    Path a = o.file("a.mp3", "audio");
    o.file("Archive/a.mp3", "taken");

    var run =
        o.testRun(
            "media.move",
            "{\"file\":\"a.mp3\",\"destination\":\"Archive/new/\",\"conflict\":\"suffix\"}");
    Map<String, Object> out = completed(run);

    Path planned = o.root.resolve("Archive/new/a.mp3");
    assertThat(out).containsEntry("path", planned.toString());
    assertThat(summary(run)).isEqualTo("test run: would move " + a + " to " + planned);
    assertThat(a).exists();
    assertThat(o.root.resolve("Archive/new")).doesNotExist();

    var suffixed =
        o.testRun(
            "media.move",
            "{\"file\":\"a.mp3\",\"destination\":\"Archive/\",\"conflict\":\"suffix\"}");
    assertThat(completed(suffixed))
        .containsEntry("path", o.root.resolve("Archive/a (1).mp3").toString());
    assertThat(o.root.resolve("Archive/a (1).mp3")).doesNotExist();
  }

  @Test
  void a_test_run_of_a_file_an_earlier_node_would_make_says_so_and_does_not_fail() {
    // in a test run the node before (an extract_audio, say) wrote nothing: its file is missing
    var run =
        o.testRun("media.move", "{\"file\":\"made-earlier.mp3\",\"destination\":\"Archive/\"}");
    Map<String, Object> out = completed(run);

    Path planned = o.root.resolve("Archive/made-earlier.mp3");
    assertThat(out).containsEntry("path", planned.toString());
    // the summary is cut at 200 characters, and these paths are long: its start says what
    assertThat(summary(run))
        .startsWith("test run: would move " + o.root.resolve("made-earlier.mp3") + " to ");

    assertThat(o.root.resolve("Archive")).doesNotExist();
  }

  @Test
  void a_test_run_reports_the_conflict_a_run_would_meet() {
    o.file("a.mp3", "audio");
    o.file("Archive/a.mp3", "taken");

    JobError e =
        failed(o.testRun("media.move", "{\"file\":\"a.mp3\",\"destination\":\"Archive/\"}"));

    assertThat(e.code()).isEqualTo("ORGANISE_DESTINATION_EXISTS");
  }

  @Test
  void move_of_a_missing_file_says_which() {
    JobError e =
        failed(o.run("media.move", "{\"file\":\"gone.mp3\",\"destination\":\"Archive/\"}"));

    assertThat(e.code()).isEqualTo("ORGANISE_FILE_NOT_FOUND");
    assertThat(e.message())
        .contains("nodes[n].params.file: file " + o.root.resolve("gone.mp3") + " does not exist");
  }

  @Test
  void move_onto_itself_changes_nothing() {
    Path a = o.file("a.mp3", "audio");

    var run = o.run("media.move", "{\"file\":\"a.mp3\",\"destination\":\"./\"}");

    assertThat(completed(run)).containsEntry("path", a.toString());
    assertThat(summary(run)).isEqualTo("already at " + a + ": nothing to move");
    assertThat(read(a)).isEqualTo("audio");
  }

  @Test
  void a_home_folder_destination_is_refused_with_what_to_write_instead() {
    o.file("a.mp3", "audio");

    JobError e =
        failed(o.run("media.move", "{\"file\":\"a.mp3\",\"destination\":\"~/Podcasts/\"}"));

    assertThat(e.code()).isEqualTo("ORGANISE_INVALID_DESTINATION");
    assertThat(e.message())
        .contains(
            "nodes[n].params.destination: destination \"~/Podcasts/\" starts with ~, which is not"
                + " a home folder here");
    assertThat(e.suggestion()).contains("write a path inside the allowed roots [" + o.root + "]");
  }

  @Test
  void without_create_folders_a_missing_folder_is_an_error() {
    Path a = o.file("a.mp3", "audio");

    JobError e =
        failed(
            o.run(
                "media.move",
                "{\"file\":\"a.mp3\",\"destination\":\"Nope/\",\"createFolders\":false}"));

    assertThat(e.code()).isEqualTo("ORGANISE_INVALID_DESTINATION");
    assertThat(e.message())
        .contains(
            "folder " + o.root.resolve("Nope") + " does not exist and \"createFolders\" is false");
    assertThat(a).exists();
  }

  @Test
  void rename_gives_a_new_name_in_the_same_folder_and_carries_the_tags() {
    Path a = o.file("shows/a.mp3", "audio");
    o.flow.library().tag(a, List.of("podcast"), List.of());

    var run = o.run("media.rename", "{\"file\":\"shows/a.mp3\",\"name\":\"Episode 1.mp3\"}");

    Path renamed = o.root.resolve("shows/Episode 1.mp3");
    assertThat(completed(run)).containsEntry("path", renamed.toString());
    assertThat(summary(run)).isEqualTo("renamed " + a + " to " + renamed);
    assertThat(read(renamed)).isEqualTo("audio");
    assertThat(o.flow.library().tags(renamed)).containsExactly("podcast");
    assertThat(o.flow.library().tags(a)).isEmpty();
  }

  @Test
  void rename_never_replaces_unless_asked() {
    o.file("a.mp3", "a");
    Path b = o.file("b.mp3", "b");

    JobError e = failed(o.run("media.rename", "{\"file\":\"a.mp3\",\"name\":\"b.mp3\"}"));
    assertThat(e.code()).isEqualTo("ORGANISE_DESTINATION_EXISTS");
    assertThat(read(b)).isEqualTo("b");

    assertThat(
            completed(
                o.run(
                    "media.rename",
                    "{\"file\":\"a.mp3\",\"name\":\"b.mp3\",\"conflict\":\"suffix\"}")))
        .containsEntry("name", "b (1).mp3");
    o.file("c.mp3", "c");
    completed(
        o.run(
            "media.rename", "{\"file\":\"c.mp3\",\"name\":\"b.mp3\",\"conflict\":\"overwrite\"}"));
    assertThat(read(b)).isEqualTo("c");
  }

  @Test
  void rename_refuses_a_name_that_is_not_one_plain_file_name() {
    o.file("a.mp3", "audio");
    Map<String, String> bad =
        Map.of(
            "../b.mp3",
            "holds a folder separator",
            "..",
            "names a folder, not a file",
            "-rf.mp3",
            "starts with -, which tools would read as an option",
            " b.mp3",
            "begins or ends with white space",
            "x".repeat(256),
            "is 256 bytes long; file systems take at most 255");
    for (Map.Entry<String, String> c : bad.entrySet()) {
      JobError e =
          failed(o.run("media.rename", "{\"file\":\"a.mp3\",\"name\":" + q(c.getKey()) + "}"));
      assertThat(e.code()).as(c.getKey()).isEqualTo("ORGANISE_INVALID_NAME");
      assertThat(e.message())
          .as(c.getKey())
          .contains("nodes[n].params.name")
          .contains(c.getValue());
    }
    assertThat(o.root.resolve("a.mp3")).exists();
  }

  @Test
  void a_test_run_of_rename_touches_nothing() {
    Path a = o.file("a.mp3", "audio");

    var run = o.testRun("media.rename", "{\"file\":\"a.mp3\",\"name\":\"b.mp3\"}");

    assertThat(completed(run)).containsEntry("path", o.root.resolve("b.mp3").toString());
    assertThat(summary(run)).startsWith("test run: would rename ");
    assertThat(a).exists();
    assertThat(o.root.resolve("b.mp3")).doesNotExist();
  }
}
