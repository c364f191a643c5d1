package io.mediaflow.internal.rule.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The compact table of handled file versions: versions, marks of a rescan, and dropping. */
class KnownFilesTest {

  static final Instant T = Instant.parse("2026-01-01T00:00:00.123456789Z");

  @Test
  void holds_the_version_handled_of_each_path() {
    KnownFiles known = new KnownFiles();
    known.put("/in/a.mkv", 10, T);

    assertThat(known.has("/in/a.mkv", 10, T)).isTrue();
    assertThat(known.has("/in/a.mkv", 11, T)).as("another size").isFalse();
    assertThat(known.has("/in/a.mkv", 10, T.plusNanos(1))).as("another time").isFalse();
    assertThat(known.has("/in/b.mkv", 10, T)).isFalse();

    known.put("/in/a.mkv", 11, T);
    assertThat(known.has("/in/a.mkv", 11, T)).isTrue();
    assertThat(known.size()).isEqualTo(1);
  }

  @Test
  void a_rescan_drops_the_paths_it_did_not_mark_among_a_hundred_thousand() {
    KnownFiles known = new KnownFiles();
    for (int i = 0; i < 100_000; i++) {
      known.put("/in/file-" + i, i, T);
    }
    known.startScan();
    for (int i = 0; i < 100_000; i += 2) {
      assertThat(known.mark("/in/file-" + i, i, T)).isTrue();
    }
    assertThat(known.mark("/in/file-1", 2, T)).as("present, but changed").isFalse();
    assertThat(known.unmarked()).isEqualTo(49_999);

    known.retainMarked();

    assertThat(known.size()).isEqualTo(50_001);
    assertThat(known.has("/in/file-0", 0, T)).isTrue();
    assertThat(known.has("/in/file-99998", 99_998, T)).isTrue();
    assertThat(known.has("/in/file-1", 1, T)).isTrue();
    assertThat(known.has("/in/file-3", 3, T)).isFalse();
    assertThat(known.unmarked()).isEqualTo(50_001);
  }
}
