package io.mediaflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.ValidationException;
import io.mediaflow.api.Violation;
import io.mediaflow.api.media.StreamType;
import io.mediaflow.api.spec.CodecSpec;
import io.mediaflow.api.spec.InputSpec;
import io.mediaflow.api.spec.JobSpec;
import io.mediaflow.api.spec.OperationSpec;
import io.mediaflow.api.spec.OutputSpec;
import io.mediaflow.api.spec.StreamSelector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobSpecJsonTest {

  private static final String DESIGN_EXAMPLE =
      """
      {
        "version": 1,
        "inputs":  [{ "id": "main", "source": "file:in.mp4" },
                    { "id": "logo", "source": "https://cdn.example.com/logo.png" }],
        "operations": [
          { "op": "trim",    "input": "main",          "output": "cut",  "params": { "start": "00:00:02", "duration": "5s" } },
          { "op": "scale",   "input": "cut",           "output": "small","params": { "width": 640, "height": -2 } },
          { "op": "overlay", "input": ["small","logo"],"output": "branded", "params": { "x": "W-w-10", "y": 10 } }
        ],
        "outputs": [
          { "id": "branded", "destination": "file:out/clip.mp4", "codec": { "video": "h264", "audio": "aac", "crf": 23 },
            "metadata": { "title": "Clip" } },
          { "id": "cut",     "destination": "file:out/clip.mp3", "codec": { "video": "none", "audio": "mp3", "audioBitrate": "192k" },
            "overwrite": true }
        ]
      }
      """;

  // ------------------------------------------------------------------ reading valid documents

  @Test
  void reads_the_design_example() {
    JobSpec spec = JobSpecJson.parse(DESIGN_EXAMPLE);

    assertThat(spec.version()).isEqualTo(1);
    assertThat(spec.inputs()).extracting("id").containsExactly("main", "logo");
    assertThat(spec.inputs().get(1).source()).isEqualTo("https://cdn.example.com/logo.png");
    assertThat(spec.operations())
        .extracting(OperationSpec::op)
        .containsExactly("trim", "scale", "overlay");
    assertThat(spec.operations().get(2).inputs()).containsExactly("small", "logo");
    assertThat(spec.operations().get(0).params())
        .containsExactly(Map.entry("start", "00:00:02"), Map.entry("duration", "5s"));

    OutputSpec branded = spec.outputs().get(0);
    assertThat(branded.codec())
        .isEqualTo(CodecSpec.builder().video("h264").audio("aac").crf(23).build());
    assertThat(branded.metadata()).containsExactly(Map.entry("title", "Clip"));
    assertThat(branded.overwrite()).isFalse();

    OutputSpec mp3 = spec.outputs().get(1);
    assertThat(mp3.codec().video()).isEqualTo("none");
    assertThat(mp3.codec().audioBitrate()).isEqualTo("192k");
    assertThat(mp3.overwrite()).isTrue();
  }

  @Test
  void reads_input_as_one_id_or_a_list_of_ids() {
    JobSpec spec =
        JobSpecJson.parse(
            """
            {"inputs": [{"id": "a", "source": "file:a.mp4"}, {"id": "b", "source": "file:b.mp4"}],
             "operations": [
               {"op": "scale", "input": "a", "output": "one"},
               {"op": "concat", "input": ["a", "b"], "output": "both"},
               {"op": "concat", "input": ["b"], "output": "single"}
             ],
             "outputs": [{"id": "both", "destination": "file:out.mp4"}]}
            """);

    assertThat(spec.operations().get(0).inputs()).containsExactly("a");
    assertThat(spec.operations().get(1).inputs()).containsExactly("a", "b");
    assertThat(spec.operations().get(2).inputs()).containsExactly("b");
  }

  @Test
  void keeps_param_values_as_their_json_types_in_order() {
    JobSpec spec =
        JobSpecJson.parse(
            """
            {"inputs": [{"id": "a", "source": "file:a.mp4"}],
             "operations": [{"op": "x", "input": "a", "output": "b", "params": {
               "text": "hi", "small": 640, "negative": -2, "big": 10000000000,
               "fraction": 2.5, "exponent": 1e3, "flag": true, "nothing": null,
               "list": [1, "two", 3.0], "map": {"z": 1, "a": {"deep": false}}
             }}],
             "outputs": [{"id": "b", "destination": "file:out.mp4"}]}
            """);

    Map<String, Object> params = spec.operations().get(0).params();
    assertThat(params.keySet())
        .containsExactly(
            "text",
            "small",
            "negative",
            "big",
            "fraction",
            "exponent",
            "flag",
            "nothing",
            "list",
            "map");
    assertThat(params.get("text")).isEqualTo("hi");
    assertThat(params.get("small")).isInstanceOf(Integer.class).isEqualTo(640);
    assertThat(params.get("negative")).isEqualTo(-2);
    assertThat(params.get("big")).isInstanceOf(Long.class).isEqualTo(10_000_000_000L);
    assertThat(params.get("fraction")).isInstanceOf(Double.class).isEqualTo(2.5);
    assertThat(params.get("exponent")).isInstanceOf(Double.class).isEqualTo(1000.0);
    assertThat(params.get("flag")).isEqualTo(Boolean.TRUE);
    assertThat(params).containsEntry("nothing", null);
    assertThat(params.get("list")).isEqualTo(List.of(1, "two", 3.0));
    @SuppressWarnings("unchecked")
    Map<String, Object> map = (Map<String, Object>) params.get("map");
    assertThat(map.keySet()).containsExactly("z", "a");
    assertThat(map.get("a")).isEqualTo(Map.of("deep", false));
  }

  @Test
  void reads_stream_selectors_with_defaults() {
    JobSpec spec =
        JobSpecJson.parse(
            """
            {"inputs": [{"id": "a", "source": "file:a.mkv"}],
             "outputs": [{"id": "a", "destination": "file:out.mkv", "streams": [
               {"type": "video"},
               {"type": "audio", "language": "eng"},
               {"type": "subtitle", "index": 1}
             ]}]}
            """);

    assertThat(spec.outputs().get(0).streams())
        .containsExactly(
            StreamSelector.all(StreamType.VIDEO),
            new StreamSelector(StreamType.AUDIO, "eng", -1),
            new StreamSelector(StreamType.SUBTITLE, "", 1));
  }

  @Test
  void defaults_version_and_treats_missing_arrays_as_empty() {
    JobSpec spec = JobSpecJson.parse("{}");

    assertThat(spec.version()).isEqualTo(JobSpec.CURRENT_VERSION);
    assertThat(spec.inputs()).isEmpty();
    assertThat(spec.operations()).isEmpty();
    assertThat(spec.outputs()).isEmpty();
  }

  @Test
  void treats_null_in_an_optional_field_as_absent() {
    JobSpec spec =
        JobSpecJson.parse(
            """
            {"version": null, "operations": null,
             "outputs": [{"id": "a", "destination": "file:o.mp4", "codec": {"crf": null},
                          "metadata": null, "overwrite": null}]}
            """);

    assertThat(spec.operations()).isEmpty();
    assertThat(spec.outputs().get(0)).isEqualTo(OutputSpec.of("a", "file:o.mp4"));
  }

  @Test
  void accepts_a_schema_reference_at_the_root() {
    JobSpec spec = JobSpecJson.parse("{\"$schema\": \"./jobspec.schema.json\", \"inputs\": []}");

    assertThat(spec.inputs()).isEmpty();
  }

  @Test
  void accepts_integers_written_with_a_zero_fraction() {
    JobSpec spec =
        JobSpecJson.parse(
            "{\"outputs\": [{\"id\": \"a\", \"destination\": \"file:o.mp4\", \"codec\": {\"crf\": 23.0}}]}");

    assertThat(spec.outputs().get(0).codec().crf()).isEqualTo(23);
  }

  // ------------------------------------------------------------------ writing

  @Test
  void round_trips_the_design_example() {
    JobSpec spec = JobSpecJson.parse(DESIGN_EXAMPLE);

    assertThat(JobSpecJson.parse(JobSpecJson.write(spec))).isEqualTo(spec);
  }

  @Test
  void round_trips_a_spec_built_in_java() {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("width", 640);
    params.put("frames", 12_000_000_000L);
    params.put("ratio", 1.5);
    params.put("sharp", true);
    params.put("none", null);
    params.put("points", List.of(1, 2.5, "x"));
    params.put("nested", Map.of("k", "v"));
    JobSpec spec =
        JobSpec.builder()
            .input("main", "file:in.mp4")
            .input("logo", "file:logo.png")
            .operation("scale")
            .from("main")
            .to("small")
            .params(params)
            .operation("overlay")
            .from("small", "logo")
            .to("branded")
            .output("branded", "file:out/a.mkv")
            .codec(
                new CodecSpec("hevc", "opus", 28, "2M", "96k", "slow", 48000, 2, "mkv", "auto", 2))
            .metadata("title", "T")
            .streams(
                StreamSelector.all(StreamType.VIDEO),
                new StreamSelector(StreamType.AUDIO, "fra", 0))
            .overwrite()
            .output("small", "file:out/b.mp4")
            .build();

    String json = JobSpecJson.write(spec);

    assertThat(JobSpecJson.parse(json)).isEqualTo(spec);
  }

  @Test
  void writes_fields_in_a_stable_order_and_leaves_out_defaults() {
    JobSpec spec =
        JobSpec.builder()
            .input("main", "file:in.mp4")
            .output("main", "file:out.mp4")
            .codec(CodecSpec.builder().video("copy").build())
            .build();

    assertThat(JobSpecJson.write(spec))
        .isEqualTo(
            """
            {
              "version": 1,
              "inputs": [
                {
                  "id": "main",
                  "source": "file:in.mp4"
                }
              ],
              "outputs": [
                {
                  "id": "main",
                  "destination": "file:out.mp4",
                  "codec": {
                    "video": "copy"
                  }
                }
              ]
            }""");
  }

  @Test
  void writes_one_input_id_as_a_string_and_several_as_an_array() {
    JobSpec spec =
        JobSpec.builder()
            .operation("scale")
            .from("a")
            .to("b")
            .operation("concat")
            .from("a", "b")
            .to("c")
            .build();

    String json = JobSpecJson.write(spec);

    assertThat(json)
        .contains("\"input\": \"a\"")
        .containsPattern("\"input\": \\[\\s*\"a\",\\s*\"b\"");
  }

  @Test
  void refuses_to_write_a_param_value_with_no_json_form() {
    JobSpec spec =
        JobSpec.builder().operation("x").from("a").to("b").param("when", new Object()).build();

    ValidationException e =
        catchThrowableOfType(ValidationException.class, () -> JobSpecJson.write(spec));

    assertThat(e.violations())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.code()).isEqualTo(ErrorCode.WRONG_TYPE);
              assertThat(v.path()).isEqualTo("operations[0].params.when");
              assertThat(v.message()).contains("java.lang.Object");
            });
  }

  // ------------------------------------------------------------------ bad input

  @Test
  void rejects_malformed_json_with_line_and_column() {
    Violation v = onlyViolation("{\n  \"inputs\": [\n    {\"id\": \"a\",}\n  ]\n}");

    assertThat(v.code()).isEqualTo(ErrorCode.MALFORMED_JSON);
    assertThat(v.path()).isEmpty();
    assertThat(v.message()).contains("not valid JSON").contains("line 3, column");
  }

  @Test
  void rejects_nesting_deeper_than_the_parser_allows_as_malformed_json_and_reads_what_is_allowed() {
    String deep = "[".repeat(5_000) + "]".repeat(5_000);
    Violation v =
        onlyViolation(
            "{\"operations\": [{\"op\": \"x\", \"input\": \"a\", \"output\": \"b\","
                + " \"params\": {\"p\": "
                + deep
                + "}}]}");

    assertThat(v.code()).isEqualTo(ErrorCode.MALFORMED_JSON);
    assertThat(v.message()).contains("nesting depth");
    String allowed = "[".repeat(900) + "]".repeat(900);
    JobSpec spec =
        JobSpecJson.parse(
            "{\"operations\": [{\"op\": \"x\", \"input\": \"a\", \"output\": \"b\","
                + " \"params\": {\"p\": "
                + allowed
                + "}}]}");
    assertThat(spec.operations().get(0).params()).containsKey("p");
  }

  @Test
  void reads_how_an_input_is_read_fetch_by_default_and_writes_only_stream() {
    JobSpec spec =
        JobSpecJson.parse(
            "{\"inputs\": [{\"id\": \"a\", \"source\": \"s3://m/a.mp4\", \"read\": \"stream\"},"
                + " {\"id\": \"b\", \"source\": \"s3://m/b.mp4\", \"read\": \"fetch\"},"
                + " {\"id\": \"c\", \"source\": \"c.mp4\"}]}");

    assertThat(spec.inputs())
        .extracting(InputSpec::read)
        .containsExactly(InputSpec.Read.STREAM, InputSpec.Read.FETCH, InputSpec.Read.FETCH);
    String json = JobSpecJson.write(spec);
    assertThat(json)
        .containsOnlyOnce("\"read\"")
        .contains("\"stream\"")
        .doesNotContain("\"fetch\"");
    assertThat(JobSpecJson.parse(json)).isEqualTo(spec);
  }

  @Test
  void rejects_an_unknown_way_to_read_an_input_at_its_path() {
    Violation v =
        onlyViolation(
            "{\"inputs\": [{\"id\": \"a\", \"source\": \"s3://m/a.mp4\", \"read\": \"mmap\"}]}");

    assertThat(v.code()).isEqualTo(ErrorCode.INVALID_VALUE);
    assertThat(v.path()).isEqualTo("inputs[0].read");
    assertThat(v.message()).isEqualTo("\"mmap\" is not a way to read an input");
    assertThat(v.suggestion()).contains("\"fetch\"").contains("\"stream\"");
  }

  @Test
  void rejects_an_empty_document() {
    Violation v = onlyViolation("   ");

    assertThat(v.code()).isEqualTo(ErrorCode.MALFORMED_JSON);
    assertThat(v.message()).contains("empty");
  }

  @Test
  void rejects_trailing_content_after_the_document() {
    Violation v = onlyViolation("{} {}");

    assertThat(v.code()).isEqualTo(ErrorCode.MALFORMED_JSON);
  }

  @Test
  void rejects_a_field_given_twice() {
    Violation v = onlyViolation("{\"inputs\": [], \"inputs\": []}");

    assertThat(v.code()).isEqualTo(ErrorCode.MALFORMED_JSON);
    assertThat(v.message()).contains("inputs").contains("line 1");
  }

  @Test
  void rejects_a_document_that_is_not_an_object() {
    Violation v = onlyViolation("[1, 2]");

    assertThat(v.code()).isEqualTo(ErrorCode.WRONG_TYPE);
    assertThat(v.path()).isEmpty();
    assertThat(v.message()).isEqualTo("expected a JSON object but was an array");
  }

  @Test
  void rejects_unknown_field_and_names_its_path() {
    Violation v =
        onlyViolation(
            """
            {"outputs": [{"id": "a", "destination": "file:o.mp4", "codec": {"vidoe": "h264"}}]}
            """);

    assertThat(v.code()).isEqualTo(ErrorCode.UNKNOWN_FIELD);
    assertThat(v.path()).isEqualTo("outputs[0].codec.vidoe");
    assertThat(v.message()).contains("unknown field \"vidoe\"").contains("video, audio, crf");
    assertThat(v.suggestion()).isEqualTo("did you mean 'video'?");
  }

  @Test
  void reads_hardware_and_threads_and_refuses_threads_that_are_not_a_number() {
    JobSpec spec =
        JobSpecJson.parse(
            """
            {"inputs": [{"id": "a", "source": "file:in.mp4"}],
             "outputs": [{"id": "a", "destination": "file:o.mp4",
                          "codec": {"hardware": "auto", "threads": 2}}]}
            """);
    assertThat(spec.outputs().get(0).codec().hardware()).isEqualTo("auto");
    assertThat(spec.outputs().get(0).codec().threads()).isEqualTo(2);

    Violation v =
        onlyViolation(
            """
            {"outputs": [{"id": "a", "destination": "file:o.mp4", "codec": {"threads": "two"}}]}
            """);

    assertThat(v.code()).isEqualTo(ErrorCode.WRONG_TYPE);
    assertThat(v.path()).isEqualTo("outputs[0].codec.threads");
  }

  @Test
  void rejects_unknown_fields_at_every_level() {
    List<Violation> all =
        violations(
            """
            {"verison": 1,
             "inputs": [{"id": "a", "source": "file:a.mp4", "src": "x"}],
             "operations": [{"op": "x", "input": "a", "output": "b", "parms": {}}],
             "outputs": [{"id": "b", "destination": "file:o.mp4", "overwrites": true,
                          "streams": [{"type": "audio", "lang": "eng"}]}]}
            """);

    assertThat(all).allSatisfy(v -> assertThat(v.code()).isEqualTo(ErrorCode.UNKNOWN_FIELD));
    assertThat(all)
        .extracting(Violation::path)
        .containsExactly(
            "verison",
            "inputs[0].src",
            "operations[0].parms",
            "outputs[0].overwrites",
            "outputs[0].streams[0].lang");
    assertThat(all)
        .extracting(Violation::suggestion)
        .containsExactly(
            "did you mean 'version'?",
            "did you mean 'source'?",
            "did you mean 'params'?",
            "did you mean 'overwrite'?",
            "did you mean 'language'?");
  }

  @Test
  void gives_no_suggestion_when_no_known_field_is_close() {
    Violation v =
        onlyViolation("{\"inputs\": [{\"id\": \"a\", \"source\": \"file:a\", \"zzzzzzzz\": 1}]}");

    assertThat(v.path()).isEqualTo("inputs[0].zzzzzzzz");
    assertThat(v.suggestion()).isEmpty();
    assertThat(v.message()).contains("expected one of: id, source");
  }

  @Test
  void gives_no_suggestion_for_a_short_field_name_two_edits_away() {
    Violation v =
        onlyViolation("{\"inputs\": [{\"id\": \"a\", \"source\": \"file:a\", \"xy\": 1}]}");

    assertThat(v.path()).isEqualTo("inputs[0].xy");
    assertThat(v.suggestion()).isEmpty();
  }

  @Test
  void rejects_missing_required_fields_at_their_paths() {
    List<Violation> all =
        violations(
            """
            {"inputs": [{}],
             "operations": [{}],
             "outputs": [{}]}
            """);

    assertThat(all).allSatisfy(v -> assertThat(v.code()).isEqualTo(ErrorCode.MISSING_FIELD));
    assertThat(all)
        .extracting(Violation::path)
        .containsExactly(
            "inputs[0].id",
            "inputs[0].source",
            "operations[0].op",
            "operations[0].input",
            "operations[0].output",
            "outputs[0].id",
            "outputs[0].destination");
    assertThat(all.get(1).message())
        .isEqualTo(
            "missing required field \"source\"; expected where to read it, such as \"file:in.mp4\"");
  }

  @Test
  void rejects_missing_stream_type() {
    Violation v =
        onlyViolation(
            "{\"outputs\": [{\"id\": \"a\", \"destination\": \"file:o.mkv\", \"streams\": [{\"language\": \"eng\"}]}]}");

    assertThat(v.code()).isEqualTo(ErrorCode.MISSING_FIELD);
    assertThat(v.path()).isEqualTo("outputs[0].streams[0].type");
  }

  @Test
  void rejects_inputs_that_are_not_an_array() {
    Violation v = onlyViolation("{\"inputs\": {}}");

    assertThat(v.code()).isEqualTo(ErrorCode.WRONG_TYPE);
    assertThat(v.path()).isEqualTo("inputs");
    assertThat(v.message()).isEqualTo("expected an array of inputs but was an object");
  }

  @Test
  void rejects_a_crf_that_is_not_an_integer() {
    Violation v =
        onlyViolation(
            "{\"outputs\": [{\"id\": \"a\", \"destination\": \"file:o.mp4\", \"codec\": {\"crf\": \"high\"}}]}");

    assertThat(v.code()).isEqualTo(ErrorCode.WRONG_TYPE);
    assertThat(v.path()).isEqualTo("outputs[0].codec.crf");
    assertThat(v.message()).isEqualTo("expected an integer but was the string \"high\"");
  }

  @Test
  void rejects_a_fractional_number_where_an_integer_is_expected() {
    Violation v =
        onlyViolation(
            "{\"outputs\": [{\"id\": \"a\", \"destination\": \"file:o.mp4\", \"codec\": {\"channels\": 2.5}}]}");

    assertThat(v.code()).isEqualTo(ErrorCode.WRONG_TYPE);
    assertThat(v.path()).isEqualTo("outputs[0].codec.channels");
    assertThat(v.message()).contains("expected an integer but was the number 2.5");
  }

  @Test
  void rejects_an_integer_too_large_for_its_field() {
    Violation v =
        onlyViolation(
            "{\"outputs\": [{\"id\": \"a\", \"destination\": \"file:o.mp4\", \"codec\": {\"sampleRate\": 99999999999}}]}");

    assertThat(v.code()).isEqualTo(ErrorCode.OUT_OF_RANGE);
    assertThat(v.path()).isEqualTo("outputs[0].codec.sampleRate");
    assertThat(v.message()).contains("but was 99999999999");
  }

  @Test
  void reports_numbers_no_type_can_hold_as_out_of_range_at_their_paths() {
    List<Violation> violations =
        violations(
            """
            { "inputs": [{ "id": "main", "source": "file:in.mp4" }],
              "operations": [{ "op": "trim", "input": "main", "output": "cut",
                               "params": { "start": 1e99999999999, "x": [1, -1e-99999999999] } }],
              "outputs": [{ "id": "cut", "destination": "file:o.mp4",
                            "codec": { "crf": 1e99999999999 } }] }
            """);

    assertThat(violations)
        .extracting(Violation::path)
        .containsExactly(
            "operations[0].params.start", "operations[0].params.x[1]", "outputs[0].codec.crf");
    assertThat(violations).extracting(Violation::code).containsOnly(ErrorCode.OUT_OF_RANGE);
    assertThat(violations.get(0).message())
        .isEqualTo(
            "the number 1e99999999999 is out of range: its exponent is too large for any number");
  }

  @Test
  void rejects_a_whole_number_with_a_huge_exponent_as_out_of_range_at_once() {
    Violation v =
        onlyViolation(
            "{\"outputs\": [{\"id\": \"a\", \"destination\": \"file:o.mp4\", \"codec\": {\"crf\": 1e999999999}}]}");

    assertThat(v.code()).isEqualTo(ErrorCode.OUT_OF_RANGE);
    assertThat(v.path()).isEqualTo("outputs[0].codec.crf");
    assertThat(v.message()).endsWith("but was 1E+999999999");
  }

  @Test
  void rejects_overwrite_that_is_not_a_boolean() {
    Violation v =
        onlyViolation(
            "{\"outputs\": [{\"id\": \"a\", \"destination\": \"file:o.mp4\", \"overwrite\": \"yes\"}]}");

    assertThat(v.code()).isEqualTo(ErrorCode.WRONG_TYPE);
    assertThat(v.path()).isEqualTo("outputs[0].overwrite");
    assertThat(v.message()).isEqualTo("expected true or false but was the string \"yes\"");
  }

  @Test
  void rejects_metadata_values_that_are_not_strings() {
    List<Violation> all =
        violations(
            """
            {"outputs": [{"id": "a", "destination": "file:o.mp4",
                          "metadata": {"title": 5, "com.example.year": 2024, "ok": "fine"}}]}
            """);

    assertThat(all).allSatisfy(v -> assertThat(v.code()).isEqualTo(ErrorCode.WRONG_TYPE));
    assertThat(all)
        .extracting(Violation::path)
        .containsExactly("outputs[0].metadata.title", "outputs[0].metadata[\"com.example.year\"]");
    assertThat(all.get(0).message()).isEqualTo("expected a string but was the number 5");
    assertThat(all.get(0).suggestion()).contains("quote it: \"5\"");
  }

  @Test
  void rejects_wrong_types_of_required_strings_and_containers() {
    List<Violation> all =
        violations(
            """
            {"inputs": [{"id": 7, "source": null}, "main"],
             "operations": [{"op": "x", "input": 3, "output": "y", "params": [1]},
                            {"op": "x", "input": ["a", 1], "output": "z"}],
             "outputs": [{"id": "y", "destination": "file:o.mp4", "codec": "h264",
                          "metadata": [], "streams": {}}]}
            """);

    assertThat(all).allSatisfy(v -> assertThat(v.code()).isEqualTo(ErrorCode.WRONG_TYPE));
    assertThat(all)
        .extracting(Violation::path)
        .containsExactly(
            "inputs[0].id",
            "inputs[0].source",
            "inputs[1]",
            "operations[0].input",
            "operations[0].params",
            "operations[1].input[1]",
            "outputs[0].codec",
            "outputs[0].metadata",
            "outputs[0].streams");
    assertThat(all.get(1).message()).startsWith("expected a string").endsWith("but was null");
    assertThat(all.get(3).message())
        .isEqualTo("expected an id (a string) or an array of ids but was the number 3");
  }

  @Test
  void rejects_an_unknown_stream_type_with_a_suggestion() {
    Violation v =
        onlyViolation(
            "{\"outputs\": [{\"id\": \"a\", \"destination\": \"file:o.mkv\", \"streams\": [{\"type\": \"subtitles\"}]}]}");

    assertThat(v.code()).isEqualTo(ErrorCode.INVALID_VALUE);
    assertThat(v.path()).isEqualTo("outputs[0].streams[0].type");
    assertThat(v.message()).contains("\"subtitles\"").contains("video, audio, subtitle");
    assertThat(v.suggestion()).isEqualTo("did you mean 'subtitle'?");
  }

  @Test
  void rejects_a_stream_index_below_minus_one() {
    Violation v =
        onlyViolation(
            "{\"outputs\": [{\"id\": \"a\", \"destination\": \"file:o.mkv\", \"streams\": [{\"type\": \"audio\", \"index\": -2}]}]}");

    assertThat(v.code()).isEqualTo(ErrorCode.OUT_OF_RANGE);
    assertThat(v.path()).isEqualTo("outputs[0].streams[0].index");
    assertThat(v.message()).contains("but was -2");
  }

  @Test
  void refuses_a_newer_version_with_the_reason_and_nothing_else() {
    Violation v = onlyViolation("{\"version\": 2, \"newField\": true}");

    assertThat(v.code()).isEqualTo(ErrorCode.UNSUPPORTED_VERSION);
    assertThat(v.path()).isEqualTo("version");
    assertThat(v.message())
        .isEqualTo("version 2 is newer than this library understands; the newest it reads is 1");
    assertThat(v.suggestion()).contains("upgrade mediaflow");
  }

  @Test
  void rejects_a_version_below_one_or_not_an_integer() {
    assertThat(onlyViolation("{\"version\": 0}").code()).isEqualTo(ErrorCode.OUT_OF_RANGE);
    Violation text = onlyViolation("{\"version\": \"1\"}");
    assertThat(text.code()).isEqualTo(ErrorCode.WRONG_TYPE);
    assertThat(text.path()).isEqualTo("version");
  }

  @Test
  void reports_every_problem_at_once_in_document_order() {
    ValidationException e =
        catchThrowableOfType(
            ValidationException.class,
            () ->
                JobSpecJson.parse(
                    """
                    {"inputs": [{"id": "main"}],
                     "operations": [{"op": "scale", "input": "main", "output": "s",
                                     "params": {"width": 640}, "extra": 1}],
                     "outputs": [{"id": "s", "destination": "file:o.mp4",
                                  "codec": {"crf": "high", "vidoe": "h264"},
                                  "overwrite": "yes", "metadata": {"title": 5}}]}
                    """));

    assertThat(e.violations())
        .extracting(v -> v.code().code() + " " + v.path())
        .containsExactly(
            "MISSING_FIELD inputs[0].source",
            "UNKNOWN_FIELD operations[0].extra",
            "UNKNOWN_FIELD outputs[0].codec.vidoe",
            "WRONG_TYPE outputs[0].codec.crf",
            "WRONG_TYPE outputs[0].metadata.title",
            "WRONG_TYPE outputs[0].overwrite");
    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_SPEC);
    assertThat(e.getMessage())
        .startsWith("INVALID_SPEC: 6 problems:\n  MISSING_FIELD inputs[0].source: ")
        .contains("outputs[0].codec.vidoe");
  }

  // ------------------------------------------------------------------ files

  @Test
  void reads_a_spec_from_a_file(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("job.json");
    Files.writeString(file, DESIGN_EXAMPLE);

    assertThat(JobSpecJson.read(file)).isEqualTo(JobSpecJson.parse(DESIGN_EXAMPLE));
  }

  @Test
  void reports_a_missing_file_as_input_not_found(@TempDir Path dir) {
    Path file = dir.resolve("nope.json");

    assertThatThrownBy(() -> JobSpecJson.read(file))
        .isInstanceOfSatisfying(
            MediaFlowException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INPUT_NOT_FOUND))
        .hasMessageContaining(file.toString())
        .hasMessageContaining("does not exist");
  }

  @Test
  void reports_a_directory_as_input_unreadable(@TempDir Path dir) {
    assertThatThrownBy(() -> JobSpecJson.read(dir))
        .isInstanceOfSatisfying(
            MediaFlowException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INPUT_UNREADABLE))
        .hasMessageContaining(dir.toString())
        .hasMessageContaining("cannot be read");
  }

  @Test
  void reports_a_file_that_is_not_utf8_as_input_unreadable(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("latin1.json");
    Files.write(file, new byte[] {'{', '"', (byte) 0xE9, '"', ':', '1', '}'});

    assertThatThrownBy(() -> JobSpecJson.read(file))
        .isInstanceOfSatisfying(
            MediaFlowException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INPUT_UNREADABLE))
        .hasMessageContaining("not UTF-8");
  }

  // ------------------------------------------------------------------ helpers

  private static List<Violation> violations(String json) {
    ValidationException e =
        catchThrowableOfType(ValidationException.class, () -> JobSpecJson.parse(json));
    assertThat(e).as("expected a ValidationException for %s", json).isNotNull();
    return e.violations();
  }

  private static Violation onlyViolation(String json) {
    List<Violation> all = violations(json);
    assertThat(all).hasSize(1);
    return all.get(0);
  }
}
