package io.mediaflow.ffmpeg.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.Violation;
import io.mediaflow.api.media.MediaDuration;
import io.mediaflow.api.media.MediaInfo;
import io.mediaflow.api.media.StreamType;
import io.mediaflow.api.operator.Estimate;
import io.mediaflow.api.plan.GraphFilter;
import io.mediaflow.api.plan.Invocation;
import io.mediaflow.api.plan.InvocationInput;
import io.mediaflow.api.plan.InvocationOutput;
import io.mediaflow.api.plan.OutputStream;
import io.mediaflow.api.plan.PlanNode;
import io.mediaflow.api.plan.ProcessingPlan;
import io.mediaflow.api.spec.CodecSpec;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CapabilitiesTest {

  static final String ENCODERS =
      """
      Encoders:
       V..... = Video
       A..... = Audio
       S..... = Subtitle
       .F.... = Frame-level multithreading
       ------
       V....D a64multi             Multicolor charset for Commodore 64 (codec a64_multi)
       V....D libx264              libx264 H.264 / AVC / MPEG-4 AVC / MPEG-4 part 10 (codec h264)
       A....D aac                  AAC (Advanced Audio Coding)
       A....D libmp3lame           libmp3lame MP3 (MPEG audio layer 3) (codec mp3)
      """;

  static final String FILTERS =
      """
      Filters:
        T.. = Timeline support
        .S. = Slice threading
        A = Audio input/output
        | = Source or sink filter
       ... abench            A->A       Benchmark part of a filtergraph.
       TSC scale             V->V       Scale the input video size and/or convert the image format.
       ... split             V->N       Pass on the input to N video outputs.
       ... trim              V->V       Pick one continuous section from the input, drop the rest.
      """;

  @Test
  void reads_the_names_and_skips_the_legend() {
    assertThat(Capabilities.names(ENCODERS))
        .containsExactly("a64multi", "libx264", "aac", "libmp3lame");
    assertThat(Capabilities.names(FILTERS)).containsExactly("abench", "scale", "split", "trim");
  }

  @Test
  void a_plan_with_everything_present_has_no_violation() {
    Capabilities caps = new Capabilities(Capabilities.names(ENCODERS), Capabilities.names(FILTERS));

    assertThat(caps.check(plan("h264", "scale"))).isEmpty();
  }

  @Test
  void reports_a_missing_encoder_at_its_output_and_a_missing_filter_at_its_operation() {
    Capabilities caps = new Capabilities(Set.of("aac", "libnonexistent"), Set.of("trim"));

    List<Violation> v = caps.check(plan("hevc", "drawtext"));

    assertThat(v)
        .extracting(Violation::path, Violation::code)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("operations[1]", ErrorCode.FILTER_NOT_FOUND),
            org.assertj.core.groups.Tuple.tuple("outputs[0]", ErrorCode.ENCODER_NOT_FOUND));
    assertThat(v.get(0).message()).contains("'drawtext'");
    assertThat(v.get(1).message()).contains("'libx265'").contains("'hevc'");
    assertThat(v.get(1).suggestion()).contains("libx265");
  }

  @Test
  void stream_copy_needs_no_encoder() {
    Capabilities caps = new Capabilities(Set.of("aac"), Set.of("trim", "scale"));

    assertThat(caps.check(plan("copy", "scale"))).isEmpty();
  }

  /**
   * inputs[0] "main" → operations[0] "cut" (trim) → operations[1] "small" (filter) → outputs[0].
   */
  static ProcessingPlan plan(String videoCodec, String filter) {
    MediaInfo none = MediaInfo.of(MediaDuration.ZERO, List.of(), List.of());
    List<PlanNode> nodes =
        List.of(
            new PlanNode("main", PlanNode.Kind.INPUT, "", "inputs[0]", 0, none, Estimate.ZERO),
            new PlanNode(
                "cut", PlanNode.Kind.OPERATION, "trim", "operations[0]", 1, none, Estimate.ZERO),
            new PlanNode(
                "small", PlanNode.Kind.OPERATION, filter, "operations[1]", 2, none, Estimate.ZERO),
            new PlanNode(
                "output:0", PlanNode.Kind.OUTPUT, "", "outputs[0]", 3, none, Estimate.ZERO));
    List<GraphFilter> filters =
        List.of(
            new GraphFilter("trim", List.of(), List.of("0:v:0"), List.of("c"), "cut"),
            new GraphFilter(filter, List.of(), List.of("c"), List.of("s"), "small"));
    InvocationOutput out =
        new InvocationOutput(
            "outputs[0]",
            "small",
            "/tmp/out.mp4",
            "mp4",
            false,
            List.of(
                new OutputStream(StreamType.VIDEO, "s", videoCodec, true),
                new OutputStream(StreamType.AUDIO, "0:a?", "aac", false)),
            CodecSpec.DEFAULT,
            Map.of(),
            true);
    Invocation inv =
        new Invocation(
            "inv0",
            List.of(new InvocationInput(0, "main", "/tmp/in.mp4")),
            filters,
            List.of(out),
            MediaDuration.ZERO,
            Estimate.ZERO,
            List.of("cut", "small"));
    return new ProcessingPlan(
        nodes, List.of(), List.of(), List.of(inv), Estimate.ZERO, MediaDuration.ZERO);
  }
}
