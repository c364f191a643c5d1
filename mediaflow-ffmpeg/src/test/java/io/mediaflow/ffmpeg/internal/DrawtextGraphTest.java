package io.mediaflow.ffmpeg.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.api.media.MediaInfo;
import io.mediaflow.api.operator.FilterArg;
import io.mediaflow.api.plan.Invocation;
import io.mediaflow.api.plan.ProcessingPlan;
import io.mediaflow.api.spec.JobSpec;
import io.mediaflow.ffmpeg.Engine;
import io.mediaflow.ffmpeg.FfmpegBackend;
import io.mediaflow.testkit.MediaFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * User text in drawtext cannot inject: the rendered graph reads back (with an independent parser of
 * FFmpeg's syntax) as exactly the filters planned, with the text as one value, and FFmpeg runs it.
 */
class DrawtextGraphTest {

  static final String HOSTILE =
      "it's \\ : ; [x] , drawbox=c=red:t=fill %{pts} %{n} [out] \" $HOME `id`\n"
          + "second line; [in]split[a][b] ,, ''\\' \\\\:";

  private static final FfmpegBackend BACKEND = FfmpegBackend.ofDefaults();

  @TempDir Path dir;

  @BeforeAll
  static void ffmpeg() {
    MediaFixtures.requireFfmpeg();
  }

  @Test
  void hostile_text_is_one_value_of_the_one_drawtext_filter_and_renders() throws Exception {
    Path out = dir.resolve("text.mp4");
    JobSpec spec =
        JobSpec.builder()
            .input("in", "file:" + MediaFixtures.smallClip())
            .operation("drawtext")
            .from("in")
            .to("titled")
            .param("text", HOSTILE)
            .param("x", "(w-text_w)/2")
            .param("y", "h-th-10")
            .param("fontColor", "yellow")
            .output("titled", "file:" + out)
            .build();
    Engine engine = new Engine(BACKEND);
    MediaInfo media = BACKEND.probe(MediaFixtures.smallClip());
    ProcessingPlan plan = engine.plan(spec, Map.of("in", media));
    Invocation inv = plan.invocations().get(0);

    List<String> args = BACKEND.arguments(inv);
    String graph = args.get(args.indexOf("-filter_complex") + 1);
    List<ReferenceGraphParser.Parsed> parsed = ReferenceGraphParser.parse(graph);
    assertThat(parsed)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.name()).isEqualTo("drawtext");
              assertThat(f.inputs()).containsExactly("0:v:0");
              assertThat(f.args())
                  .containsExactly(
                      FilterArg.of("text", HOSTILE),
                      FilterArg.of("expansion", "none"),
                      FilterArg.of("x", "(w-text_w)/2"),
                      FilterArg.of("y", "h-th-10"),
                      FilterArg.of("fontsize", "24"),
                      FilterArg.of("fontcolor", "yellow"));
            });

    engine.run(plan);

    assertThat(Files.size(out)).isPositive();
    assertThat(BACKEND.probe(out).primaryVideo().orElseThrow().resolution().toString())
        .isEqualTo("320x240");
  }
}
