package io.mediaflow.ffmpeg.internal.operators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.operator.ParamBinder;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PositionExpressionTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "W-w-10",
        "(W-w)/2",
        "10",
        "-5",
        "main_w/2+3.5",
        " W - w - 10 ",
        "((W-w)/2)*1.5",
        "-(H-h)",
        "W--5",
        "2*-3",
        ".5*W",
        "overlay_w+t*10+n"
      })
  void accepts_numbers_and_overlay_variables(String text) {
    assertThat(PositionExpression.problem(text, PositionExpression.OVERLAY)).isEmpty();
  }

  @Test
  void returns_the_expression_without_spaces() {
    assertThat(PositionExpression.parse(" (W - w) / 2 ", PositionExpression.OVERLAY))
        .isEqualTo("(W-w)/2");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "W-w-10;drawbox",
        "sin(t)",
        "W-",
        "((W)",
        "(W))",
        "w*",
        "1e9999",
        "",
        "   ",
        "W w",
        "2W",
        "10,20",
        "W:x=0",
        "[out]",
        "W'",
        "text_w",
        "1.",
        "9999999999",
        "--5",
        "W---5",
        "()",
        "W\n+1"
      })
  void refuses_anything_outside_the_grammar(String text) {
    assertThat(PositionExpression.problem(text, PositionExpression.OVERLAY)).isPresent();
  }

  @Test
  void an_unknown_variable_is_named_with_the_allowed_ones() {
    assertThatThrownBy(() -> PositionExpression.parse("W-text_w", PositionExpression.OVERLAY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown variable 'text_w'")
        .hasMessageContaining("H W h main_h main_w n overlay_h overlay_w t w")
        .hasMessageContaining("character 3");
  }

  @Test
  void a_function_call_is_refused_as_such() {
    assertThatThrownBy(() -> PositionExpression.parse("sin(t)", PositionExpression.OVERLAY))
        .hasMessageContaining("functions are not allowed ('sin(')");
  }

  @Test
  void an_unclosed_parenthesis_and_a_dangling_operator_are_explained() {
    assertThatThrownBy(() -> PositionExpression.parse("((W)", PositionExpression.OVERLAY))
        .hasMessageContaining("'(' at 1 is not closed");
    assertThatThrownBy(() -> PositionExpression.parse("w*", PositionExpression.OVERLAY))
        .hasMessageContaining("ends where a number or variable is expected");
    assertThatThrownBy(() -> PositionExpression.parse("W w", PositionExpression.OVERLAY))
        .hasMessageContaining("expected an operator");
    assertThatThrownBy(() -> PositionExpression.parse("W;drawbox", PositionExpression.OVERLAY))
        .hasMessageContaining("';' is not allowed");
  }

  @Test
  void variables_depend_on_the_filter() {
    assertThat(PositionExpression.problem("W-text_w-10", PositionExpression.DRAWTEXT)).isEmpty();
    assertThat(PositionExpression.problem("(ow-iw)/2", PositionExpression.PAD)).isEmpty();
    assertThat(PositionExpression.problem("(in_w-out_w)/2", PositionExpression.CROP)).isEmpty();
    assertThat(PositionExpression.problem("W", PositionExpression.PAD)).isPresent();
    assertThat(PositionExpression.problem("main_w", PositionExpression.CROP)).isPresent();
  }

  @Test
  void deep_nesting_and_long_text_are_refused_without_stack_overflow() {
    String deep = "(".repeat(5000) + "1" + ")".repeat(5000);
    assertThat(PositionExpression.problem(deep, PositionExpression.OVERLAY)).isPresent();
    String nested = "(".repeat(17) + "1" + ")".repeat(17);
    assertThat(PositionExpression.problem(nested, PositionExpression.OVERLAY))
        .hasValueSatisfying(m -> assertThat(m).contains("nest deeper than 16"));
  }

  @Test
  void a_bad_position_is_invalid_value_at_the_parameter_path() {
    ParamBinder.Result result =
        OperatorFixtures.bind(new OverlayOperator(), Map.of("x", "W-w-10;drawbox", "y", 10));

    assertThat(result.violations())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.code()).isEqualTo(ErrorCode.INVALID_VALUE);
              assertThat(v.path()).isEqualTo(OperatorFixtures.PATH + ".x");
              assertThat(v.message()).contains("main_w", "overlay_w");
            });
  }

  @Test
  void a_number_becomes_its_text() {
    ParamBinder.Result result =
        OperatorFixtures.bind(new OverlayOperator(), Map.of("x", -5, "y", 3.5));

    assertThat(result.violations()).isEmpty();
    assertThat(result.params().getString("x")).isEqualTo("-5");
    assertThat(result.params().getString("y")).isEqualTo("3.5");
  }
}
