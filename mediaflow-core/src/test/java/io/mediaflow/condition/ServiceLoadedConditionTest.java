package io.mediaflow.condition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediaflow.InMemoryStorage;
import io.mediaflow.MediaFlow;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.condition.ConditionErrors;
import io.mediaflow.api.condition.ConditionType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Custom condition types found through {@link java.util.ServiceLoader}: this class's {@link Loaded}
 * is listed in the test resources' {@code META-INF/services}.
 */
class ServiceLoadedConditionTest {

  /** {@code test.loaded}: holds when its {@code answer} parameter is true. */
  public static final class Loaded implements ConditionType {
    @Override
    public String name() {
      return "test.loaded";
    }

    @Override
    public Test compile(Map<String, Object> params) {
      boolean answer = Boolean.TRUE.equals(params.get("answer"));
      return in -> answer;
    }
  }

  @Test
  void a_type_on_the_class_path_is_found_without_registration() {
    try (MediaFlow flow = MediaFlow.builder().storage(new InMemoryStorage()).build()) {
      String json =
          "{\"type\": \"custom\", \"name\": \"test.loaded\", \"params\": {\"answer\": %s}}";

      assertThat(flow.conditions().compile(String.format(json, "true")).test(Map.of())).isTrue();
      assertThat(flow.conditions().compile(String.format(json, "false")).test(Map.of())).isFalse();
    }
  }

  @Test
  void a_host_type_with_the_name_of_a_loaded_one_fails_the_build() {
    assertThatThrownBy(() -> MediaFlow.builder().condition(new Loaded()).build())
        .isInstanceOfSatisfying(
            MediaFlowException.class,
            e -> assertThat(e.code()).isEqualTo(ConditionErrors.CONDITION_INVALID))
        .hasMessage(
            "CONDITION_INVALID: two condition types are named \"test.loaded\":"
                + " io.mediaflow.condition.ServiceLoadedConditionTest$Loaded and"
                + " io.mediaflow.condition.ServiceLoadedConditionTest$Loaded (register one type per"
                + " name)");
  }
}
