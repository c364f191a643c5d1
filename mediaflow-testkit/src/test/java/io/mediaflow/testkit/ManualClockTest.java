package io.mediaflow.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ManualClockTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void stands_still_until_advanced_or_set() {
    ManualClock clock = ManualClock.at(T0);
    assertThat(clock.instant()).isEqualTo(T0);
    assertThat(clock.millis()).isEqualTo(T0.toEpochMilli());
    assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);

    assertThat(clock.advance(Duration.ofMinutes(5))).isEqualTo(T0.plusSeconds(300));
    assertThat(clock.instant()).isEqualTo(T0.plusSeconds(300));
    clock.set(T0);
    assertThat(clock.instant()).isEqualTo(T0);
  }

  @Test
  void a_zoned_view_shares_the_time() {
    ManualClock clock = ManualClock.at(T0);
    ManualClock paris = clock.withZone(ZoneId.of("Europe/Paris"));
    clock.advance(Duration.ofHours(1));
    assertThat(paris.instant()).isEqualTo(T0.plusSeconds(3600));
    assertThat(paris.getZone()).isEqualTo(ZoneId.of("Europe/Paris"));
    paris.advance(Duration.ofHours(1));
    assertThat(clock.instant()).isEqualTo(T0.plusSeconds(7200));
    assertThat(clock.withZone(ZoneOffset.UTC)).isSameAs(clock);
  }

  @Test
  void concurrent_advances_are_all_counted() throws Exception {
    ManualClock clock = ManualClock.at(T0);
    int threads = 4;
    int each = 10_000;
    CountDownLatch done = new CountDownLatch(threads);
    for (int t = 0; t < threads; t++) {
      new Thread(
              () -> {
                for (int i = 0; i < each; i++) {
                  clock.advance(Duration.ofMillis(1));
                }
                done.countDown();
              })
          .start();
    }
    assertThat(done.await(20, TimeUnit.SECONDS)).isTrue();
    assertThat(clock.instant()).isEqualTo(T0.plusMillis((long) threads * each));
  }
}
