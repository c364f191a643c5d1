package io.mediaflow;

import static io.mediaflow.MediaFlowEngineTest.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.api.rule.IntervalTrigger;
import io.mediaflow.api.rule.OverlapPolicy;
import io.mediaflow.api.rule.Rule;
import io.mediaflow.api.rule.RuleSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The scheduler thread of an engine with workers, on the real clock: it fires an interval rule by
 * itself, slot after slot, and stops with the engine.
 */
class RuleLoopTest {

  @Test
  void theSchedulerThreadFiresSlotsByItself() {
    RecordAction record = new RecordAction();
    try (MediaFlow f =
        MediaFlow.builder()
            .workers(1)
            .pollInterval(Duration.ofMillis(200))
            .action(record)
            .build()
            .start()) {
      f.rules()
          .register(
              Rule.builder("tick")
                  .trigger(IntervalTrigger.every(Duration.ofSeconds(1)))
                  .action("test.record", Map.of("key", "tick", "value", "${trigger.scheduledTime}"))
                  .settings(RuleSettings.DEFAULTS.withConcurrency(1, OverlapPolicy.ALLOW_ALL))
                  .build());
      eventually(() -> record.values("tick").size() >= 3, "three slots fired");
      // one second apart, each its own slot
      Instant first = Instant.parse(record.values("tick").get(0));
      Instant second = Instant.parse(record.values("tick").get(1));
      assertThat(Duration.between(first, second)).isEqualTo(Duration.ofSeconds(1));
      assertThat(record.values("tick")).doesNotHaveDuplicates();
    }
  }
}
