package io.mediaflow.web;

import static io.mediaflow.web.WebFlows.error;
import static io.mediaflow.web.WebFlows.oneNode;
import static io.mediaflow.web.WebFlows.retry;
import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.JobHandle;
import io.mediaflow.MediaFlow;
import io.mediaflow.api.action.MediaItem;
import io.mediaflow.api.action.MediaSource;
import io.mediaflow.api.action.MediaSources;
import io.mediaflow.api.job.JobState;
import io.mediaflow.testkit.FakeMediaSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code download.playlist} and {@code download.channel} through real workflow runs, with the
 * testkit's {@link FakeMediaSource} as the host's media source.
 */
class SourceDownloadActionsTest {

  static final String PLAYLIST = "fake://playlist/best";
  static final String CHANNEL = "fake://channel/news";

  @TempDir Path dir;
  WebFlows flows;

  final FakeMediaSource source =
      FakeMediaSource.builder()
          .playlist(
              PLAYLIST,
              MediaItem.of("a", "First", "fake://a"),
              MediaItem.of("b", "Second", "fake://b"),
              MediaItem.of("c", "Third", "fake://c"))
          .channel(
              CHANNEL,
              new MediaItem("old", "Old", "fake://old", Instant.parse("2025-12-01T00:00:00Z")),
              new MediaItem("mid", "Mid", "fake://mid", Instant.parse("2026-01-02T00:00:00Z")),
              new MediaItem("new", "New", "fake://new", Instant.parse("2026-01-03T00:00:00Z")))
          .failFetch("b", 1)
          .build();

  WebFlows flows(Consumer<MediaFlow.Builder> more) {
    flows = new WebFlows(dir, false, more);
    return flows;
  }

  @AfterEach
  void stop() {
    if (flows != null) {
      flows.flow.close();
    }
  }

  @Test
  void a_playlist_is_listed_once_and_a_retry_does_not_fetch_finished_items_again()
      throws Exception {
    flows(b -> b.actionService(MediaSource.class, source));

    JobHandle h =
        flows.run(
            oneNode(
                "download.playlist",
                "{\"url\":\"" + PLAYLIST + "\",\"directory\":\"pl\",\"format\":\"mkv\"}",
                retry(2)),
            Map.of());

    assertThat(h.status().error()).isEmpty();
    assertThat(source.listings()).hasSize(1);
    assertThat(source.listings().get(0))
        .isEqualTo(new MediaSource.Listing(MediaSource.Kind.PLAYLIST, PLAYLIST, 25, null));
    assertThat(source.fetched())
        .as("a once, though b failed once after it")
        .containsExactly("a", "b", "c");
    Path pl = dir.resolve("pl").toRealPath();
    assertThat(pl.resolve("a.mkv")).hasContent("fake media a");
    Map<String, Object> out = flows.outputs(h);
    assertThat(out)
        .containsEntry("count", 3)
        .containsEntry("source", "fake")
        .containsEntry(
            "files",
            List.of(
                pl.resolve("a.mkv").toString(),
                pl.resolve("b.mkv").toString(),
                pl.resolve("c.mkv").toString()));
    @SuppressWarnings("unchecked")
    Map<String, Object> first = ((List<Map<String, Object>>) out.get("items")).get(0);
    assertThat(first)
        .containsEntry("id", "a")
        .containsEntry("title", "First")
        .containsEntry("url", "fake://a")
        .containsEntry("publishedAt", null)
        .containsEntry("path", pl.resolve("a.mkv").toString());
    assertThat(flows.node(h).summary())
        .isEqualTo("fetched 3 of playlist " + PLAYLIST + " with media source 'fake' into " + pl);
  }

