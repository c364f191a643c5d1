package io.mediaflow.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediaflow.api.media.MediaDuration;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MediaDurationTest {

  @ParameterizedTest
  @CsvSource({
    "90, 90000000",
    "2.5, 2500000",
    "1m30s, 90000000",
    "500ms, 500000",
    "1.5h, 5400000000",
    "2h3m4.5s, 7384500000",
    "250us, 250",
    "01:02:03.500, 3723500000",
    "02:03, 123000000",
    "00:00:02, 2000000",
    "PT1M30S, 90000000",
    "pt0.5s, 500000",
    "' 7s ', 7000000"
  })
  void parses_every_accepted_form(String text, long micros) {
    assertThat(MediaDuration.parse(text).micros()).isEqualTo(micros);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "abc", "-5", "1x", "5 s", "01:61:00", "PT-1S", "1m30"})
  void rejects_text_that_is_no_duration_and_lists_the_forms(String text) {
    assertThatThrownBy(() -> MediaDuration.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not a duration")
        .hasMessageContaining("1m30s");
  }

  @Test
  void rejects_a_duration_too_long_to_hold() {
    assertThatThrownBy(() -> MediaDuration.parse("999999999999999999"))
        .hasMessageContaining("is not a duration");
  }

  @Test
  void converts_numbers_and_rejects_negative_ones() {
    assertThat(MediaDuration.from(3)).isEqualTo(MediaDuration.ofMillis(3000));
    assertThat(MediaDuration.from(0.25)).isEqualTo(MediaDuration.ofMillis(250));
    assertThatThrownBy(() -> MediaDuration.from(-1))
        .hasMessage("a duration cannot be negative or infinite but was -1");
    assertThatThrownBy(() -> MediaDuration.from(true)).hasMessageContaining("but was Boolean");
  }

  @Test
  void renders_for_people_and_for_ffmpeg() {
    MediaDuration d = MediaDuration.parse("1m30.5s");
    assertThat(d.toString()).isEqualTo("00:01:30.5");
    assertThat(d.toFfmpeg()).isEqualTo("90.5");
    assertThat(MediaDuration.ofSeconds(1e-6).toFfmpeg()).isEqualTo("0.000001");
    assertThat(d.toDuration()).isEqualTo(Duration.ofMillis(90_500));
    assertThat(MediaDuration.of(Duration.ofMillis(1500))).isEqualTo(MediaDuration.ofMillis(1500));
  }

  @Test
  void arithmetic_never_goes_below_zero() {
    MediaDuration a = MediaDuration.ofSeconds(2);
    MediaDuration b = MediaDuration.ofSeconds(5);
    assertThat(a.minusClamped(b)).isEqualTo(MediaDuration.ZERO);
    assertThat(a.plus(b).toSeconds()).isEqualTo(7.0);
    assertThat(a.min(b)).isEqualTo(a);
    assertThat(a.max(b)).isEqualTo(b);
  }
}
