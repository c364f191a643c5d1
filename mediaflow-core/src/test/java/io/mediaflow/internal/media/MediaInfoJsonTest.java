package io.mediaflow.internal.media;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mediaflow.api.media.AudioStream;
import io.mediaflow.api.media.MediaDuration;
import io.mediaflow.api.media.MediaInfo;
import io.mediaflow.api.media.SubtitleStream;
import io.mediaflow.api.media.VideoStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MediaInfoJsonTest {

  private static final MediaInfo CLIP =
      new MediaInfo(
          "mov,mp4,m4a,3gp,3g2,mj2",
          MediaDuration.parse("1m30.5s"),
          1_048_576,
          671_088,
          List.of(new VideoStream(0, "h264", 1280, 720, 25.0, "yuv420p", "")),
          List.of(new AudioStream(1, "aac", 48_000, 2, "eng")),
          List.of(new SubtitleStream(2, "mov_text", "fra")),
          Map.of("title", "Clip", "artist", "Me"));

  @Test
  void writes_every_field_with_the_duration_in_seconds() throws Exception {
    JsonNode json = new ObjectMapper().readTree(MediaInfoJson.write(CLIP));

    assertThat(json.get("format").asText()).isEqualTo("mov,mp4,m4a,3gp,3g2,mj2");
    assertThat(json.get("durationSeconds").doubleValue()).isEqualTo(90.5);
    assertThat(json.get("sizeBytes").longValue()).isEqualTo(1_048_576L);
    assertThat(json.get("bitRate").longValue()).isEqualTo(671_088L);

    JsonNode video = json.get("video").get(0);
    assertThat(video.get("index").intValue()).isZero();
    assertThat(video.get("codec").asText()).isEqualTo("h264");
    assertThat(video.get("width").intValue()).isEqualTo(1280);
    assertThat(video.get("height").intValue()).isEqualTo(720);
    assertThat(video.get("fps").doubleValue()).isEqualTo(25.0);
    assertThat(video.get("pixelFormat").asText()).isEqualTo("yuv420p");
    assertThat(video.get("language").asText()).isEmpty();

    JsonNode audio = json.get("audio").get(0);
    assertThat(audio.get("index").intValue()).isEqualTo(1);
    assertThat(audio.get("codec").asText()).isEqualTo("aac");
    assertThat(audio.get("sampleRate").intValue()).isEqualTo(48_000);
    assertThat(audio.get("channels").intValue()).isEqualTo(2);
    assertThat(audio.get("language").asText()).isEqualTo("eng");

    JsonNode subtitle = json.get("subtitles").get(0);
    assertThat(subtitle.get("index").intValue()).isEqualTo(2);
    assertThat(subtitle.get("codec").asText()).isEqualTo("mov_text");
    assertThat(subtitle.get("language").asText()).isEqualTo("fra");
  }

  @Test
  void writes_fields_in_a_fixed_order_and_tags_sorted_by_name() {
    ObjectNode tree = MediaInfoJson.toTree(CLIP);

    assertThat(tree.properties())
        .extracting(Map.Entry::getKey)
        .containsExactly(
            "format",
            "durationSeconds",
            "sizeBytes",
            "bitRate",
            "video",
            "audio",
            "subtitles",
            "tags");
    assertThat(tree.get("tags").properties())
        .extracting(Map.Entry::getKey)
        .containsExactly("artist", "title");
  }

  @Test
  void writes_empty_arrays_for_missing_tracks_and_zero_for_a_still_image() {
    MediaInfo still =
        MediaInfo.of(
            MediaDuration.ZERO,
            List.of(new VideoStream(0, "png", 64, 64, 0, "rgb24", "")),
            List.of());

    ObjectNode tree = MediaInfoJson.toTree(still);

    assertThat(tree.get("durationSeconds").doubleValue()).isZero();
    assertThat(tree.get("format").asText()).isEmpty();
    assertThat(tree.get("audio").isArray()).isTrue();
    assertThat(tree.get("audio")).isEmpty();
    assertThat(tree.get("subtitles")).isEmpty();
    assertThat(tree.get("tags").isObject()).isTrue();
  }

  @Test
  void keeps_microsecond_precision_in_the_duration() {
    MediaInfo info = MediaInfo.of(MediaDuration.ofMicros(1_500_001), List.of(), List.of());

    assertThat(MediaInfoJson.toTree(info).get("durationSeconds").doubleValue()).isEqualTo(1.500001);
  }

  @Test
  void writes_pretty_json_with_unix_line_ends() {
    String json = MediaInfoJson.write(CLIP);

    assertThat(json).startsWith("{\n  \"format\": ").doesNotContain("\r");
  }
}
