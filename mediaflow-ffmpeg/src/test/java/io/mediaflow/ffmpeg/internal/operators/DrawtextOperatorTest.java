package io.mediaflow.ffmpeg.internal.operators;

import static io.mediaflow.ffmpeg.internal.operators.OperatorFixtures.PATH;
import static io.mediaflow.ffmpeg.internal.operators.OperatorFixtures.bind;
import static io.mediaflow.ffmpeg.internal.operators.OperatorFixtures.clip;
import static io.mediaflow.ffmpeg.internal.operators.OperatorFixtures.params;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.ValidationException;
import io.mediaflow.api.Violation;
import io.mediaflow.api.media.MediaInfo;
import io.mediaflow.api.media.StreamType;
import io.mediaflow.api.operator.CompileContext;
import io.mediaflow.api.operator.FilterArg;
import io.mediaflow.api.operator.FilterFragment;
import io.mediaflow.api.operator.PadRef;
import io.mediaflow.api.operator.ParamBinder;
import io.mediaflow.api.operator.ParamType;
import io.mediaflow.api.operator.Params;
import io.mediaflow.api.operator.PathResolver;
import io.mediaflow.api.operator.ValidationContext;
import io.mediaflow.api.plan.GraphFilter;
import io.mediaflow.ffmpeg.internal.FilterGraph;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DrawtextOperatorTest {

  private final DrawtextOperator drawtext = new DrawtextOperator();
  private final MediaInfo in = clip(320, 240, 2);

  @TempDir Path dir;

  @Test
  void declares_its_parameters() {
    assertThat(drawtext.descriptor().paramNames())
        .containsExactly("text", "x", "y", "fontSize", "fontColor", "fontFile");
  }

  @Test
  void compiles_the_text_as_one_value_with_expansion_off() {
    FilterFragment f =
        drawtext.compile(
            params(drawtext, Map.of("text", "Hello", "x", "(w-text_w)/2", "y", "h-th-10")),
            new CompileContext(List.of(in), in));

    assertThat(f.filters())
        .extracting(OperatorFixtures::text)
        .containsExactly(
            "drawtext=text=Hello:expansion=none:x=(w-text_w)/2:y=h-th-10:fontsize=24:fontcolor=white");
    assertThat(f.results()).containsEntry(StreamType.AUDIO, PadRef.input(0, StreamType.AUDIO));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "it's",
        "a:b",
        "back\\slash",
        "%{pts}",
        "[out]",
        "a;b",
        "a,b",
        "two\nlines",
        " edge spaces ",
        "x=1:fontcolor=red",
        "'; drawbox=c=red:t=fill [x],"
      })
  void hostile_text_stays_one_option_value_of_one_filter(String text) {
    FilterFragment f =
        drawtext.compile(
            params(drawtext, Map.of("text", text)), new CompileContext(List.of(in), in));
    FilterArg arg = f.filters().get(0).args().get(0);
    assertThat(arg.key()).isEqualTo("text");
    assertThat(arg.value()).isEqualTo(text);

    String rendered =
        FilterGraph.render(
            new GraphFilter(
                "drawtext", f.filters().get(0).args(), List.of("0:v:0"), List.of("t"), "n"));
    // the graph has exactly one filter: every separator in the text is escaped
    assertThat(unescapedCount(rendered, ';')).isZero();
    assertThat(unescapedCount(rendered, ',')).isZero();
    assertThat(rendered)
        .startsWith("[0:v:0]drawtext=text=")
        .endsWith(":expansion=none:x=0:y=0:fontsize=24:fontcolor=white[t]");
  }

  @Test
  void empty_text_and_control_characters_are_refused_at_the_text_path() {
    assertThat(bind(drawtext, Map.of("text", "")).violations())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.path()).isEqualTo(PATH + ".text");
              assertThat(v.code()).isEqualTo(ErrorCode.INVALID_VALUE);
              assertThat(v.message()).contains("empty");
            });
    assertThat(bind(drawtext, Map.of("text", "a\u0000b")).violations())
        .singleElement()
        .satisfies(v -> assertThat(v.message()).contains("U+0000"));
    assertThat(bind(drawtext, Map.of("text", "x".repeat(1001))).violations()).hasSize(1);
  }

  @Test
  void size_and_color_are_checked() {
    assertThat(
            bind(drawtext, Map.of("text", "a", "fontSize", 0, "fontColor", "blurple")).violations())
        .extracting(v -> v.path() + " " + v.code().code())
        .containsExactlyInAnyOrder(
            PATH + ".fontSize OUT_OF_RANGE", PATH + ".fontColor INVALID_VALUE");
  }

  /**
   * The folders a test allows, as a workspace would: relative paths start at {@code dir}, links are
   * followed, and the file must stay inside {@code dir}.
   */
  private ValidationContext inDir() {
    PathResolver paths =
        (path, jsonPath) -> {
          Path root;
          Path real;
          try {
            root = dir.toRealPath();
            Path p = root.resolve(path).normalize();
            real = Files.exists(p) ? p.toRealPath() : p;
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          if (!real.startsWith(root)) {
            throw new ValidationException(
                Violation.of(jsonPath, ErrorCode.PATH_NOT_ALLOWED, "file " + path + " is outside"));
          }
          return real;
        };
    return new ValidationContext(PATH, paths);
  }

  private List<Violation> check(Map<String, ?> raw) {
    ParamBinder.Result bound = ParamBinder.bind(drawtext.descriptor(), raw, inDir());
    if (!bound.ok()) {
      return bound.violations();
    }
    return drawtext.validate(bound.params(), inDir());
  }

  @Test
  void the_font_file_is_a_path_parameter() {
    assertThat(drawtext.descriptor().param("fontFile").orElseThrow().type())
        .isEqualTo(ParamType.PATH);
  }

  @Test
  void a_font_file_must_exist_be_readable_and_be_a_font() throws IOException {
    Files.writeString(dir.resolve("f.ttf"), "not really a font");
    Files.writeString(dir.resolve("secret.txt"), "x");
    Files.createDirectories(dir.resolve("folder.ttf"));

    assertThat(check(Map.of("text", "a", "fontFile", "f.ttf"))).isEmpty();
    assertThat(check(Map.of("text", "a", "fontFile", "nope.ttf")))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.path()).isEqualTo(PATH + ".fontFile");
              assertThat(v.code()).isEqualTo(ErrorCode.INVALID_VALUE);
              assertThat(v.message()).contains("does not exist");
              assertThat(v.suggestion()).contains("leave fontFile out for the default font");
            });
    assertThat(check(Map.of("text", "a", "fontFile", "secret.txt")))
        .singleElement()
        .satisfies(v -> assertThat(v.message()).contains(".ttf"));
    assertThat(check(Map.of("text", "a", "fontFile", "folder.ttf"))).hasSize(1);
  }

  @Test
  void a_font_file_outside_the_allowed_folders_is_refused_before_anything_looks_at_it()
      throws IOException {
    Path outside = Files.createTempFile("shadow", ".txt");
    try {
      for (String font : List.of(outside.toString(), "/etc/shadow", "../../../etc/shadow")) {
        assertThat(check(Map.of("text", "a", "fontFile", font)))
            .as(font)
            .singleElement()
            .satisfies(
                v -> {
                  assertThat(v.path()).isEqualTo(PATH + ".fontFile");
                  assertThat(v.code()).isEqualTo(ErrorCode.PATH_NOT_ALLOWED);
                });
      }
    } finally {
      Files.deleteIfExists(outside);
    }
  }

  @Test
  void without_allowed_folders_no_font_file_is_accepted() throws IOException {
    Path font = Files.writeString(dir.resolve("f.ttf"), "x");

    assertThat(bind(drawtext, Map.of("text", "a", "fontFile", font.toString())).violations())
        .singleElement()
        .satisfies(v -> assertThat(v.code()).isEqualTo(ErrorCode.PATH_NOT_ALLOWED));
  }

  @Test
  void a_font_file_is_passed_as_fontfile_by_its_real_path() throws IOException {
    Path font = Files.writeString(dir.resolve("my font:1.ttf"), "x");
    Files.createSymbolicLink(dir.resolve("link.ttf"), font.getFileName());
    ParamBinder.Result bound =
        ParamBinder.bind(
            drawtext.descriptor(), Map.of("text", "a", "fontFile", "link.ttf"), inDir());

    FilterFragment f = drawtext.compile(bound.params(), new CompileContext(List.of(in), in));

    assertThat(f.filters().get(0).args())
        .contains(FilterArg.of("fontfile", font.toRealPath().toString()));
    String rendered =
        FilterGraph.render(
            new GraphFilter(
                "drawtext", f.filters().get(0).args(), List.of("0:v:0"), List.of("t"), "n"));
    // the ':' of the file name is escaped: it cannot start another option
    assertThat(rendered).doesNotContain("my font:1.ttf").contains("my font");
  }

  @Test
  void an_unresolved_font_file_never_reaches_the_filter() {
    Params unresolved =
        Params.of(
            Map.of(
                "text",
                "a",
                "x",
                "0",
                "y",
                "0",
                "fontSize",
                24L,
                "fontColor",
                "white",
                "fontFile",
                "/etc/shadow"));

    assertThatThrownBy(() -> drawtext.compile(unresolved, new CompileContext(List.of(in), in)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not a resolved path");
  }

  /** How many times {@code c} appears without a backslash escaping it. */
  private static int unescapedCount(String rendered, char c) {
    int count = 0;
    for (int i = 0; i < rendered.length(); i++) {
      if (rendered.charAt(i) == '\\') {
        i++;
      } else if (rendered.charAt(i) == c) {
        count++;
      }
    }
    return count;
  }
}
