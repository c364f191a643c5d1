package io.mediaflow.ffmpeg.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.api.backend.Progress;
import io.mediaflow.api.media.MediaDuration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressParserTest {

  private static List<Progress> feed(ProgressParser parser, String text) {
    List<Progress> out = new ArrayList<>();
    text.lines().forEach(l -> parser.line(l).ifPresent(out::add));
    return out;
  }

  @Test
  void turns_blocks_into_percent_speed_and_eta() {
    ProgressParser parser = new ProgressParser(MediaDuration.ofSeconds(10));

    List<Progress> events =
        feed(
            parser,
            """
            frame=50
            fps=25.0
            out_time_us=2000000
            out_time_ms=2000000
            out_time=00:00:02.000000
            speed=2.00x
            progress=continue
            out_time_us=5000000
            speed=N/A
            progress=continue
            out_time_us=N/A
            progress=end
            """);

    assertThat(events).hasSize(3);
    assertThat(events.get(0).percent()).isEqualTo(20.0);
    assertThat(events.get(0).position()).isEqualTo(MediaDuration.ofSeconds(2));
    assertThat(events.get(0).speed()).isEqualTo(2.0);
    assertThat(events.get(0).eta()).contains(Duration.ofSeconds(4));
    assertThat(events.get(1).percent()).isEqualTo(50.0);
    assertThat(events.get(1).speed()).isZero();
    assertThat(events.get(1).eta()).isEmpty();
    assertThat(events.get(2).percent()).isEqualTo(100.0);
    assertThat(events.get(2).eta()).contains(Duration.ZERO);
  }

  @Test
  void percent_never_goes_down_nor_reaches_100_before_the_end() {
    ProgressParser parser = new ProgressParser(MediaDuration.ofSeconds(1));

    List<Progress> events =
        feed(
            parser,
            "out_time_us=900000\nprogress=continue\nout_time_us=-5\nprogress=continue\n"
                + "out_time_us=3000000\nprogress=continue\n");

    assertThat(events).extracting(Progress::percent).containsExactly(90.0, 90.0, 99.9);
  }

  @Test
  void an_unknown_expected_duration_reports_zero_until_the_end() {
    ProgressParser parser = new ProgressParser(MediaDuration.ZERO);

    List<Progress> events = feed(parser, "out_time_us=500000\nprogress=continue\nprogress=end\n");

    assertThat(events).extracting(Progress::percent).containsExactly(0.0, 100.0);
  }

  @Test
  void ignores_lines_that_are_not_key_value() {
    ProgressParser parser = new ProgressParser(MediaDuration.ofSeconds(1));

    assertThat(feed(parser, "garbage\n=x\nstream_0_0_q=28.0\n")).isEmpty();
  }
}
