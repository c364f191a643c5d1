package io.mediaflow.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.api.backend.Progress;
import io.mediaflow.api.media.MediaDuration;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

  private static Progress at(double percent) {
    return new Progress(percent, MediaDuration.ZERO, 1.8, Optional.of(Duration.ofSeconds(3)));
  }

  @Test
  void bar_shows_percent_speed_and_eta() {
    assertThat(ProgressBar.bar(at(42)))
        .isEqualTo("[" + "#".repeat(13) + " ".repeat(17) + "]  42% 1.8x ETA 0:03");
  }

  @Test
  void clock_reads_like_a_timer() {
    assertThat(ProgressBar.clock(Duration.ofSeconds(3))).isEqualTo("0:03");
    assertThat(ProgressBar.clock(Duration.ofSeconds(765))).isEqualTo("12:45");
    assertThat(ProgressBar.clock(Duration.ofSeconds(3723))).isEqualTo("1:02:03");
  }

  @Test
  void plain_mode_prints_at_most_one_line_per_ten_percent() {
    StringWriter err = new StringWriter();
    ProgressBar bar = new ProgressBar(new PrintWriter(err), false);
    for (double p = 0; p <= 100; p += 2.5) {
      bar.accept(at(p));
    }
    bar.accept(at(100));
    bar.finish();

    assertThat(err.toString().lines())
        .containsExactly(
            "progress 0%",
            "progress 10%",
            "progress 20%",
            "progress 30%",
            "progress 40%",
            "progress 50%",
            "progress 60%",
            "progress 70%",
            "progress 80%",
            "progress 90%",
            "progress 100%");
  }

  @Test
  void interactive_mode_redraws_one_line_and_ends_it() {
    StringWriter err = new StringWriter();
    ProgressBar bar = new ProgressBar(new PrintWriter(err), true);
    bar.accept(at(10));
    bar.accept(at(10));
    bar.accept(at(50));
    bar.finish();

    assertThat(err.toString()).startsWith("\r[").endsWith(System.lineSeparator());
    assertThat(err.toString().chars().filter(c -> c == '\r')).hasSize(2);
  }
}
