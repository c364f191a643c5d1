package io.mediaflow.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ClaimBatchTest {

  private static final int MAX = 256;

  private static long micros(long n) {
    return TimeUnit.MICROSECONDS.toNanos(n);
  }

  private static long millis(long n) {
    return TimeUnit.MILLISECONDS.toNanos(n);
  }

  @Test
  void quick_jobs_double_the_batch_up_to_the_engines_largest_claim() {
    assertThat(ClaimBatch.next(1, true, micros(10), MAX)).isEqualTo(2);
    assertThat(ClaimBatch.next(64, true, micros(199), MAX)).isEqualTo(128);
    assertThat(ClaimBatch.next(128, true, micros(10), MAX)).isEqualTo(MAX);
    assertThat(ClaimBatch.next(MAX, true, micros(10), MAX)).isEqualTo(MAX);
  }

  @Test
  void jobs_of_a_few_milliseconds_grow_the_batch_only_while_it_stays_within_the_budget() {
    // 3 ms a job, 25 ms a batch: 1, 2, 4, 8, then no more than 8 (25 / 3)
    assertThat(ClaimBatch.next(1, true, millis(3), MAX)).isEqualTo(2);
    assertThat(ClaimBatch.next(2, true, millis(3), MAX)).isEqualTo(4);
    assertThat(ClaimBatch.next(4, true, millis(3), MAX)).isEqualTo(8);
    assertThat(ClaimBatch.next(8, true, millis(3), MAX)).isEqualTo(8);
    assertThat(ClaimBatch.next(16, true, millis(3), MAX))
        .as("a batch that grew too long shrinks")
        .isEqualTo(8);
  }

  @Test
  void slow_jobs_are_claimed_one_at_a_time() {
    assertThat(ClaimBatch.next(1, true, millis(30), MAX)).isEqualTo(1);
    assertThat(ClaimBatch.next(4, true, TimeUnit.SECONDS.toNanos(20), MAX)).isEqualTo(1);
  }

  @Test
  void a_short_or_empty_claim_starts_again_at_one() {
    assertThat(ClaimBatch.next(64, false, micros(10), MAX)).isEqualTo(1);
    assertThat(ClaimBatch.next(8, false, millis(3), MAX)).isEqualTo(1);
  }
}
