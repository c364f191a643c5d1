package io.mediaflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.api.media.MediaInfo;
import io.mediaflow.api.plan.Invocation;
import io.mediaflow.api.plan.InvocationOutput;
import io.mediaflow.api.plan.OutputStream;
import io.mediaflow.api.plan.ProcessingPlan;
import io.mediaflow.api.spec.JobSpec;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The exact graph the fuser writes for a job where two inputs fan out and one filter reads both:
 * filter order, split order, label names and output sources. Pinned because the fuser's passes are
 * tuned for speed; a change here must be a deliberate one.
 */
class PlannerGraphGoldenTest {

  private final Planner planner = new Planner(TestOperators.registry());

  static String render(Invocation inv) {
    String graph =
        inv.filters().stream()
            .map(
                f ->
                    f.inputs()
                        + f.name()
                        + f.args().stream()
                            .map(a -> (a.key() == null ? "" : a.key() + "=") + a.value())
                            .collect(Collectors.joining(":", "(", ")"))
                        + f.outputs()
                        + "@"
                        + f.nodeId())
            .collect(Collectors.joining("\n"));
    String outputs =
        inv.outputs().stream()
            .map(
                (InvocationOutput o) ->
                    o.outputId()
                        + " <- "
                        + o.streams().stream()
                            .map(OutputStream::source)
                            .collect(Collectors.joining(",")))
            .collect(Collectors.joining("\n"));
    return graph + "\n--\n" + outputs;
  }

  @Test
  void two_inputs_fanning_out_into_filters_that_read_both() {
    JobSpec spec =
        JobSpec.builder()
            .input("a", "file:a.mp4")
            .input("b", "file:b.mp4")
            .operation("overlay")
            .from("b", "a")
            .to("ba")
            .operation("overlay")
            .from("a", "b")
            .to("ab")
            .param("x", "10")
            .operation("trim")
            .from("ab")
            .to("cut")
            .param("start", "1s")
            .param("duration", "5s")
            .operation("scale")
            .from("cut")
            .to("small")
            .param("width", 320)
            .operation("thumbnail")
            .from("cut")
            .to("thumb")
            .param("at", "1s")
            .output("ba", "file:out/ba.mp4")
            .output("small", "file:out/small.mp4")
            .output("thumb", "file:out/thumb.png")
            .output("cut", "file:out/cut.mkv")
            .output("a", "file:out/a.mp4")
            .build();
    Map<String, MediaInfo> media =
        Map.of("a", TestOperators.clip(60, 1280, 720), "b", TestOperators.clip(30, 640, 360));

    ProcessingPlan plan = planner.plan(spec, media);

    assertThat(plan.invocations()).hasSize(1);
    String rendered = render(plan.invocations().get(0));
    assertThat(rendered).isEqualTo(EXPECTED);
  }

  /** What the planner wrote before its node-number rewrite (commit 5bf75e7), verbatim. */
  static final String EXPECTED =
      ""
          + "[1:v:0]split(2)[i1v_s0, i1v_s1]@b\n"
          + "[0:v:0]split(2)[i0v_s0, i0v_s1]@a\n"
          + "[i1v_s0, i0v_s0]overlay(x=0:y=0)[o0_v]@ba\n"
          + "[i0v_s1, i1v_s1]overlay(x=10:y=0)[o1_v]@ab\n"
          + "[o1_v]trim(start=1:duration=5)[o2_v0]@cut\n"
          + "[o2_v0]setpts(PTS-STARTPTS)[o2_v1]@cut\n"
          + "[o2_v1]split(3)[o2_v1_s0, o2_v1_s1, o2_v1_s2]@cut\n"
          + "[0:a:0]atrim(start=1:duration=5)[o2_a2]@cut\n"
          + "[o2_a2]asetpts(PTS-STARTPTS)[o2_a3]@cut\n"
          + "[o2_a3]asplit(2)[o2_a3_s0, o2_a3_s1]@cut\n"
          + "[o2_v1_s0]scale(w=320:h=-2)[o3_v0]@small\n"
          + "[o2_v1_s1]trim(start=1)[o4_v0]@thumb\n"
          + "[o4_v0]setpts(PTS-STARTPTS)[o4_v1]@thumb\n"
          + "--\n"
          + "outputs[0] <- o0_v,1:a\n"
          + "outputs[1] <- o3_v0,o2_a3_s0\n"
          + "outputs[2] <- o4_v1\n"
          + "outputs[3] <- o2_v1_s2,o2_a3_s1\n"
          + "outputs[4] <- 0:v,0:a";
}
