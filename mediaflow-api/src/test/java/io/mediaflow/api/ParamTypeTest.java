package io.mediaflow.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediaflow.api.media.MediaDuration;
import io.mediaflow.api.media.Resolution;
import io.mediaflow.api.operator.ParamType;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParamTypeTest {

  @Test
  void converts_each_of_the_twelve_types() {
    assertThat(ParamType.STRING.convert(5)).isEqualTo("5");
    assertThat(ParamType.INT.convert("720")).isEqualTo(720L);
    assertThat(ParamType.INT.convert(720.0)).isEqualTo(720L);
    assertThat(ParamType.FLOAT.convert("0.5")).isEqualTo(0.5);
    assertThat(ParamType.BOOL.convert("TRUE")).isEqualTo(true);
    assertThat(ParamType.DURATION.convert("1m")).isEqualTo(MediaDuration.ofSeconds(60));
    assertThat(ParamType.OBJECT.convert(Map.of("a", 1))).isEqualTo(Map.of("a", 1));
    assertThat(ParamType.ARRAY.convert(List.of(1, 2))).isEqualTo(List.of(1, 2));
    assertThat(ParamType.ENUM.convert("lanczos")).isEqualTo("lanczos");
    assertThat(ParamType.RESOLUTION.convert("720p")).isEqualTo(new Resolution(1280, 720));
    assertThat(ParamType.RESOLUTION.convert("640x360")).isEqualTo(new Resolution(640, 360));
    assertThat(ParamType.TIMECODE.convert("00:01:02.5")).isEqualTo(MediaDuration.ofMillis(62_500));
    assertThat(ParamType.CODEC.convert("h264")).isEqualTo("h264");
    assertThat(ParamType.PATH.convert("fonts/title.ttf")).isEqualTo("fonts/title.ttf");
    assertThat(ParamType.LOCATION.convert("s3://b/k.mp4")).isEqualTo("s3://b/k.mp4");
    assertThat(ParamType.values()).hasSize(13);
  }

  @Test
  void a_path_is_the_text_of_a_file_name_and_is_resolved_only_when_bound() {
    assertThat(ParamType.PATH.convert("../up/../x.ttf")).isEqualTo("../up/../x.ttf");
    assertThat(ParamType.PATH.convert("file:/srv/a.ttf")).isEqualTo("file:/srv/a.ttf");
    assertThat(ParamType.PATH.convert(Path.of("/srv/fonts/a.ttf"))).isEqualTo("/srv/fonts/a.ttf");
    assertThat(ParamType.PATH.expected()).isEqualTo("a file path (such as \"fonts/title.ttf\")");
  }

  @Test
  void a_path_that_is_no_file_name_says_what_was_expected() {
    assertThatThrownBy(() -> ParamType.PATH.convert(5))
        .hasMessage("expected a file path (such as \"fonts/title.ttf\") but was 5");
    assertThatThrownBy(() -> ParamType.PATH.convert(" "))
        .hasMessage("expected a file path (such as \"fonts/title.ttf\") but was \" \"");
    assertThatThrownBy(() -> ParamType.PATH.convert(List.of("a.ttf")))
        .hasMessage("expected a file path (such as \"fonts/title.ttf\") but was an array");
    assertThatThrownBy(() -> ParamType.PATH.convert("a.ttf\u0000.png"))
        .hasMessage(
            "a file path must not contain control characters but has U+0000 at character 6");
    assertThatThrownBy(() -> ParamType.PATH.convert("a\nb.ttf"))
        .hasMessage(
            "a file path must not contain control characters but has U+000A at character 2");
  }

  @Test
  void says_what_was_expected_and_what_was_given() {
    assertThatThrownBy(() -> ParamType.INT.convert("wide"))
        .hasMessage("expected an integer but was \"wide\"");
    assertThatThrownBy(() -> ParamType.INT.convert(1.5))
        .hasMessage("expected an integer but was 1.5");
    assertThatThrownBy(() -> ParamType.BOOL.convert("yes"))
        .hasMessage("expected true or false but was \"yes\"");
    assertThatThrownBy(() -> ParamType.OBJECT.convert(List.of()))
        .hasMessage("expected an object but was an array");
    assertThatThrownBy(() -> ParamType.TIMECODE.convert("1m30s"))
        .hasMessageStartingWith("expected a timecode");
    assertThatThrownBy(() -> ParamType.CODEC.convert("h264; rm"))
        .hasMessageStartingWith("expected a codec name");
    assertThatThrownBy(() -> ParamType.RESOLUTION.convert("big"))
        .hasMessageContaining("is not a resolution");
    assertThatThrownBy(() -> ParamType.FLOAT.convert(null))
        .hasMessage("expected a number but was null");
  }

  @Test
  void numbers_a_type_cannot_hold_are_out_of_range_not_of_the_wrong_type() {
    for (Object raw :
        List.of(
            "9223372036854775808",
            "-9223372036854775809",
            "1e99999999999",
            "1e999999999",
            1e19,
            new java.math.BigInteger("123456789012345678901234567890"))) {
      assertThatThrownBy(() -> ParamType.INT.convert(raw))
          .as("%s", raw)
          .isInstanceOf(OutOfRangeException.class);
    }
    for (Object raw : List.of("1e309", "-1e99999999999", new java.math.BigDecimal("1E+400"))) {
      assertThatThrownBy(() -> ParamType.FLOAT.convert(raw))
          .as("%s", raw)
          .isInstanceOf(OutOfRangeException.class);
    }
    assertThatThrownBy(() -> ParamType.INT.convert("1e99999999999"))
        .hasMessage(
            "the number \"1e99999999999\" is too large or too small to hold; expected an integer");
    assertThatThrownBy(() -> ParamType.DURATION.convert(1e18))
        .isInstanceOf(OutOfRangeException.class);
    assertThatThrownBy(() -> ParamType.TIMECODE.convert(-5))
        .isInstanceOf(OutOfRangeException.class);
    // not numbers at all: the wrong type, as before
    for (String raw : List.of("NaN", "Infinity", "0x7f", "1e", "")) {
      assertThatThrownBy(() -> ParamType.INT.convert(raw))
          .as(raw)
          .isNotInstanceOf(OutOfRangeException.class)
          .hasMessageStartingWith("expected an integer");
      assertThatThrownBy(() -> ParamType.FLOAT.convert(raw))
          .as(raw)
          .isNotInstanceOf(OutOfRangeException.class)
          .hasMessageStartingWith("expected a number");
    }
    assertThatThrownBy(() -> ParamType.INT.convert(1.5e300))
        .isInstanceOf(OutOfRangeException.class);
    assertThatThrownBy(() -> ParamType.INT.convert(2.5)).isNotInstanceOf(OutOfRangeException.class);
  }
}