  @Test
  void a_channel_lists_newest_first_since_a_date_up_to_the_limit() throws Exception {
    flows(b -> b.actionService(MediaSource.class, source));

    JobHandle h =
        flows.run(
            oneNode(
                "download.channel",
                "{\"url\":\"" + CHANNEL + "\",\"since\":\"2026-01-01\",\"limit\":5}",
                ""),
            Map.of());

    assertThat(h.status().error()).isEmpty();
    assertThat(source.listings().get(0).since()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    assertThat(source.fetched()).containsExactly("new", "mid");
    assertThat(dir.resolve("new.mp4")).hasContent("fake media new");
    assertThat(flows.outputs(h)).containsEntry("count", 2);
  }

  @Test
  void the_limit_caps_what_is_fetched() {
    flows(b -> b.actionService(MediaSource.class, source));

    JobHandle h =
        flows.run(
            oneNode("download.playlist", "{\"url\":\"" + PLAYLIST + "\",\"limit\":1}", ""),
            Map.of());

    assertThat(h.status().state()).isEqualTo(JobState.COMPLETED);
    assertThat(source.fetched()).containsExactly("a");
  }

  @Test
  void only_new_skips_what_an_earlier_run_fetched_into_the_folder() throws Exception {
    flows(b -> b.actionService(MediaSource.class, source));
    String params = "{\"url\":\"" + PLAYLIST + "\",\"directory\":\"pl\",\"onlyNew\":true}";

    JobHandle first = flows.run(oneNode("download.playlist", params, retry(2)), Map.of());
    source.add(PLAYLIST, MediaItem.of("d", "Fourth", "fake://d"));
    JobHandle second = flows.run(oneNode("download.playlist", params, ""), Map.of());
    JobHandle third = flows.run(oneNode("download.playlist", params, ""), Map.of());

    assertThat(first.status().error()).isEmpty();
    assertThat(source.fetched()).containsExactly("a", "b", "c", "d");
    Path pl = dir.resolve("pl").toRealPath();
    assertThat(flows.outputs(second))
        .containsEntry("count", 1)
        .containsEntry("files", List.of(pl.resolve("d.mp4").toString()));
    assertThat(flows.outputs(third)).containsEntry("count", 0);
    assertThat(pl.resolve(".mediaflow-fetched")).hasContent("fake:a\nfake:b\nfake:c\nfake:d");
  }

  @Test
  void a_test_run_neither_lists_nor_fetches() throws Exception {
    flows(b -> b.actionService(MediaSource.class, source));

    JobHandle h =
        flows.testRun(
            oneNode("download.playlist", "{\"url\":\"" + PLAYLIST + "\",\"limit\":2}", ""),
            Map.of());

    assertThat(h.status().state()).isEqualTo(JobState.COMPLETED);
    assertThat(source.listings()).isEmpty();
    assertThat(source.fetched()).isEmpty();
    assertThat(flows.node(h).summary())
        .isEqualTo(
            "would list playlist "
                + PLAYLIST
                + " with media source 'fake' and fetch up to 2 items as mp4 (best) into "
                + dir.toRealPath());
    assertThat(flows.outputs(h)).containsEntry("count", 0).containsEntry("source", "fake");
  }

  @Test
  void without_a_source_for_the_url_the_node_fails_saying_what_to_register() {
    flows(b -> {});

    JobHandle h =
        flows.run(oneNode("download.playlist", "{\"url\":\"" + PLAYLIST + "\"}", ""), Map.of());

    assertThat(error(h).code()).isEqualTo("NO_MEDIA_SOURCE");
    assertThat(error(h).message())
        .endsWith(
            "nodes[n].params.url: no media source handles " + PLAYLIST + " (asked: [classpath])");
    assertThat(error(h).suggestion()).contains("actionService(MediaSource.class, ...)");
  }

  @Test
  void a_source_on_the_class_path_is_found_through_service_loader() throws Exception {
    flows(b -> b.actionService(MediaSource.class, source));

    JobHandle h =
        flows.run(
            oneNode("download.playlist", "{\"url\":\"" + ClassPathMediaSource.URL + "\"}", ""),
            Map.of());

    assertThat(h.status().error()).isEmpty();
    assertThat(flows.outputs(h)).containsEntry("source", "classpath").containsEntry("count", 1);
    assertThat(dir.resolve("cp1.mp4")).hasContent("cp");
  }

  @Test
  void a_source_is_picked_by_name_among_several() throws Exception {
    FakeMediaSource other =
        FakeMediaSource.builder()
            .name("other")
            .playlist(PLAYLIST, MediaItem.of("z", "Z", "fake://z"))
            .build();
    flows(b -> b.actionService(MediaSources.class, MediaSources.of(source, other)));

    JobHandle named =
        flows.run(
            oneNode("download.playlist", "{\"url\":\"" + PLAYLIST + "\",\"source\":\"other\"}", ""),
            Map.of());
    JobHandle unknown =
        flows.run(
            oneNode("download.playlist", "{\"url\":\"" + PLAYLIST + "\",\"source\":\"nope\"}", ""),
            Map.of());

    assertThat(named.status().error()).isEmpty();
    assertThat(other.fetched()).containsExactly("z");
    assertThat(source.fetched()).isEmpty();
    assertThat(error(unknown).code()).isEqualTo("NO_MEDIA_SOURCE");
    assertThat(error(unknown).message())
        .endsWith("nodes[n].params.source: no media source is named \"nope\"");
    assertThat(error(unknown).suggestion()).isEqualTo("use one of [fake, other, classpath]");
  }

  @Test
  void a_source_that_writes_outside_its_folder_fails_the_node_without_retry() throws Exception {
    Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
    MediaSource rogue =
        new MediaSource() {
          public String name() {
            return "rogue";
          }

          public boolean supports(String url) {
            return true;
          }

          public List<MediaItem> list(Listing listing) {
            return List.of(MediaItem.of("x", "X", "fake://x"));
          }

          public Path fetch(MediaItem item, Fetch fetch) throws Exception {
            return Files.writeString(elsewhere.resolve("x.mp4"), "x");
          }
        };
    flows(b -> b.actionService(MediaSource.class, rogue));

    JobHandle h =
        flows.run(
            oneNode("download.playlist", "{\"url\":\"any\",\"directory\":\"pl\"}", retry(3)),
            Map.of());

    assertThat(error(h).code()).isEqualTo("MEDIA_SOURCE_FAILED");
    assertThat(error(h).message())
        .endsWith(
            "media source 'rogue' fetching item x returned "
                + elsewhere.resolve("x.mp4")
                + ", which is not in "
                + dir.resolve("pl").toRealPath());
    assertThat(flows.flow.workflows().run(h.id()).orElseThrow().node("n").orElseThrow().runs())
        .as("not retryable")
        .isEqualTo(1);
  }

  @Test
  void a_source_that_throws_fails_retryably_with_its_message() {
    FakeMediaSource failing =
        FakeMediaSource.builder()
            .playlist(PLAYLIST, MediaItem.of("a", "A", "x"))
            .failFetch("a", 5)
            .build();
    flows(b -> b.actionService(MediaSource.class, failing));

    JobHandle h =
        flows.run(
            oneNode("download.playlist", "{\"url\":\"" + PLAYLIST + "\"}", retry(2)), Map.of());

    assertThat(error(h).code()).isEqualTo("MEDIA_SOURCE_FAILED");
    assertThat(error(h).message())
        .endsWith(
            "media source 'fake' failed to fetch item a: java.io.IOException: fake source 'fake'"
                + " fails item a on purpose");
    assertThat(flows.flow.workflows().run(h.id()).orElseThrow().node("n").orElseThrow().runs())
        .isEqualTo(2);
  }

  @Test
  void a_since_that_is_no_date_is_refused() {
    flows(b -> b.actionService(MediaSource.class, source));

    JobHandle h =
        flows.run(
            oneNode(
                "download.channel", "{\"url\":\"" + CHANNEL + "\",\"since\":\"yesterday\"}", ""),
            Map.of());

    assertThat(error(h).code()).isEqualTo("INVALID_VALUE");
    assertThat(error(h).message())
        .endsWith("nodes[n].params.since: since \"yesterday\" is neither an instant nor a date");
    assertThat(source.listings()).isEmpty();
  }
}
