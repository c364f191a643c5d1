package io.mediaflow.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.api.operator.OperatorDescriptor;
import io.mediaflow.api.operator.ParamBinder;
import io.mediaflow.api.operator.ParamSpec;
import io.mediaflow.api.operator.ParamType;
import java.util.LinkedHashMap;
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
    assertThat(e.code()).isEqualTo(ErrorCode.OUT_OF_RANGE);
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
