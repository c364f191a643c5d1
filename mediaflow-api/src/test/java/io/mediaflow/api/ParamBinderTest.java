package io.mediaflow.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediaflow.api.operator.OperatorDescriptor;
import io.mediaflow.api.operator.ParamBinder;
import io.mediaflow.api.operator.ParamSpec;
import io.mediaflow.api.operator.ParamType;
import io.mediaflow.api.operator.Params;
import io.mediaflow.api.operator.PathResolver;
import io.mediaflow.api.operator.ValidationContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ParamBinderTest {

  private final OperatorDescriptor descriptor =
      OperatorDescriptor.builder("demo")
          .param(ParamSpec.builder("width", ParamType.INT).required().range(1, 100).build())
          .param(
              ParamSpec.builder("mode", ParamType.ENUM)
                  .allowed("fast", "slow")
                  .defaultValue("fast")
                  .build())
          .param(ParamSpec.builder("label", ParamType.STRING).pattern("[a-z]+").build())
          .param(
              ParamSpec.builder("even", ParamType.INT)
                  .check(v -> ((Long) v) % 2 == 0 ? Optional.empty() : Optional.of("must be even"))
                  .build())
          .build();

  private ParamBinder.Result bind(Map<String, Object> raw) {
    return ParamBinder.bind(descriptor, raw, "operations[3].params");
  }

  @Test
  void converts_values_and_fills_defaults() {
    ParamBinder.Result r = bind(Map.of("width", "50"));
    assertThat(r.ok()).isTrue();
    assertThat(r.params().getInt("width")).isEqualTo(50);
    assertThat(r.params().getString("mode")).isEqualTo("fast");
    assertThat(r.params().has("label")).isFalse();
  }

  @Test
  void reports_every_rule_with_its_path() {
    Map<String, Object> raw = new LinkedHashMap<>();
    raw.put("width", 500);
    raw.put("mode", "medium");
    raw.put("label", "ABC");
    raw.put("even", 3);
    raw.put("colour", "red");

    ParamBinder.Result r = bind(raw);

    assertThat(r.violations())
        .extracting(Violation::path, Violation::code)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "operations[3].params.colour", ErrorCode.UNKNOWN_FIELD),
            org.assertj.core.groups.Tuple.tuple(
                "operations[3].params.width", ErrorCode.OUT_OF_RANGE),
            org.assertj.core.groups.Tuple.tuple(
                "operations[3].params.mode", ErrorCode.INVALID_VALUE),
            org.assertj.core.groups.Tuple.tuple(
                "operations[3].params.label", ErrorCode.INVALID_VALUE),
            org.assertj.core.groups.Tuple.tuple(
                "operations[3].params.even", ErrorCode.INVALID_VALUE));
    assertThat(r.violations().get(1).message()).isEqualTo("must be between 1 and 100 but was 500");
    assertThat(r.violations().get(2).message())
        .isEqualTo("must be one of [fast, slow] but was \"medium\"");
    assertThat(r.violations().get(4).message()).isEqualTo("must be even");
  }

  @Test
  void reports_a_missing_required_value() {
    Violation v = bind(Map.of()).violations().get(0);
    assertThat(v.code()).isEqualTo(ErrorCode.MISSING_FIELD);
    assertThat(v.path()).isEqualTo("operations[3].params.width");
    assertThat(v.message()).isEqualTo("parameter 'width' is required (an integer)");
  }

  @Test
  void a_validation_exception_lists_every_violation() {
    ValidationException e =
        new ValidationException(bind(Map.of("width", 0, "mode", "x")).violations());
    assertThat(e.violations()).hasSize(2);
    assertThat(e.getMessage())
        .contains("2 problems")
        .contains("OUT_OF_RANGE operations[3].params.width: must be between 1 and 100 but was 0");
    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_SPEC);
    assertThat(e.violations().get(0).code()).isEqualTo(ErrorCode.OUT_OF_RANGE);
  }

  private final OperatorDescriptor withFile =
      OperatorDescriptor.builder("stamp")
          .param(
              ParamSpec.builder("file", ParamType.PATH)
                  .pattern(".*\\.png")
                  .check(
                      v ->
                          ((Path) v).endsWith("bad.png") ? Optional.of("is bad") : Optional.empty())
                  .build())
          .build();

  /** Allows what lies under {@code /allowed} and says where it was asked. */
  private final List<String> asked = new ArrayList<>();

  private final PathResolver allowedOnly =
      (path, jsonPath) -> {
        asked.add(jsonPath + "=" + path);
        Path p = Path.of("/allowed").resolve(path).normalize();
        if (!p.startsWith("/allowed")) {
          throw new ValidationException(
              Violation.of(jsonPath, ErrorCode.PATH_NOT_ALLOWED, "outside: " + path));
        }
        return p;
      };

  private ParamBinder.Result bindFile(Object file, PathResolver paths) {
    return ParamBinder.bind(
        withFile, Map.of("file", file), new ValidationContext("operations[2].params", paths));
  }

  private final OperatorDescriptor withLocation =
      OperatorDescriptor.builder("loc")
          .param(ParamSpec.builder("input", ParamType.LOCATION).required().build())
          .build();

  /** Files as {@link #allowedOnly}; {@code s3:} locations checked by "the storage". */
  private final PathResolver withStore =
      new PathResolver() {
        @Override
        public Path resolve(String path, String jsonPath) {
          return allowedOnly.resolve(path, jsonPath);
        }

        @Override
        public java.net.URI resolveLocation(String location, String jsonPath) {
          asked.add("location " + jsonPath + "=" + location);
          if (!location.startsWith("s3://")) {
            throw new ValidationException(
                Violation.of(jsonPath, ErrorCode.UNSUPPORTED_SOURCE, "no storage: " + location));
          }
          return java.net.URI.create(location.replace(" ", "%20"));
        }
      };

  private ParamBinder.Result bindLocation(Object location, PathResolver paths) {
    return ParamBinder.bind(
        withLocation, Map.of("input", location), new ValidationContext("nodes.a.params", paths));
  }

  @Test
  void a_location_is_a_local_file_in_the_roots_or_a_location_its_storage_checked() {
    ParamBinder.Result local = bindLocation("in/a.mp4", withStore);
    assertThat(local.violations()).isEmpty();
    assertThat(local.params().optLocation("input")).contains(Path.of("/allowed/in/a.mp4").toUri());

    ParamBinder.Result remote = bindLocation("s3://media/a b.mp4", withStore);
    assertThat(remote.violations()).isEmpty();
    assertThat(remote.params().optLocation("input"))
        .contains(java.net.URI.create("s3://media/a%20b.mp4"));

    ParamBinder.Result fileScheme = bindLocation("file:in/b.mp4", withStore);
    assertThat(fileScheme.violations()).isEmpty();
    assertThat(asked)
        .containsExactly(
            "nodes.a.params.input=in/a.mp4",
            "location nodes.a.params.input=s3://media/a b.mp4",
            "nodes.a.params.input=file:in/b.mp4");
  }

  @Test
  void a_location_of_a_scheme_nobody_serves_is_refused_at_its_path() {
    assertThat(bindLocation("gs://b/k.mp4", withStore).violations())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.path()).isEqualTo("nodes.a.params.input");
              assertThat(v.code()).isEqualTo(ErrorCode.UNSUPPORTED_SOURCE);
            });
    // a resolver without storages refuses every remote location, but not a file
    assertThat(bindLocation("s3://media/a.mp4", allowedOnly).violations())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.code()).isEqualTo(ErrorCode.UNSUPPORTED_SOURCE);
              assertThat(v.message())
                  .isEqualTo("location \"s3://media/a.mp4\" is not a local file");
              assertThat(v.suggestion()).isEqualTo("name a file inside the allowed folders");
            });
    assertThat(bindLocation("a.mp4", allowedOnly).violations()).isEmpty();
  }

  @Test
  void a_path_is_resolved_through_the_context_and_held_as_the_resolved_file() {
    ParamBinder.Result r = bindFile("logos/a.png", allowedOnly);

    assertThat(r.violations()).isEmpty();
    assertThat(r.params().optPath("file")).contains(Path.of("/allowed/logos/a.png"));
    assertThat(asked).containsExactly("operations[2].params.file=logos/a.png");
  }

  @Test
  void a_path_the_context_refuses_is_reported_at_its_path_before_any_other_rule() {
    // neither the pattern (not .png) nor the check may speak first about a file outside
    ParamBinder.Result r = bindFile("../../etc/shadow", allowedOnly);

    assertThat(r.violations())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.path()).isEqualTo("operations[2].params.file");
              assertThat(v.code()).isEqualTo(ErrorCode.PATH_NOT_ALLOWED);
              assertThat(v.message()).isEqualTo("outside: ../../etc/shadow");
            });
    assertThat(r.params().has("file")).isFalse();
  }

  @Test
  void the_pattern_applies_to_the_path_as_written_and_the_check_to_the_resolved_file() {
    assertThat(bindFile("a.txt", allowedOnly).violations())
        .singleElement()
        .satisfies(v -> assertThat(v.message()).startsWith("must match .*\\.png"));
    assertThat(bindFile("x/../bad.png", allowedOnly).violations())
        .singleElement()
        .satisfies(v -> assertThat(v.message()).isEqualTo("is bad"));
  }

  @Test
  void a_path_that_is_no_file_name_is_a_wrong_type_and_never_resolved() {
    assertThat(bindFile(42, allowedOnly).violations())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.code()).isEqualTo(ErrorCode.WRONG_TYPE);
              assertThat(v.message())
                  .isEqualTo("expected a file path (such as \"fonts/title.ttf\") but was 42");
            });
    assertThat(asked).isEmpty();
  }

  @Test
  void a_default_path_is_confined_like_a_given_one() {
    OperatorDescriptor d =
        OperatorDescriptor.builder("stamp")
            .param(ParamSpec.builder("file", ParamType.PATH).defaultValue("../secret").build())
            .build();

    assertThat(
            ParamBinder.bind(
                    d, Map.of(), new ValidationContext("operations[0].params", allowedOnly))
                .violations())
        .extracting(Violation::code)
        .containsExactly(ErrorCode.PATH_NOT_ALLOWED);
  }

  @Test
  void without_a_path_rule_every_file_is_refused() {
    ParamBinder.Result r =
        ParamBinder.bind(withFile, Map.of("file", "a.png"), "operations[2].params");

    assertThat(r.violations())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.path()).isEqualTo("operations[2].params.file");
              assertThat(v.code()).isEqualTo(ErrorCode.PATH_NOT_ALLOWED);
              assertThat(v.message())
                  .isEqualTo("file \"a.png\" is not allowed: no folder is allowed here");
            });
    assertThat(bindFile("a.png", PathResolver.none()).violations()).hasSize(1);
  }

  @Test
  void a_path_put_in_as_text_is_never_read_as_a_resolved_file() {
    Params unresolved = Params.of(Map.of("file", "/etc/shadow"));

    assertThatThrownBy(() -> unresolved.optPath("file"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "parameter 'file' holds \"/etc/shadow\", not a resolved path; bind it with"
                + " ParamBinder so the allowed folders apply");
  }

  @Test
  void error_codes_are_validated() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> ErrorCode.of("lower", ErrorCode.Category.INTERNAL, false))
        .hasMessageContaining("upper case");
    assertThat(ErrorCode.of("MY_PLUGIN.FAILED", ErrorCode.Category.PROCESSING, true).retryable())
        .isTrue();
  }

  @Test
  void a_number_its_type_cannot_hold_is_out_of_range_at_its_path() {
    ParamBinder.Result result =
        bind(Map.of("width", "1e99999999999", "even", "99999999999999999999"));

    assertThat(result.violations())
        .extracting(Violation::code, Violation::path)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(
                ErrorCode.OUT_OF_RANGE, "operations[3].params.width"),
            org.assertj.core.groups.Tuple.tuple(
                ErrorCode.OUT_OF_RANGE, "operations[3].params.even"));
  }
}
