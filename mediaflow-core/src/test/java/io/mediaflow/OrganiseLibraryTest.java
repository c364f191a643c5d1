package io.mediaflow;

import static io.mediaflow.OrganiseFlow.completed;
import static io.mediaflow.OrganiseFlow.failed;
import static io.mediaflow.OrganiseFlow.summary;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.job.JobError;
import io.mediaflow.api.store.CheckpointStore;
import io.mediaflow.api.store.JobStore;
import io.mediaflow.api.store.ScheduleStore;
import io.mediaflow.api.store.Storage;
import io.mediaflow.api.store.WebhookStore;
import io.mediaflow.api.store.WorkflowStore;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code media.tag} and {@code media.add_to_collection} through real workflow runs, and the library
 * as the host queries it ({@code flow.library()}).
 */
class OrganiseLibraryTest {

  @TempDir Path dir;

  @Test
  void tag_adds_and_removes_tags_and_the_host_finds_the_file_by_them() {
    try (OrganiseFlow o = new OrganiseFlow(dir)) {
      Path a = o.file("Podcasts/a.mp3", "audio");
      o.flow.library().tag(a, List.of("draft"), List.of());

      var run =
          o.run(
              "media.tag",
              "{\"file\":\"Podcasts/a.mp3\",\"tags\":[\"podcast\",\" auto-converted \"],"
                  + "\"remove\":[\"draft\"]}");

      assertThat(completed(run))
          .containsEntry("file", a.toString())
          .containsEntry("tags", List.of("auto-converted", "podcast"));
      assertThat(summary(run))
          .isEqualTo("tagged a.mp3: +podcast +auto-converted -draft → auto-converted, podcast");
      assertThat(o.flow.library().filesTagged("podcast", 0, 10)).containsExactly(a);
      assertThat(o.flow.library().tags(Path.of("Podcasts/a.mp3")))
          .as("a relative path names the same file")
          .containsExactly("auto-converted", "podcast");
      assertThat(o.flow.library().tagNames()).containsExactly("auto-converted", "podcast");
    }
  }

  @Test
  void a_test_run_of_tag_reports_the_tags_it_would_leave_and_stores_nothing() {
    try (OrganiseFlow o = new OrganiseFlow(dir)) {
      Path a = o.file("a.mp3", "audio");
      o.flow.library().tag(a, List.of("draft", "keep"), List.of());

      var run =
          o.testRun("media.tag", "{\"file\":\"a.mp3\",\"tags\":[\"new\"],\"remove\":[\"draft\"]}");

      assertThat(completed(run)).containsEntry("tags", List.of("keep", "new"));
      assertThat(summary(run)).startsWith("test run: would tag a.mp3:");
      assertThat(o.flow.library().tags(a)).containsExactly("draft", "keep");
    }
  }

  @Test
  void bad_tags_are_refused_with_their_place() {
    try (OrganiseFlow o = new OrganiseFlow(dir)) {
      o.file("a.mp3", "audio");

      JobError none = failed(o.run("media.tag", "{\"file\":\"a.mp3\"}"));
      assertThat(none.code()).isEqualTo("ORGANISE_INVALID_TAG");
      assertThat(none.message())
          .contains("nodes[n].params: media.tag names no tag to add or remove");

      JobError empty = failed(o.run("media.tag", "{\"file\":\"a.mp3\",\"tags\":[\"ok\",\"  \"]}"));
      assertThat(empty.code()).isEqualTo("ORGANISE_INVALID_TAG");
      assertThat(empty.message())
          .contains("nodes[n].params.tags[1]: a tag is 1 to 128 characters but '' has 0");

      JobError number = failed(o.run("media.tag", "{\"file\":\"a.mp3\",\"tags\":[7]}"));
      assertThat(number.message()).contains("nodes[n].params.tags[0]: a tag is text but this is 7");

      JobError both =
          failed(o.run("media.tag", "{\"file\":\"a.mp3\",\"tags\":[\"x\"],\"remove\":[\"x\"]}"));
      assertThat(both.code()).isEqualTo("ORGANISE_INVALID_TAG");
      assertThat(both.message())
          .contains("nodes[n].params.remove: tag 'x' is both added and removed");

      JobError missing = failed(o.run("media.tag", "{\"file\":\"gone.mp3\",\"tags\":[\"x\"]}"));
      assertThat(missing.code()).isEqualTo("ORGANISE_FILE_NOT_FOUND");
      assertThat(o.flow.library().tagNames()).isEmpty();
    }
  }

