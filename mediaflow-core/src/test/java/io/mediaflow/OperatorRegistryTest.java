package io.mediaflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import org.junit.jupiter.api.Test;

class OperatorRegistryTest {

  @Test
  void finds_operators_by_name_and_lists_them_sorted() {
    OperatorRegistry r = TestOperators.registry();
    assertThat(r.find("trim")).isPresent();
    assertThat(r.find("nope")).isEmpty();
    assertThat(r.names()).containsExactly("level", "overlay", "scale", "thumbnail", "trim");
  }

  @Test
  void rejects_two_operators_with_one_name_and_names_both() {
    assertThatThrownBy(
            () -> OperatorRegistry.of(new TestOperators.Trim(), new TestOperators.Trim()))
        .isInstanceOf(MediaFlowException.class)
        .satisfies(
            e ->
                assertThat(((MediaFlowException) e).code()).isEqualTo(ErrorCode.DUPLICATE_OPERATOR))
        .hasMessageContaining("operator 'trim' is provided twice")
        .hasMessageContaining("io.mediaflow.TestOperators$Trim from file:");
  }

  @Test
  void loads_nothing_from_a_class_path_without_operators() {
    ClassLoader empty = new ClassLoader(null) {};
    assertThat(OperatorRegistry.load(empty).all()).isEmpty();
  }
}
