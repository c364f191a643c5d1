package io.mediaflow;

import static io.mediaflow.OrganiseFlow.completed;
import static io.mediaflow.OrganiseFlow.failed;
import static io.mediaflow.OrganiseFlow.q;
import static io.mediaflow.OrganiseFlow.read;
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

/**
 * The file actions never read, write or delete outside the allowed roots ({@code ..}, absolute
 * paths, symbolic links of every kind), and never replace a file unless {@code overwrite} asks.
 */
class OrganiseConfinementTest {

  @TempDir Path dir;
  OrganiseFlow o;
  Path secret;

  @BeforeEach
  void open() throws Exception {
    o = new OrganiseFlow(dir);
    secret = Files.writeString(o.outside.resolve("secret.txt"), "keep out");
    o.file("a.mp3", "audio");
  }

  @AfterEach
  void close() {
    o.close();
  }

  private void assertOutsideRefused(WorkflowRun run, String param) {
    JobError e = failed(run);
    assertThat(e.code()).isEqualTo("PATH_NOT_ALLOWED");
    assertThat(e.message())
        .contains("nodes[n].params." + param)
        .contains("outside the allowed folders");
    assertThat(read(secret)).isEqualTo("keep out");
    assertThat(o.outside.resolve("a.mp3")).doesNotExist();
    assertThat(o.root.resolve("a.mp3")).exists();
  }

  @Test
  void a_destination_climbing_out_with_dot_dot_is_refused() {
    for (String action : List.of("media.move", "media.copy")) {
      assertOutsideRefused(
          o.run(action, "{\"file\":\"a.mp3\",\"destination\":\"../outside/\"}"), "destination");
      assertOutsideRefused(
          o.run(action, "{\"file\":\"a.mp3\",\"destination\":\"x/../../outside/a.mp3\"}"),
          "destination");
    }
  }

  @Test
  void an_absolute_destination_outside_the_roots_is_refused() {
    assertOutsideRefused(
        o.run("media.move", "{\"file\":\"a.mp3\",\"destination\":" + q(o.outside + "/") + "}"),
        "destination");
    assertOutsideRefused(
        o.run(
            "media.copy",
            "{\"file\":\"a.mp3\",\"destination\":" + q(o.outside.resolve("a.mp3")) + "}"),
        "destination");
  }

  @Test
  void a_source_outside_the_roots_is_refused_for_every_file_action() {
    for (String action : List.of("media.move", "media.copy", "media.rename")) {
      String params =
          "{\"file\":"
              + q(secret)
              + (action.equals("media.rename")
                  ? ",\"name\":\"x.txt\"}"
                  : ",\"destination\":\"in/\"}");
      JobError e = failed(o.run(action, params));
      assertThat(e.code()).as(action).isEqualTo("PATH_NOT_ALLOWED");
      assertThat(e.message()).as(action).contains("nodes[n].params.file");
    }
    Map<String, String> others =
        Map.of(
            "media.delete", ",\"permanent\":true",
            "media.tag", ",\"tags\":[\"x\"]",
            "media.add_to_collection", ",\"collection\":\"c\"");
    for (Map.Entry<String, String> c : others.entrySet()) {
      JobError e =
          failed(o.run(c.getKey(), "{\"file\":\"../outside/secret.txt\"" + c.getValue() + "}"));
      assertThat(e.code()).as(c.getKey()).isEqualTo("PATH_NOT_ALLOWED");
    }
    assertThat(read(secret)).isEqualTo("keep out");
    assertThat(o.root.resolve("in")).doesNotExist();
  }

  @Test
  void a_link_inside_the_roots_to_a_file_outside_is_refused_as_a_source() throws Exception {
    Files.createSymbolicLink(o.root.resolve("link.txt"), secret);

    JobError e = failed(o.run("media.delete", "{\"file\":\"link.txt\",\"permanent\":true}"));

    assertThat(e.code()).isEqualTo("PATH_NOT_ALLOWED");
    assertThat(read(secret)).isEqualTo("keep out");
  }

