package io.mediaflow.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediaflow.api.media.MediaDuration;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
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

  @ParameterizedTest
  @ValueSource(
      strings = {
        "999999999999999999",
        "9223372036855",
        "99999999999999999999.5",
        "2562047789h",
        "99999999999999999999h",
        "153722867281m",
        "9999999999999:00:00",
        "PT2562047789H",
        "PT99999999999999999999H",
        "P999999999999D"
      })
  void refuses_text_longer_than_the_longest_duration_as_out_of_range(String text) {
    assertThatThrownBy(() -> MediaDuration.parse(text))
        .isInstanceOf(OutOfRangeException.class)
        .hasMessageContaining("is too long; the longest is 9223372036854.775807 s");
  }

  @Test
  void the_longest_duration_is_read_and_one_microsecond_more_is_not() {
    assertThat(MediaDuration.parse("9223372036854.775807")).isEqualTo(MediaDuration.MAX);
    assertThat(MediaDuration.from(9_223_372_036_854L).micros())
        .isEqualTo(9_223_372_036_854_000_000L);
    assertThatThrownBy(() -> MediaDuration.parse("9223372036854.775808"))
        .isInstanceOf(OutOfRangeException.class);
  }

  @Test
  void numbers_out_of_range_are_refused_without_arithmetic_errors() {
    for (Object n :
        List.of(
            1e18,
            Double.MAX_VALUE,
            Double.POSITIVE_INFINITY,
            Long.MAX_VALUE,
            new BigInteger("123456789012345678901234567890"),
            new BigDecimal("1E+999999999"))) {
      assertThatThrownBy(() -> MediaDuration.from(n))
          .as("%s", n)
          .isInstanceOf(OutOfRangeException.class)
          .hasMessageContaining("is too long");
    }
    for (Object n : List.of(-1e18, Double.NEGATIVE_INFINITY, Long.MIN_VALUE)) {
      assertThatThrownBy(() -> MediaDuration.from(n))
          .as("%s", n)
          .isInstanceOf(OutOfRangeException.class)
          .hasMessageContaining("cannot be negative");
    }
    assertThatThrownBy(() -> MediaDuration.from(Double.NaN))
        .isNotInstanceOf(OutOfRangeException.class)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a duration must be a number of seconds but was NaN");
    assertThat(MediaDuration.from(new BigDecimal("1E-999999999"))).isEqualTo(MediaDuration.ZERO);
    assertThatThrownBy(() -> MediaDuration.parse("1".repeat(101)))
        .hasMessage("a duration is at most 100 characters but had 101");
  }

  @Test
  void converts_numbers_and_rejects_negative_ones() {
    assertThat(MediaDuration.from(3)).isEqualTo(MediaDuration.ofMillis(3000));
    assertThat(MediaDuration.from(0.25)).isEqualTo(MediaDuration.ofMillis(250));
    assertThatThrownBy(() -> MediaDuration.from(-1))
        .isInstanceOf(OutOfRangeException.class)
        .hasMessage("a duration cannot be negative but was -1");
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
