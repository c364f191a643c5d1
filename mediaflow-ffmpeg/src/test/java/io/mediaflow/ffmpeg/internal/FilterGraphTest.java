package io.mediaflow.ffmpeg.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediaflow.api.operator.FilterArg;
import io.mediaflow.api.plan.GraphFilter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class FilterGraphTest {

  static final List<String> HOSTILE =
      List.of(
          "'; [x] , drawbox",
          "a:b=c",
          "[out];[in]null[out2]",
          "it's",
          "back\\slash",
          "\\'\\",
          "''",
          "%{pts} {x} %",
          "  leading and trailing  ",
          "tab\tand\nnewline\n",
          ",;[]:='\\",
          "",
          " ");

  @Test
  void renders_labels_name_and_options_in_ffmpeg_form() {
    GraphFilter f =
        new GraphFilter(
            "scale",
            List.of(FilterArg.of("w", 640), FilterArg.of("h", -2)),
            List.of("0:v:0"),
            List.of("small_v"),
            "small");

    assertThat(FilterGraph.render(List.of(f))).isEqualTo("[0:v:0]scale=w=640:h=-2[small_v]");
  }

  @Test
  void joins_filters_with_semicolons_and_omits_empty_options() {
    GraphFilter split = new GraphFilter("split", List.of(), List.of("v1"), List.of("a", "b"), "n");
    GraphFilter setpts =
        new GraphFilter(
            "setpts",
            List.of(FilterArg.positional("PTS-STARTPTS")),
            List.of("a"),
            List.of("c"),
            "n");

    assertThat(FilterGraph.render(List.of(split, setpts)))
        .isEqualTo("[v1]split[a][b];[a]setpts=PTS-STARTPTS[c]");
  }

  @Test
  void escapes_a_value_for_the_filter_then_for_the_graph() {
    assertThat(FilterGraph.escapeValue("a:b'c\\d")).isEqualTo("a\\:b\\'c\\\\d");
    assertThat(FilterGraph.escapeForGraph("k=a\\:b[c],d;e")).isEqualTo("k=a\\\\:b\\[c\\]\\,d\\;e");
  }

  static List<String> hostile() {
    return HOSTILE;
  }

  @ParameterizedTest
  @MethodSource("hostile")
  void hostile_values_never_add_a_filter_an_option_or_a_pad(String hostile) {
    GraphFilter metadata =
        new GraphFilter(
            "metadata",
            List.of(
                FilterArg.of("mode", "add"),
                FilterArg.of("key", hostile),
                FilterArg.of("value", hostile)),
            List.of("0:v:0"),
            List.of("m"),
            "n");
    GraphFilter positional =
        new GraphFilter(
            "setpts", List.of(FilterArg.positional(hostile)), List.of("m"), List.of("out"), "n");

    String graph = FilterGraph.render(List.of(metadata, positional));
    List<ReferenceGraphParser.Parsed> parsed = ReferenceGraphParser.parse(graph);

    assertThat(parsed).hasSize(2);
    assertThat(parsed.get(0).name()).isEqualTo("metadata");
    assertThat(parsed.get(0).inputs()).containsExactly("0:v:0");
    assertThat(parsed.get(0).outputs()).containsExactly("m");
    assertThat(parsed.get(0).args()).isEqualTo(metadata.args());
    assertThat(parsed.get(1).name()).isEqualTo("setpts");
    assertThat(parsed.get(1).inputs()).containsExactly("m");
    assertThat(parsed.get(1).outputs()).containsExactly("out");
    assertThat(parsed.get(1).args()).isEqualTo(positional.args());
  }

  @Test
  void a_positional_value_that_looks_like_an_option_stays_positional() {
    GraphFilter f =
        new GraphFilter(
            "setpts", List.of(FilterArg.positional("expr=1")), List.of("a"), List.of("b"), "n");

    List<ReferenceGraphParser.Parsed> parsed =
        ReferenceGraphParser.parse(FilterGraph.render(List.of(f)));

    assertThat(parsed.get(0).args()).containsExactly(new FilterArg(null, "expr=1"));
  }

  @Test
  void rejects_an_option_name_that_could_smuggle_syntax() {
    GraphFilter f =
        new GraphFilter("scale", List.of(FilterArg.of("w=1:h", 2)), List.of(), List.of(), "n");

    assertThatThrownBy(() -> FilterGraph.render(f))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("w=1:h");
  }

  @Test
  void rejects_a_label_or_name_that_could_smuggle_syntax() {
    GraphFilter badLabel = new GraphFilter("null", List.of(), List.of("a];[b"), List.of(), "n");
    GraphFilter badName = new GraphFilter("null,drawbox", List.of(), List.of(), List.of(), "n");

    assertThatThrownBy(() -> FilterGraph.render(badLabel))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a];[b");
    assertThatThrownBy(() -> FilterGraph.render(badName))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("null,drawbox");
  }
}
