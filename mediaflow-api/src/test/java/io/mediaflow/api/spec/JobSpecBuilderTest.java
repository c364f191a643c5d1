package io.mediaflow.api.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediaflow.api.media.StreamType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobSpecBuilderTest {

  @Test
  void names_what_an_operation_reads_and_writes_by_role() {
    JobSpec spec =
        JobSpec.builder()
            .input("main", "file:in.mp4")
            .input("logo", "file:logo.png")
            .operation("trim")
            .from("main")
            .to("cut")
            .param("start", "2s")
            .param("duration", 5)
            .operation("overlay")
            .from("cut", "logo")
            .to("branded")
            .operation("scale")
            .to("small") // the roles may come in any order
            .from("branded")
            .params(Map.of("width", 640))
            .output("small", "file:out/clip.mp4")
            .build();

    assertThat(spec.version()).isEqualTo(JobSpec.CURRENT_VERSION);
    assertThat(spec.operations())
        .containsExactly(
            new OperationSpec(
                "trim", List.of("main"), "cut", ordered("start", "2s", "duration", 5)),
            new OperationSpec("overlay", List.of("cut", "logo"), "branded", Map.of()),
            new OperationSpec("scale", List.of("branded"), "small", Map.of("width", 640)));
    assertThat(spec.operations().get(0).params().keySet()).containsExactly("start", "duration");
    assertThat(spec.outputs()).containsExactly(OutputSpec.of("small", "file:out/clip.mp4"));
  }

  @Test
  void sets_output_options_fluently() {
    CodecSpec vp9 = CodecSpec.builder().video("vp9").crf(31).build();
    StreamSelector english = new StreamSelector(StreamType.AUDIO, "eng", 0);

    JobSpec spec =
        JobSpec.builder()
            .input("main", "file:in.mp4")
            .output("main", "file:out/a.webm")
            .codec(vp9)
            .metadata("title", "Clip")
            .metadata("artist", "Me")
            .streams(StreamSelector.all(StreamType.VIDEO), english)
            .overwrite()
            .output("main", "file:out/b.mp4")
            .build();

    assertThat(spec.outputs())
        .containsExactly(
            new OutputSpec(
                "main",
                "file:out/a.webm",
                vp9,
                Map.of("title", "Clip", "artist", "Me"),
                List.of(StreamSelector.all(StreamType.VIDEO), english),
                true),
            OutputSpec.of("main", "file:out/b.mp4"));
    assertThat(spec.outputs().get(0).metadata().keySet()).containsExactly("title", "artist");
  }

  @Test
  void a_builder_used_in_a_loop_adds_each_step_when_the_next_begins() {
    JobSpec.Builder b = JobSpec.builder().input("main", "file:in.mp4");
    String previous = "main";
    for (int i = 0; i < 3; i++) {
      b.operation("scale").from(previous).to("s" + i).param("width", 64);
      previous = "s" + i;
    }
    JobSpec spec = b.output(previous, "file:out.mp4").build();

    assertThat(spec.operations())
        .extracting(OperationSpec::output)
        .containsExactly("s0", "s1", "s2");
    assertThat(spec.operations())
        .extracting(OperationSpec::inputs)
        .containsExactly(List.of("main"), List.of("s0"), List.of("s1"));
  }

  @Test
  void refuses_an_operation_without_a_result_id_and_says_what_to_add() {
    JobSpec.Builder b = JobSpec.builder().input("main", "file:in.mp4");
    b.operation("scale").from("main").param("width", 640);

    assertThatThrownBy(() -> b.output("small", "file:o.mp4"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "operation 'scale' (operations[0]) has no result id: add .to(\"id\") after"
                + " .operation(\"scale\")");
  }

  @Test
  void refuses_a_role_or_a_parameter_set_twice() {
    JobSpec.OperationStep step = JobSpec.builder().operation("scale").from("main").to("small");

    assertThatThrownBy(() -> step.from("other"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("from of operation 'scale' was already set to [main]");
    assertThatThrownBy(() -> step.to("big"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("to of operation 'scale' was already set to small");
    step.param("width", 640);
    assertThatThrownBy(() -> step.param("width", 320))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "param 'width' of operation 'scale' was already set to 640; set each parameter once");
  }

  @Test
  void refuses_an_output_option_set_twice() {
    JobSpec.OutputStep out =
        JobSpec.builder().output("main", "file:o.mp4").codec(CodecSpec.DEFAULT).metadata("t", "a");

    assertThatThrownBy(() -> out.codec(CodecSpec.DEFAULT))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("codec of output 'main' (file:o.mp4) was already set to");
    assertThatThrownBy(() -> out.metadata("t", "b"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("metadata 't' of output 'main' (file:o.mp4) was already set to \"a\"");
  }

  @Test
  void refuses_a_step_changed_after_it_became_part_of_the_spec() {
    JobSpec.Builder b = JobSpec.builder().input("main", "file:in.mp4");
    JobSpec.OperationStep first = b.operation("scale").from("main").to("small");
    b.operation("trim").from("small").to("cut");

    assertThatThrownBy(() -> first.param("width", 640))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "operation 'scale' is already part of the spec: set its options before the next"
                + " operation, output or build()");
  }

  private static Map<String, Object> ordered(Object... keysAndValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return m;
  }
}
