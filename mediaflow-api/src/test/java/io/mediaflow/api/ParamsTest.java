package io.mediaflow.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediaflow.api.media.MediaDuration;
import io.mediaflow.api.operator.Params;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParamsTest {

  private static Params widthAndAlgorithm() {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("width", 640L);
    values.put("algorithm", "bicubic");
    return Params.of(values);
  }

  @Test
  void finds_values_by_a_name_that_is_not_the_same_string_instance() {
    Params params = widthAndAlgorithm();
    String width = new String("width"); // not the interned constant the map was built with

    assertThat(params.getLong(width)).isEqualTo(640L);
    assertThat(params.has(new String("algorithm"))).isTrue();
    assertThat(params.get("height")).isEmpty();
    assertThat(params.has("height")).isFalse();
  }

  @Test
  void equals_and_hashes_like_the_map_of_its_values_in_any_order() {
    Map<String, Object> reversed = new LinkedHashMap<>();
    reversed.put("algorithm", "bicubic");
    reversed.put("width", 640L);
    Params params = widthAndAlgorithm();

    assertThat(params).isEqualTo(Params.of(reversed)).hasSameHashCodeAs(Params.of(reversed));
    assertThat(params.hashCode())
        .isEqualTo(Map.of("width", 640L, "algorithm", "bicubic").hashCode());
    assertThat(params).isNotEqualTo(Params.of(Map.of("width", 640L)));
    assertThat(params).isNotEqualTo(Params.of(Map.of("width", 320L, "algorithm", "bicubic")));
    assertThat(Params.of(Map.of())).isEqualTo(Params.empty());
  }

  @Test
  void as_map_keeps_declaration_order_and_cannot_be_changed() {
    Map<String, Object> map = widthAndAlgorithm().asMap();

    assertThat(map.keySet()).containsExactly("width", "algorithm");
    assertThat(widthAndAlgorithm()).hasToString("{width=640, algorithm=bicubic}");
    assertThatThrownBy(() -> map.put("width", 1L))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void a_missing_required_value_names_the_parameter() {
    Params params = Params.of(Map.of("start", MediaDuration.ofSeconds(2)));

    assertThat(params.getDuration("start")).isEqualTo(MediaDuration.ofSeconds(2));
    assertThatThrownBy(() -> params.getDuration("duration"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("parameter 'duration' has no value");
  }
}