  @Test
  void a_destination_folder_that_is_a_link_to_outside_is_refused() throws Exception {
    Files.createSymbolicLink(o.root.resolve("Escape"), o.outside);

    assertOutsideRefused(
        o.run("media.move", "{\"file\":\"a.mp3\",\"destination\":\"Escape/\"}"), "destination");
    assertOutsideRefused(
        o.run("media.copy", "{\"file\":\"a.mp3\",\"destination\":\"Escape\"}"), "destination");
  }

  @Test
  void a_link_at_the_destination_name_pointing_outside_is_never_written_through() throws Exception {
    Files.createDirectories(o.root.resolve("Archive"));
    Files.createSymbolicLink(o.root.resolve("Archive/a.mp3"), secret);

    for (String conflict : List.of("fail", "suffix", "overwrite")) {
      assertOutsideRefused(
          o.run(
              "media.move",
              "{\"file\":\"a.mp3\",\"destination\":\"Archive/\",\"conflict\":" + q(conflict) + "}"),
          "destination");
    }
  }

  @Test
  void a_rename_to_a_link_pointing_outside_is_refused() throws Exception {
    Files.createSymbolicLink(o.root.resolve("lnk.mp3"), secret);

    JobError e =
        failed(
            o.run(
                "media.rename",
                "{\"file\":\"a.mp3\",\"name\":\"lnk.mp3\",\"conflict\":\"overwrite\"}"));

    assertThat(e.code()).isEqualTo("PATH_NOT_ALLOWED");
    assertThat(e.message()).contains("nodes[n].params.name");
    assertThat(read(secret)).isEqualTo("keep out");
    assertThat(Files.isSymbolicLink(o.root.resolve("lnk.mp3"))).isTrue();
  }

  @Test
  void a_suffixed_name_that_is_a_link_is_skipped_never_followed() throws Exception {
    o.file("Archive/a.mp3", "first");
    Files.createSymbolicLink(o.root.resolve("Archive/a (1).mp3"), secret);

    completed(
        o.run(
            "media.copy",
            "{\"file\":\"a.mp3\",\"destination\":\"Archive/\",\"conflict\":\"suffix\"}"));

    assertThat(read(o.root.resolve("Archive/a (2).mp3"))).isEqualTo("audio");
    assertThat(read(secret)).isEqualTo("keep out");
    assertThat(read(o.root.resolve("Archive/a.mp3"))).isEqualTo("first");
  }

  @Test
  void the_trash_stays_inside_the_root_even_when_it_is_a_link_to_outside() throws Exception {
    Files.createSymbolicLink(o.root.resolve(".mediaflow-trash"), o.outside);

    JobError e = failed(o.run("media.delete", "{\"file\":\"a.mp3\"}"));

    assertThat(e.code()).isEqualTo("PATH_NOT_ALLOWED");
    assertThat(o.root.resolve("a.mp3")).exists();
    assertThat(o.outside.resolve("a.mp3")).doesNotExist();
  }

  @Test
  void no_policy_but_overwrite_ever_changes_an_existing_file() {
    Path taken = o.file("Archive/a.mp3", "precious");
    for (String action : List.of("media.move", "media.copy")) {
      failed(o.run(action, "{\"file\":\"a.mp3\",\"destination\":\"Archive/a.mp3\"}"));
      completed(
          o.run(
              action,
              "{\"file\":"
                  + q(o.file("a.mp3", "audio"))
                  + ",\"destination\":\"Archive/\",\"conflict\":\"suffix\"}"));
      assertThat(read(taken)).as(action).isEqualTo("precious");
    }
    failed(o.run("media.rename", "{\"file\":\"Archive/a (1).mp3\",\"name\":\"a.mp3\"}"));
    assertThat(read(taken)).isEqualTo("precious");
  }
}
