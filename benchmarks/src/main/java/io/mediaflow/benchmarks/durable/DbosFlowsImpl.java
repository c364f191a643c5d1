package io.mediaflow.benchmarks.durable;

import dev.dbos.transact.DBOS;
import dev.dbos.transact.workflow.Workflow;
import java.time.Duration;

/**
 * The DBOS side's workflow bodies: steps through {@link DBOS#runStep}, sleep {@link DBOS#sleep}.
 */
public final class DbosFlowsImpl implements DbosFlows {

  private final DBOS dbos;

  DbosFlowsImpl(DBOS dbos) {
    this.dbos = dbos;
  }

  @Workflow
  @Override
  public int ten(int i) {
    for (int k = 0; k < 10; k++) {
      int v = k;
      dbos.runStep(() -> v, "s" + k);
    }
    return i;
  }

  @Workflow
  @Override
  public int one(int i) {
    dbos.runStep(() -> 1, "s");
    return i;
  }

  @Workflow
  @Override
  public int sleeper(int i) {
    long t0 = dbos.runStep(Lateness::nowMicros, "t0");
    dbos.sleep(Duration.ofMillis(Lateness.SLEEP_MILLIS));
    Lateness.woke(t0);
    return i;
  }

  @Workflow
  @Override
  public int slow(int stepMs) {
    for (int k = 0; k < 10; k++) {
      int v = k;
      dbos.runStep(
          () -> {
            Side.pause(stepMs);
            return v;
          },
          "s" + k);
    }
    return stepMs;
  }
}