  @Test
  void add_to_collection_adds_a_file_once_in_order() {
    try (OrganiseFlow o = new OrganiseFlow(dir)) {
      Path b = o.file("b.mp3", "b");
      Path a = o.file("a.mp3", "a");

      var first =
          o.run("media.add_to_collection", "{\"file\":\"b.mp3\",\"collection\":\"Podcasts\"}");
      o.clock.advance(java.time.Duration.ofSeconds(1));
      completed(
          o.run("media.add_to_collection", "{\"file\":\"a.mp3\",\"collection\":\"Podcasts\"}"));
      var again =
          o.run("media.add_to_collection", "{\"file\":\"b.mp3\",\"collection\":\"Podcasts\"}");

      assertThat(completed(first))
          .containsEntry("file", b.toString())
          .containsEntry("collection", "Podcasts")
          .containsEntry("added", true);
      assertThat(summary(first)).isEqualTo("added b.mp3 to collection 'Podcasts'");
      assertThat(completed(again)).containsEntry("added", false);
      assertThat(summary(again)).isEqualTo("b.mp3 is already in collection 'Podcasts'");
      assertThat(o.flow.library().collection("Podcasts", 0, 10)).containsExactly(b, a);
      assertThat(o.flow.library().collectionNames()).containsExactly("Podcasts");
      assertThat(o.flow.library().collectionsOf(a)).containsExactly("Podcasts");
      assertThat(o.flow.library().removeFromCollection("Podcasts", a)).isTrue();
      assertThat(o.flow.library().collection("Podcasts", 0, 10)).containsExactly(b);
    }
  }

  @Test
  void a_test_run_of_add_to_collection_stores_nothing() {
    try (OrganiseFlow o = new OrganiseFlow(dir)) {
      o.file("a.mp3", "a");

      var run =
          o.testRun("media.add_to_collection", "{\"file\":\"a.mp3\",\"collection\":\"Podcasts\"}");

      assertThat(completed(run)).containsEntry("added", true);
      assertThat(summary(run)).isEqualTo("test run: would add a.mp3 to collection 'Podcasts'");
      assertThat(o.flow.library().collectionNames()).isEmpty();
    }
  }

  @Test
  void a_bad_collection_name_is_refused_with_its_place() {
    try (OrganiseFlow o = new OrganiseFlow(dir)) {
      o.file("a.mp3", "a");

      JobError e =
          failed(
              o.run(
                  "media.add_to_collection",
                  "{\"file\":\"a.mp3\",\"collection\":\"" + "x".repeat(129) + "\"}"));

      assertThat(e.code()).isEqualTo("ORGANISE_INVALID_TAG");
      assertThat(e.message())
          .contains("nodes[n].params.collection: a collection name is 1 to 128 characters");
    }
  }

  @Test
  void the_host_is_refused_files_outside_the_roots() {
    try (OrganiseFlow o = new OrganiseFlow(dir)) {
      assertThatThrownBy(() -> o.flow.library().tags(o.outside.resolve("x.mp3")))
          .isInstanceOfSatisfying(
              MediaFlowException.class,
              e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.PATH_NOT_ALLOWED);
                assertThat(e.getMessage()).contains("file: file \"" + o.outside.resolve("x.mp3"));
              });
    }
  }

  /** A storage written before the library: every part but {@code library()}. */
  static Storage withoutLibrary(InMemoryStorage s) {
    return new Storage() {
      public JobStore jobs() {
        return s.jobs();
      }

      public ScheduleStore schedules() {
        return s.schedules();
      }

      public WebhookStore webhooks() {
        return s.webhooks();
      }

      public CheckpointStore checkpoints() {
        return s.checkpoints();
      }

      public WorkflowStore workflows() {
        return s.workflows();
      }
    };
  }

  @Test
  void without_a_library_tags_fail_with_what_to_use_and_files_still_move() {
    try (OrganiseFlow o = new OrganiseFlow(dir, withoutLibrary(new InMemoryStorage()))) {
      o.file("a.mp3", "a");

      JobError e = failed(o.run("media.tag", "{\"file\":\"a.mp3\",\"tags\":[\"x\"]}"));
      assertThat(e.code()).isEqualTo("ORGANISE_LIBRARY_UNAVAILABLE");
      assertThat(e.message())
          .contains("media.tag needs the media library, but this engine's storage keeps none");
      assertThat(e.retryable()).isFalse();
      assertThat(
              failed(o.run("media.add_to_collection", "{\"file\":\"a.mp3\",\"collection\":\"c\"}"))
                  .code())
          .isEqualTo("ORGANISE_LIBRARY_UNAVAILABLE");

      assertThat(completed(o.run("media.move", "{\"file\":\"a.mp3\",\"destination\":\"b/\"}")))
          .containsEntry("path", o.root.resolve("b/a.mp3").toString());
      assertThatThrownBy(() -> o.flow.library().tagNames())
          .isInstanceOfSatisfying(
              MediaFlowException.class,
              x -> {
                assertThat(x.code().code()).isEqualTo("ORGANISE_LIBRARY_UNAVAILABLE");
                assertThat(x.getMessage()).contains("keeps no media library");
              });
    }
  }

  @Test
  void every_organise_action_is_built_in_and_declares_its_test_run_and_errors() {
    try (OrganiseFlow o = new OrganiseFlow(dir)) {
      for (String name :
          List.of(
              "media.move",
              "media.copy",
              "media.rename",
              "media.delete",
              "media.tag",
              "media.add_to_collection")) {
        var d = o.flow.actions().find(name).orElseThrow().descriptor();
        assertThat(d.category()).as(name).isEqualTo("organise");
        assertThat(d.dryRun()).as(name).isEqualTo(io.mediaflow.api.action.DryRun.DESCRIBES_ITSELF);
        assertThat(d.errors()).as(name).contains(ErrorCode.PATH_NOT_ALLOWED);
        assertThat(d.param("file")).as(name).isPresent();
        assertThat(d.description()).as(name).isNotBlank();
      }
    }
  }
}
