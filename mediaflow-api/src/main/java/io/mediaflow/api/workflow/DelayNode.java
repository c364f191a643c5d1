package io.mediaflow.api.workflow;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * Waits, durably (a waiting run holds no thread): for a {@link For duration}, {@link Until until an
 * instant}, or for a {@link Signal signal} with a time limit. A test run skips delays.
 *
 * {@snippet :
 * DelayNode hour = new DelayNode("wait", new DelayNode.For(Duration.ofHours(1)));
 * DelayNode approval = new DelayNode(
 *     "ok", new DelayNode.Signal("approved", Duration.ofDays(3), "${trigger.path}"));
 * }
 *
 * @param id the node's id
 * @param waitFor what it waits for
 */
public record DelayNode(String id, Wait waitFor) implements Node {

  /** The port a signal delay follows when the signal did not come in time. */
  public static final String TIMEOUT = "timeout";

  /** What a delay waits for. */
  public sealed interface Wait permits For, Until, Signal {}

  /**
   * A time: {@code "duration": "1h"}.
   *
   * @param duration how long
   */
  public record For(Duration duration) implements Wait {
    public For {
      Objects.requireNonNull(duration, "duration");
    }
  }

  /**
   * An instant: {@code "until": "2026-12-24T00:00:00Z"}.
   *
   * @param instant when the run goes on
   */
  public record Until(Instant instant) implements Wait {
    public Until {
      Objects.requireNonNull(instant, "instant");
    }
  }

  /**
   * A signal: {@code "signal": "approved", "timeout": "3d", "key": "${trigger.path}"}. The run goes
   * on at {@code next} when the signal arrives (the node's outputs: {@code received} true and the
   * {@code payload}); when it does not arrive in time, the node's {@code received} is false and the
   * run follows the {@link #TIMEOUT} port if an edge leaves it, else {@code next}.
   *
   * @param name the signal's name
   * @param timeout the longest wait
   * @param key a correlation key (a file path, an external id; a template) by which {@code
   *     flow.workflows().signal(key, name, payload)} reaches every run waiting on it; empty when
   *     the run is signalled by its job id only
   */
  public record Signal(String name, Duration timeout, String key) implements Wait {
    public Signal {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(timeout, "timeout");
      Objects.requireNonNull(key, "key");
    }
  }

  public DelayNode {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(waitFor, "waitFor");
  }

  @Override
  public String type() {
    return "delay";
  }

  /** {@code next}; a signal delay also {@link #TIMEOUT}. */
  @Override
  public Set<String> ports() {
    return waitFor instanceof Signal ? Set.of(Edge.NEXT, TIMEOUT) : Set.of(Edge.NEXT);
  }
}
