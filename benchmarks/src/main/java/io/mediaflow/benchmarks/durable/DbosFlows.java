package io.mediaflow.benchmarks.durable;

/**
 * The DBOS workflows of the benchmark (registered with {@code DBOS.registerProxy}); the mediaflow
 * handlers in {@link MediaflowSide} do the same work.
 */
public interface DbosFlows {

  /** (a): 10 no-op steps. */
  int ten(int i);

  /** (b): one no-op step. */
  int one(int i);

  /** (c): a step recording the time, a durable sleep of 1 s, then the lateness recorded. */
  int sleeper(int i);

  /** (d): 10 steps, each sleeping {@code stepMs} in its body. */
  int slow(int stepMs);
}
