package io.mediaflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.ValidationException;
import io.mediaflow.api.Violation;
import io.mediaflow.api.media.MediaDuration;
import io.mediaflow.api.media.MediaInfo;
import io.mediaflow.api.media.StreamType;
import io.mediaflow.api.plan.GraphFilter;
import io.mediaflow.api.plan.Invocation;
import io.mediaflow.api.plan.InvocationInput;
import io.mediaflow.api.plan.InvocationOutput;
import io.mediaflow.api.plan.OutputStream;
import io.mediaflow.api.plan.PlanNode;
import io.mediaflow.api.plan.ProcessingPlan;
import io.mediaflow.api.spec.CodecSpec;
import io.mediaflow.api.spec.JobSpec;
import io.mediaflow.api.spec.StreamSelector;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlannerTest {

  private final Planner planner = new Planner(TestOperators.registry());
  private final Map<String, MediaInfo> oneClip = Map.of("main", TestOperators.clip(60, 1280, 720));

  private static JobSpec.Builder main() {
    return JobSpec.builder().input("main", "file:in.mp4");
  }

  private List<Violation> violations(JobSpec spec) {
    return planner.validate(spec);
  }

  private static Violation only(List<Violation> violations) {
    assertThat(violations).hasSize(1);
    return violations.get(0);
  }

  @Test
  void fuses_a_fan_out_into_one_invocation_with_split() {
    JobSpec spec =
        main()
            .operation("trim")
            .from("main")
            .to("cut")
            .param("start", "2s")
            .param("duration", "10s")
            .operation("scale")
            .from("cut")
            .to("small")
            .param("width", 640)
            .param("height", -2)
            .operation("thumbnail")
            .from("cut")
            .to("thumb")
            .param("at", 1)
            .output("small", "file:out/clip.mp4")
            .output("thumb", "file:out/thumb.png")
            .output("cut", "file:out/clip.mp3")
            .codec(CodecSpec.builder().video("none").audio("mp3").build())
            .build();

    ProcessingPlan plan = planner.plan(spec, oneClip);

    assertThat(plan.invocations()).hasSize(1);
    Invocation inv = plan.invocations().get(0);
    assertThat(inv.outputs()).hasSize(3);
    assertThat(inv.filters()).extracting(GraphFilter::name).contains("split", "asplit");
    // the trimmed video feeds scale and thumbnail: split in two
    GraphFilter split =
        inv.filters().stream().filter(f -> f.name().equals("split")).findFirst().orElseThrow();
    assertThat(split.outputs()).hasSize(2);
    // every label is written exactly once and read exactly once
    List<String> written = inv.filters().stream().flatMap(f -> f.outputs().stream()).toList();
    List<String> read =
        new java.util.ArrayList<>(
            inv.filters().stream()
                .flatMap(f -> f.inputs().stream())
                .filter(l -> !l.matches("\\d+:.*"))
                .toList());
    inv.outputs().stream()
        .flatMap(o -> o.streams().stream())
        .filter(OutputStream::filtered)
        .forEach(s -> read.add(s.source()));
    assertThat(written).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(read);
    assertThat(plan.node("small").orElseThrow().media().primaryVideo().orElseThrow().height())
        .isEqualTo(360);
    assertThat(plan.node("cut").orElseThrow().media().duration())
        .isEqualTo(MediaDuration.ofSeconds(10));
    assertThat(inv.expectedDuration()).isEqualTo(MediaDuration.ofSeconds(10));
    // an output node holds what its container keeps
    assertThat(plan.node("output:2").orElseThrow().media().hasVideo()).isFalse();
    assertThat(plan.node("output:1").orElseThrow().media().isStillImage()).isTrue();
  }

  @Test
  void the_plan_estimate_adds_up_its_operations_and_outputs_and_grows_with_the_media() {
    JobSpec spec =
        main()
            .operation("trim")
            .from("main")
            .to("cut")
            .param("start", "2s")
            .param("duration", "10s")
            .operation("scale")
            .from("cut")
            .to("small")
            .param("width", 640)
            .param("height", -2)
            .output("small", "file:out/clip.mp4")
            .output("cut", "file:out/cut.mkv")
            .build();

    ProcessingPlan plan = planner.plan(spec, oneClip);

    io.mediaflow.api.operator.Estimate sum = io.mediaflow.api.operator.Estimate.ZERO;
    for (PlanNode node : plan.nodes()) {
      sum = sum.plus(node.estimate());
    }
    assertThat(plan.estimate()).isEqualTo(sum);
    assertThat(plan.invocations().get(0).estimate()).isEqualTo(sum);
    // trim 0.01 + scale 0.02 (the test operators) + two encodes of 10 s of video
    assertThat(plan.estimate().cpuSeconds()).isGreaterThan(0.03);
    assertThat(plan.node("output:0").orElseThrow().estimate().cpuSeconds()).isPositive();
    assertThat(plan.estimate().diskBytes()).isPositive();
    assertThat(plan.expectedDuration()).isEqualTo(MediaDuration.ofSeconds(10));

    JobSpec longer =
        main()
            .operation("trim")
            .from("main")
            .to("cut")
            .param("start", "2s")
            .param("duration", "40s")
            .operation("scale")
            .from("cut")
            .to("small")
            .param("width", 640)
            .param("height", -2)
            .output("small", "file:out/clip.mp4")
            .output("cut", "file:out/cut.mkv")
            .build();
    ProcessingPlan longerPlan = planner.plan(longer, oneClip);
    assertThat(longerPlan.estimate().cpuSeconds()).isGreaterThan(plan.estimate().cpuSeconds());
    assertThat(longerPlan.estimate().diskBytes()).isGreaterThan(plan.estimate().diskBytes());
  }

  @Test
  void orders_nodes_in_stages() {
    JobSpec spec =
        main()
            .input("logo", "file:logo.png")
            .operation("trim")
            .from("main")
            .to("cut")
            .param("duration", 5)
            .operation("scale")
            .from("logo")
            .to("smalllogo")
            .param("width", 64)
            .operation("overlay")
            .from("cut", "smalllogo")
            .to("branded")
            .param("x", "10")
            .output("branded", "file:out.mp4")
            .build();
    Map<String, MediaInfo> media =
        Map.of("main", TestOperators.clip(60, 1280, 720), "logo", TestOperators.clip(0, 200, 100));

    ProcessingPlan plan = planner.plan(spec, media);

    assertThat(plan.stages().get(0)).containsExactly("main", "logo");
    assertThat(plan.stages().get(1)).containsExactly("cut", "smalllogo");
    assertThat(plan.stages().get(2)).containsExactly("branded");
    assertThat(plan.stages().get(3)).containsExactly("output:0");
    assertThat(plan.nodes()).extracting(PlanNode::id).containsSubsequence("cut", "branded");
  }

  @Test
  void every_invocation_reads_each_input_in_the_format_its_probe_found() {
    JobSpec spec =
        main()
            .input("logo", "file:logo.png")
            .operation("level")
            .from("main")
            .to("loud")
            .operation("overlay")
            .from("loud", "logo")
            .to("branded")
            .param("x", "10")
            .output("branded", "file:out.mp4")
            .build();
    MediaInfo clip = TestOperators.clip(60, 1280, 720);
    MediaInfo logo = TestOperators.clip(0, 200, 100);
    Map<String, MediaInfo> media =
        Map.of(
            "main",
            new MediaInfo(
                "mov,mp4,m4a,3gp,3g2,mj2",
                clip.duration(),
                0,
                0,
                clip.video(),
                clip.audio(),
                List.of(),
                Map.of()),
            "logo",
            new MediaInfo(
                "png_pipe", logo.duration(), 0, 0, logo.video(), List.of(), List.of(), Map.of()));

    ProcessingPlan plan = planner.plan(spec, media);

    assertThat(plan.invocations()).hasSize(2); // the analysis run reads the inputs too
    for (Invocation inv : plan.invocations()) {
      assertThat(inv.inputs())
          .extracting(InvocationInput::inputId, InvocationInput::container)
          .containsExactly(tuple("main", "mov,mp4,m4a,3gp,3g2,mj2"), tuple("logo", "png_pipe"));
    }
  }

  @Test
  void copies_the_stream_nothing_touches() {
    JobSpec spec =
        main()
            .operation("scale")
            .from("main")
            .to("small")
            .param("width", 640)
            .output("small", "file:o.mp4")
            .build();

    InvocationOutput out = planner.plan(spec, oneClip).invocations().get(0).outputs().get(0);

    assertThat(out.streams())
        .containsExactly(
            new OutputStream(StreamType.VIDEO, out.streams().get(0).source(), "h264", true),
            new OutputStream(StreamType.AUDIO, "0:a", "copy", false));
  }

  @Test
  void plans_a_pure_remux_without_filters() {
    JobSpec spec = main().output("main", "file:copy.mkv").build();

    Invocation inv = planner.plan(spec, oneClip).invocations().get(0);

    assertThat(inv.filters()).isEmpty();
    assertThat(inv.outputs().get(0).streams())
        .extracting(OutputStream::codec)
        .containsExactly("copy", "copy");
  }

  @Test
  void reencodes_when_the_container_cannot_take_the_stream() {
    JobSpec spec = main().output("main", "file:copy.webm").build();

    Invocation inv = planner.plan(spec, oneClip).invocations().get(0);

    assertThat(inv.outputs().get(0).streams())
        .extracting(OutputStream::codec)
        .containsExactly("vp9", "opus");
  }

  @Test
  void keeps_only_the_selected_tracks() {
    JobSpec spec =
        main()
            .output("main", "file:eng.mkv")
            .metadata("title", "x")
            .streams(new StreamSelector(StreamType.AUDIO, "eng", -1))
            .build();

    InvocationOutput out = planner.plan(spec, oneClip).invocations().get(0).outputs().get(0);

    assertThat(out.streams())
        .extracting(OutputStream::source)
        .containsExactly("0:a:m:language:eng");
    assertThat(out.metadata()).containsEntry("title", "x");
  }

  @Test
  void accepts_an_empty_operations_list() {
    assertThat(violations(main().output("main", "file:o.mp4").build())).isEmpty();
  }

  @Test
  void rejects_unknown_id_and_names_its_path() {
    Violation v =
        only(
            violations(
                main()
                    .operation("scale")
                    .from("mian")
                    .to("small")
                    .param("width", 640)
                    .output("small", "file:o.mp4")
                    .output("main", "file:p.mp4")
                    .build()));
    assertThat(v.code()).isEqualTo(ErrorCode.UNKNOWN_ID);
    assertThat(v.path()).isEqualTo("operations[0].input");
    assertThat(v.message()).contains("'mian'");
    assertThat(v.suggestion()).contains("did you mean 'main'?");
  }

  @Test
  void suggests_an_id_written_in_another_case() {
    Violation v =
        only(
            violations(
                main()
                    .operation("scale")
                    .from("MAIN")
                    .to("small")
                    .param("width", 640)
                    .output("small", "file:o.mp4")
                    .output("main", "file:p.mp4")
                    .build()));
    assertThat(v.code()).isEqualTo(ErrorCode.UNKNOWN_ID);
    assertThat(v.suggestion()).isEqualTo("did you mean 'main'?");
  }

  @Test
  void suggests_the_operator_an_abbreviation_stands_for() {
    Violation v =
        only(
            violations(
                main().operation("scl").from("main").to("x").output("x", "file:o.mp4").build()));
    assertThat(v.code()).isEqualTo(ErrorCode.UNKNOWN_OPERATOR);
    assertThat(v.suggestion()).isEqualTo("did you mean 'scale'?");
  }

  @Test
  void rejects_unknown_output_reference() {
    Violation v =
        only(violations(main().output("main", "file:a.mp4").output("nope", "file:o.mp4").build()));
    assertThat(v.code()).isEqualTo(ErrorCode.UNKNOWN_ID);
    assertThat(v.path()).isEqualTo("outputs[1].id");
  }

  @Test
  void rejects_a_sample_rate_opus_cannot_encode_at() {
    Violation v =
        only(
            violations(
                main()
                    .output("main", "file:o.webm")
                    .codec(CodecSpec.builder().sampleRate(44100).build())
                    .build()));
    assertThat(v.code()).isEqualTo(ErrorCode.INVALID_VALUE);
    assertThat(v.path()).isEqualTo("outputs[0].codec.sampleRate");
    assertThat(
            violations(
                main()
                    .output("main", "file:o.webm")
                    .codec(CodecSpec.builder().sampleRate(24000).build())
                    .build()))
        .isEmpty();
  }

  @Test
  void rejects_unknown_operator() {
    Violation v =
        only(
            violations(
                main().operation("scael").from("main").to("x").output("x", "file:o.mp4").build()));
    assertThat(v.code()).isEqualTo(ErrorCode.UNKNOWN_OPERATOR);
    assertThat(v.path()).isEqualTo("operations[0].op");
    assertThat(v.suggestion()).contains("'scale'");
  }

  @Test
  void rejects_wrong_arity() {
    Violation v =
        only(
            violations(
                main()
                    .operation("overlay")
                    .from("main")
                    .to("x")
                    .output("x", "file:o.mp4")
                    .build()));
    assertThat(v.code()).isEqualTo(ErrorCode.WRONG_ARITY);
    assertThat(v.path()).isEqualTo("operations[0].input");
    assertThat(v.message()).contains("takes 2 input(s) but was given 1");
  }

  @Test
  void rejects_wrong_type() {
    Violation v =
        only(
            violations(
                main()
                    .operation("trim")
                    .from("main")
                    .to("cut")
                    .operation("scale")
                    .from("cut")
                    .to("small")
                    .param("width", "wide")
                    .output("small", "file:o.mp4")
                    .build()));
    assertThat(v.code()).isEqualTo(ErrorCode.WRONG_TYPE);
    assertThat(v.path()).isEqualTo("operations[1].params.width");
    assertThat(v.message()).isEqualTo("expected an integer but was \"wide\"");
  }

  @Test
  void converts_numeric_text_where_an_int_is_expected() {
    assertThat(
            violations(
                main()
                    .operation("scale")
                    .from("main")
                    .to("s")
                    .param("width", "720")
                    .output("s", "file:o.mp4")
                    .build()))
        .isEmpty();
  }

  @Test
  void rejects_out_of_range() {
    Violation v =
        only(
            violations(
                main()
                    .operation("scale")
                    .from("main")
                    .to("s")
                    .param("width", 99999)
                    .output("s", "file:o.mp4")
                    .build()));
    assertThat(v.code()).isEqualTo(ErrorCode.OUT_OF_RANGE);
    assertThat(v.path()).isEqualTo("operations[0].params.width");
    assertThat(v.message()).isEqualTo("must be between -2 and 16384 but was 99999");
  }

  @Test
  void rejects_missing_required_and_unknown_params() {
    List<Violation> vs =
        violations(
            main()
                .operation("scale")
                .from("main")
                .to("s")
                .param("widht", 5)
                .output("s", "file:o.mp4")
                .build());
    assertThat(vs)
        .extracting(Violation::code)
        .containsExactlyInAnyOrder(ErrorCode.UNKNOWN_FIELD, ErrorCode.MISSING_FIELD);
    assertThat(vs)
        .extracting(Violation::path)
        .containsExactlyInAnyOrder("operations[0].params.widht", "operations[0].params.width");
  }

  @Test
  void rejects_cross_parameter_rules_from_the_operator() {
    Violation v =
        only(
            violations(
                main()
                    .operation("trim")
                    .from("main")
                    .to("cut")
                    .param("duration", 5)
                    .param("end", 9)
                    .output("cut", "file:o.mp4")
                    .build()));
    assertThat(v.path()).isEqualTo("operations[0].params.end");
  }

  @Test
  void rejects_cycle_and_names_it() {
    List<Violation> vs =
        violations(
            main()
                .operation("scale")
                .from("c")
                .to("a")
                .param("width", 10)
                .operation("scale")
                .from("a")
                .to("b")
                .param("width", 10)
                .operation("scale")
                .from("b")
                .to("c")
                .param("width", 10)
                .operation("scale")
                .from("main")
                .to("d")
                .param("width", 10)
                .output("d", "file:o.mp4")
                .output("c", "file:p.mp4")
                .build());
    Violation v = only(vs);
    assertThat(v.code()).isEqualTo(ErrorCode.CYCLE);
    assertThat(v.path()).isEqualTo("operations[0].input");
    assertThat(v.message()).isEqualTo("operations form a cycle: a → b → c → a");
  }

  @Test
  void rejects_a_self_reference_as_a_cycle() {
    Violation v =
        only(
            violations(
                main()
                    .operation("scale")
                    .from("a")
                    .to("a")
                    .param("width", 10)
                    .output("a", "file:o.mp4")
                    .output("main", "file:p.mp4")
                    .build()));
    assertThat(v.message()).isEqualTo("operations form a cycle: a → a");
  }

  @Test
  void reports_results_behind_a_cycle_as_unreachable() {
    List<Violation> vs =
        violations(
            main()
                .operation("scale")
                .from("b")
                .to("a")
                .param("width", 10)
                .operation("scale")
                .from("a")
                .to("b")
                .param("width", 10)
                .operation("scale")
                .from("b")
                .to("later")
                .param("width", 10)
                .output("later", "file:o.mp4")
                .output("main", "file:p.mp4")
                .build());
    assertThat(vs)
        .extracting(Violation::code)
        .containsExactly(ErrorCode.CYCLE, ErrorCode.UNREACHABLE);
    assertThat(vs.get(1).path()).isEqualTo("operations[2]");
  }

  @Test
  void rejects_duplicate_id() {
    Violation v =
        only(
            violations(
                main()
                    .operation("scale")
                    .from("main")
                    .to("main")
                    .param("width", 10)
                    .output("main", "file:o.mp4")
                    .build()));
    assertThat(v.code()).isEqualTo(ErrorCode.DUPLICATE_ID);
    assertThat(v.path()).isEqualTo("operations[0].output");
    assertThat(v.message()).contains("inputs[0].id");
  }

  @Test
  void rejects_unused_operation_result() {
    Violation v =
        only(
            violations(
                main()
                    .operation("scale")
                    .from("main")
                    .to("small")
                    .param("width", 10)
                    .output("main", "file:o.mp4")
                    .build()));
    assertThat(v.code()).isEqualTo(ErrorCode.UNUSED_RESULT);
    assertThat(v.path()).isEqualTo("operations[0].output");
  }

  @Test
  void rejects_unused_input() {
    Violation v =
        only(violations(main().input("extra", "file:x.mp4").output("main", "file:o.mp4").build()));
    assertThat(v.code()).isEqualTo(ErrorCode.UNUSED_INPUT);
    assertThat(v.path()).isEqualTo("inputs[1].id");
  }

  @Test
  void rejects_no_inputs_and_no_outputs() {
    List<Violation> vs = violations(JobSpec.builder().build());
    assertThat(vs)
        .extracting(Violation::code)
        .containsExactly(ErrorCode.NO_INPUTS, ErrorCode.NO_OUTPUTS);
    assertThat(vs).extracting(Violation::path).containsExactly("inputs", "outputs");
  }

  @Test
  void rejects_a_newer_spec_version() {
    Violation v = only(violations(main().version(2).output("main", "file:o.mp4").build()));
    assertThat(v.code()).isEqualTo(ErrorCode.UNSUPPORTED_VERSION);
    assertThat(v.path()).isEqualTo("version");
  }

  @Test
  void rejects_bad_codec_settings_with_their_paths() {
    List<Violation> vs =
        violations(
            main()
                .output("main", "file:o.mp4")
                .codec(
                    CodecSpec.builder()
                        .video("vp8")
                        .crf(60)
                        .audioBitrate("fast")
                        .preset("quick")
                        .build())
                .build());
    assertThat(vs)
        .extracting(Violation::path)
        .containsExactlyInAnyOrder(
            "outputs[0].codec.video",
            "outputs[0].codec.crf",
            "outputs[0].codec.audioBitrate",
            "outputs[0].codec.preset");
  }

  @Test
  void rejects_a_hardware_setting_outside_the_closed_set_so_no_text_reaches_ffmpeg() {
    Violation v =
        only(
            violations(
                main()
                    .output("main", "file:o.mp4")
                    .codec(CodecSpec.builder().hardware("auto -vf movie=/etc/passwd").build())
                    .build()));
    assertThat(v.code()).isEqualTo(ErrorCode.INVALID_VALUE);
    assertThat(v.path()).isEqualTo("outputs[0].codec.hardware");
    assertThat(v.message()).isEqualTo("\"auto -vf movie=/etc/passwd\" is not a hardware setting");
    assertThat(v.suggestion()).contains("auto, off, a family (nvenc, qsv, vaapi, videotoolbox)");
  }

  @Test
  void rejects_a_hardware_encoder_of_another_codec_and_threads_out_of_range() {
    List<Violation> vs =
        violations(
            main()
                .output("main", "file:o.mp4")
                .codec(CodecSpec.builder().video("h264").hardware("hevc_nvenc").threads(0).build())
                .build());
    assertThat(vs)
        .extracting(Violation::path, Violation::code, Violation::message)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(
                "outputs[0].codec.hardware",
                ErrorCode.INVALID_VALUE,
                "hevc_nvenc encodes hevc but this output's video is h264"),
            org.assertj.core.groups.Tuple.tuple(
                "outputs[0].codec.threads",
                ErrorCode.OUT_OF_RANGE,
                "must be between 1 and 64 but was 0"));
  }

  @Test
  void accepts_every_hardware_word_family_and_encoder_of_the_outputs_codec() {
    for (String setting :
        List.of("auto", "off", "nvenc", "qsv", "vaapi", "videotoolbox", "h264_qsv")) {
      assertThat(
              violations(
                  main()
                      .output("main", "file:o.mp4")
                      .codec(CodecSpec.builder().video("h264").hardware(setting).threads(4).build())
                      .build()))
          .as(setting)
          .isEmpty();
    }
  }

  @Test
  void rejects_a_codec_the_container_cannot_hold() {
    Violation v =
        only(
            violations(
                main()
                    .output("main", "file:o.webm")
                    .codec(CodecSpec.builder().video("h264").build())
                    .build()));
    assertThat(v.code()).isEqualTo(ErrorCode.INCOMPATIBLE_STREAM);
    assertThat(v.path()).isEqualTo("outputs[0].codec.video");
  }

  @Test
  void rejects_an_unknown_container() {
    Violation v = only(violations(main().output("main", "file:o.xyz").build()));
    assertThat(v.code()).isEqualTo(ErrorCode.INVALID_VALUE);
    assertThat(v.path()).isEqualTo("outputs[0].destination");
  }

  @Test
  void rejects_copying_a_filtered_stream() {
    JobSpec spec =
        main()
            .operation("scale")
            .from("main")
            .to("s")
            .param("width", 10)
            .output("s", "file:o.mp4")
            .codec(CodecSpec.builder().video("copy").build())
            .build();
    assertThatThrownBy(() -> planner.plan(spec, oneClip))
        .isInstanceOf(ValidationException.class)
        .satisfies(
            e -> {
              Violation v = only(((ValidationException) e).violations());
              assertThat(v.code()).isEqualTo(ErrorCode.INCOMPATIBLE_STREAM);
              assertThat(v.path()).isEqualTo("outputs[0].codec.video");
            });
  }

  @Test
  void rejects_a_video_operator_over_audio_only_media() {
    JobSpec spec =
        main()
            .operation("scale")
            .from("main")
            .to("s")
            .param("width", 10)
            .output("s", "file:o.mp3")
            .build();
    assertThatThrownBy(() -> planner.plan(spec, Map.of("main", TestOperators.audioOnly(10))))
        .isInstanceOf(ValidationException.class)
        .satisfies(
            e -> {
              Violation v = ((ValidationException) e).violations().get(0);
              assertThat(v.code()).isEqualTo(ErrorCode.INCOMPATIBLE_STREAM);
              assertThat(v.path()).isEqualTo("operations[0].input");
              assertThat(v.message()).contains("needs video but 'main' has none");
            });
  }

  @Test
  void reports_every_violation_at_once() {
    List<Violation> vs =
        violations(
            main()
                .operation("nope")
                .from("main")
                .to("a")
                .operation("scale")
                .from("ghost")
                .to("b")
                .param("width", -9)
                .output("a", "file:o.mp4")
                .output("b", "file:p.mp4")
                .build());
    assertThat(vs)
        .extracting(Violation::code)
        .contains(ErrorCode.UNKNOWN_OPERATOR, ErrorCode.UNKNOWN_ID, ErrorCode.OUT_OF_RANGE);
  }

  @Test
  void plan_refuses_an_invalid_spec() {
    JobSpec spec = main().operation("nope").from("main").to("a").output("a", "file:o.mp4").build();
    assertThatThrownBy(() -> planner.plan(spec, oneClip))
        .isInstanceOf(ValidationException.class)
        .hasMessageStartingWith("UNKNOWN_OPERATOR: operations[0].op: unknown operator 'nope'");
  }

  @Test
  void plans_a_long_chain_without_overflowing_the_stack() {
    JobSpec.Builder b = main();
    String previous = "main";
    for (int i = 0; i < 20_000; i++) {
      b.operation("scale").from(previous).to("s" + i).param("width", 64);
      previous = "s" + i;
    }
    Planner large =
        new Planner(TestOperators.registry(), JobLimits.ofDefaults().withMaxOperations(20_000));
    ProcessingPlan plan = large.plan(b.output(previous, "file:o.mp4").build(), oneClip);
    assertThat(plan.invocations().get(0).filters()).hasSize(20_000);
  }

  @Test
  void adds_an_analysis_run_before_an_operator_that_measures_first() {
    JobSpec spec =
        main()
            .operation("trim")
            .from("main")
            .to("cut")
            .param("duration", 5)
            .operation("level")
            .from("cut")
            .to("loud")
            .output("loud", "file:o.mp4")
            .build();

    ProcessingPlan plan = planner.plan(spec, oneClip);

    assertThat(plan.invocations()).hasSize(2);
    Invocation analysis = plan.invocations().get(0);
    assertThat(analysis.purpose()).isEqualTo(Invocation.Purpose.ANALYSIS);
    assertThat(analysis.outputs().get(0).container()).isEqualTo("null");
    assertThat(analysis.filters())
        .extracting(GraphFilter::name)
        .containsExactly("atrim", "asetpts", "loudnorm");
    Invocation encode = plan.invocations().get(1);
    GraphFilter loudnorm =
        encode.filters().stream()
            .filter(f -> f.name().equals("loudnorm"))
            .findFirst()
            .orElseThrow();
    assertThat(loudnorm.args().get(0).value()).isEqualTo("${loud.input_i}");
    assertThat(encode.withMeasurements(Map.of("loud.input_i", "-23.5")).filters())
        .flatExtracting(GraphFilter::args)
        .extracting(a -> a.value())
        .contains("-23.5")
        .doesNotContain("${loud.input_i}");
    assertThat(plan.expectedDuration()).isEqualTo(MediaDuration.ofSeconds(10));
  }
}
