package io.mediaflow.internal.engine;

import io.mediaflow.api.store.CheckpointStore;
import io.mediaflow.api.store.JobStore;
import io.mediaflow.api.store.RuleStore;
import io.mediaflow.api.store.ScheduleStore;
import io.mediaflow.api.store.Storage;
import io.mediaflow.api.store.WebhookStore;
import io.mediaflow.api.store.WorkflowStore;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;

/**
 * For tests that fail or watch job-store calls: a store made of a real one's parts, its job store
 * seen through a handler. The one place to change when {@link Storage} gains a part.
 */
public final class InterceptedJobs {

  private InterceptedJobs() {}

  /**
   * {@code real}'s parts, every call on {@link Storage#jobs()} going to {@code handler} (which
   * delegates to {@code real.jobs()} as it sees fit); closing it closes {@code real}.
   */
  public static Storage of(Storage real, InvocationHandler handler) {
    JobStore jobs =
        (JobStore)
            Proxy.newProxyInstance(
                JobStore.class.getClassLoader(), new Class<?>[] {JobStore.class}, handler);
    return new Storage() {
      @Override
      public JobStore jobs() {
        return jobs;
      }

      @Override
      public ScheduleStore schedules() {
        return real.schedules();
      }

      @Override
      public WebhookStore webhooks() {
        return real.webhooks();
      }

      @Override
      public CheckpointStore checkpoints() {
        return real.checkpoints();
      }

      @Override
      public RuleStore rules() {
        return real.rules();
      }

      @Override
      public WorkflowStore workflows() {
        return real.workflows();
      }

      @Override
      public void close() {
        real.close();
      }
    };
  }
}
