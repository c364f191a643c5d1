package io.mediaflow.internal.media;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.media.AudioStream;
import io.mediaflow.api.media.MediaInfo;
import io.mediaflow.api.media.SubtitleStream;
import io.mediaflow.api.media.VideoStream;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The JSON form of a {@link MediaInfo}, as the command line's {@code probe} prints it and the plan
 * renderer embeds it.
 *
 * <p>Every field is always present, so consumers see one shape; unknown values are {@code 0} or
 * {@code ""} as in {@code MediaInfo}. The duration is {@code durationSeconds}, a number of seconds
 * with up to microsecond fractions. Tags are sorted by name.
 *
 * <pre>{@code
 * {
 *   "format": "mov,mp4,m4a,3gp,3g2,mj2",
 *   "durationSeconds": 12.5,
 *   "sizeBytes": 1048576,
 *   "bitRate": 671088,
 *   "video": [{ "index": 0, "codec": "h264", "width": 1280, "height": 720, "fps": 25.0,
 *               "pixelFormat": "yuv420p", "language": "" }],
 *   "audio": [{ "index": 1, "codec": "aac", "sampleRate": 48000, "channels": 2, "language": "eng" }],
 *   "subtitles": [{ "index": 2, "codec": "mov_text", "language": "eng" }],
 *   "tags": { "title": "Clip" }
 * }
 * }</pre>
 */
public final class MediaInfoJson {

  private static final ObjectMapper MAPPER = JsonMapper.builder().build();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final DefaultPrettyPrinter PRETTY =
      new DefaultPrettyPrinter(
              Separators.createDefaultInstance()
                  .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
          .withObjectIndenter(new DefaultIndenter("  ", "\n"))
          .withArrayIndenter(new DefaultIndenter("  ", "\n"));

  private MediaInfoJson() {}

  /** Pretty-printed JSON of {@code info}, fields in the order shown above. */
  public static String write(MediaInfo info) {
    try {
      return MAPPER.writer(PRETTY).writeValueAsString(toTree(info));
    } catch (JsonProcessingException e) {
      throw new MediaFlowException(
          ErrorCode.INTERNAL, "cannot write media info as JSON: " + e.getOriginalMessage(), "");
    }
  }

  /** The same JSON as {@link #write}, as a tree to embed in a larger document. */
  public static ObjectNode toTree(MediaInfo info) {
    Objects.requireNonNull(info, "info");
    ObjectNode root = NODES.objectNode();
    root.put("format", info.container());
    root.put("durationSeconds", info.duration().toSeconds());
    root.put("sizeBytes", info.sizeBytes());
    root.put("bitRate", info.bitRate());
    ArrayNode video = root.putArray("video");
    for (VideoStream v : info.video()) {
      video
          .addObject()
          .put("index", v.index())
          .put("codec", v.codec())
          .put("width", v.width())
          .put("height", v.height())
          .put("fps", v.fps())
          .put("pixelFormat", v.pixelFormat())
          .put("language", v.language());
    }
    ArrayNode audio = root.putArray("audio");
    for (AudioStream a : info.audio()) {
      audio
          .addObject()
          .put("index", a.index())
          .put("codec", a.codec())
          .put("sampleRate", a.sampleRate())
          .put("channels", a.channels())
          .put("language", a.language());
    }
    ArrayNode subtitles = root.putArray("subtitles");
    for (SubtitleStream s : info.subtitles()) {
      subtitles
          .addObject()
          .put("index", s.index())
          .put("codec", s.codec())
          .put("language", s.language());
    }
    ObjectNode tags = root.putObject("tags");
    // MediaInfo's map has no order; sorting keeps the output stable from run to run
    for (Map.Entry<String, String> tag : new TreeMap<>(info.tags()).entrySet()) {
      tags.put(tag.getKey(), tag.getValue());
    }
    return root;
  }
}
