package io.mediaflow.condition;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.InMemoryStorage;
import io.mediaflow.MediaFlow;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.ValidationException;
import io.mediaflow.api.condition.CompiledCondition;
import io.mediaflow.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Random conditions over random data (a fixed seed): reading and compiling give a condition or a
 * {@link ValidationException}; evaluating gives true, false or a {@code CONDITION_*} error, never
 * any other exception.
 */
class ConditionFuzzTest {

  static final long SEED = 20261203L;
  static final int CONDITIONS = 3_000;

  static MediaFlow flow;

  @BeforeAll
  static void build() {
    flow =
        MediaFlow.builder()
            .storage(new InMemoryStorage())
            .clock(ManualClock.at(Instant.parse("2026-12-03T10:00:00Z")))
            .runOnCallingThread()
            .build();
  }

  @AfterAll
  static void close() {
    flow.close();
  }

  static final String[] OPS = {
    "eq", "ne", "gt", "gte", "lt", "lte", "contains", "startsWith", "endsWith", "in", "exists", "is"
  };
  static final String[] VALUES = {
    "1",
    "-2.5",
    "1e309",
    "\"10m\"",
    "\"PT1H\"",
    "\"500MB\"",
    "\"1.5 GiB\"",
    "\"2026-12-03\"",
    "\"2026-12-03T10:00:00Z\"",
    "true",
    "\"FALSE\"",
    "null",
    "\"abc\"",
    "\"\"",
    "[1, \"a\"]",
    "{\"value\": {\"k\": 1}}",
    "{\"source\": \"trigger\", \"path\": \"a.b\"}",
    "{\"source\": \"trigger\", \"path\": \"list.1\"}",
    "\"${trigger.a}\"",
    "\"${trigger.nope}x\"",
    "\"{{trigger.n}}\"",
    "{\"source\": \"media\", \"path\": \"duration\"}",
    "\"999999999999999999999\"",
    "\"P\"",
    "\"-\"",
    "\"1.2.3\"",
    "\"9999-99-99\""
  };
  static final String[] PATTERNS = {
    "\"(a+)+$\"", "\"[\"", "\"(?i)x\"", "\"\\\\d{2,}\"", "\"(a)\\\\1\"", "\"a{1001}\"", "\"\""
  };

  static String condition(Random r, int depth) {
    int kind = r.nextInt(depth > 3 ? 5 : 8);
    switch (kind) {
      case 0, 1, 2 -> {
        return "{\"left\": "
            + pick(r, VALUES)
            + ", \"op\": \""
            + pick(r, OPS)
            + "\""
            + (r.nextInt(5) == 0 ? "" : ", \"right\": " + pick(r, VALUES))
            + (r.nextBoolean() ? ", \"ignoreCase\": true" : "")
            + "}";
      }
      case 3 -> {
        return "{\"type\": \"regex\", \"field\": "
            + pick(r, VALUES)
            + ", \"pattern\": "
            + pick(r, PATTERNS)
            + ", \"flags\": \""
            + pick(r, new String[] {"", "i", "ms", "x"})
            + "\"}";
      }
      case 4 -> {
        return "{\"type\": \"time\", \"operator\": \""
            + pick(r, new String[] {"before", "after", "between", "weekday", "weekend", "during"})
            + "\", \"value\": "
            + pick(
                r,
                new String[] {
                  "\"18:00\"", "{\"from\": \"22:00\", \"to\": \"06:00\"}", "[\"mon\", \"xyz\"]",
                  "\"2026-12-24\"", "7", "\"25:00\""
                })
            + ", \"timezone\": "
            + pick(r, new String[] {"\"UTC\"", "\"Europe/Paris\"", "\"Nowhere\"", "3"})
            + "}";
      }
      default -> {
        List<String> parts = new ArrayList<>();
        int n = r.nextInt(4);
        for (int i = 0; i < n; i++) {
          parts.add(condition(r, depth + 1));
        }
        String type = pick(r, new String[] {"and", "or", "not", "nand"});
        return "{\"type\": \"" + type + "\", \"conditions\": [" + String.join(", ", parts) + "]}";
      }
    }
  }

  static String pick(Random r, String[] values) {
    return values[r.nextInt(values.length)];
  }

  static Map<String, Object> data(Random r) {
    Map<String, Object> b = new HashMap<>();
    Object[] leaves = {1, 2.5, "abc", "10m", "500MB", true, null, List.of(1, 2), Map.of("x", 1)};
    b.put("b", leaves[r.nextInt(leaves.length)]);
    Map<String, Object> trigger = new HashMap<>();
    trigger.put("a", r.nextBoolean() ? b : leaves[r.nextInt(leaves.length)]);
    trigger.put("list", java.util.Arrays.asList("x", leaves[r.nextInt(leaves.length)]));
    trigger.put("n", r.nextInt(100));
    Map<String, Object> data = new HashMap<>();
    data.put("trigger", trigger);
    if (r.nextBoolean()) {
      data.put("media", Map.of("duration", r.nextInt(4000)));
    }
    return data;
  }

  @Test
  void random_conditions_give_a_result_or_a_typed_error_and_nothing_else() {
    Random r = new Random(SEED);
    int compiled = 0;
    int evaluated = 0;
    int typedFailures = 0;
    long start = System.nanoTime();
    for (int i = 0; i < CONDITIONS; i++) {
      String json = condition(r, 0);
      CompiledCondition c;
      try {
        c = flow.conditions().compile(json);
        compiled++;
      } catch (ValidationException e) {
        assertThat(e.violations()).as(json).isNotEmpty();
        continue;
      }
      for (int k = 0; k < 5; k++) {
        try {
          c.test(data(r));
          evaluated++;
        } catch (MediaFlowException e) {
          assertThat(e.code().code()).as("%s: %s", json, e.getMessage()).startsWith("CONDITION_");
          typedFailures++;
        }
      }
    }
    assertThat(compiled).as("some conditions compile").isGreaterThan(CONDITIONS / 10);
    assertThat(evaluated).as("some evaluations succeed").isGreaterThan(CONDITIONS / 10);
    assertThat(typedFailures).as("some evaluations fail with a typed error").isPositive();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
  }
}
