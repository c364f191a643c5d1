package io.mediaflow.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.InMemoryStorage;
import io.mediaflow.MediaFlow;
import io.mediaflow.api.store.Storage;
import java.lang.reflect.InvocationTargetException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * An engine asks its store to be woken when other nodes submit work (PostgreSQL holds a LISTEN
 * connection for it), and takes that back when it closes, so nothing listens on the host's pool
 * after the engine is gone.
 */
class EngineWorkListenerTest {

  private final InMemoryStorage real = new InMemoryStorage();
  private final List<Runnable> added = new CopyOnWriteArrayList<>();
  private final List<Runnable> removed = new CopyOnWriteArrayList<>();

  @Test
  void an_engine_that_closes_removes_the_work_listener_it_added() {
    MediaFlow flow =
        MediaFlow.builder()
            .storage(recording())
            .workers(1)
            .handler("noop", ctx -> Optional.empty())
            .build()
            .start();
    assertThat(added).hasSize(1);
    assertThat(removed).isEmpty();

    flow.close();

    assertThat(removed).containsExactlyElementsOf(added);
  }

  /** The in-memory store, recording who asks for wake-ups and who stops asking. */
  private Storage recording() {
    return InterceptedJobs.of(
        real,
        (proxy, method, args) -> {
          switch (method.getName()) {
            case "onWorkAvailable" -> added.add((Runnable) args[0]);
            case "removeWorkAvailableListener" -> removed.add((Runnable) args[0]);
            default -> {
              // delegated below
            }
          }
          try {
            return method.invoke(real.jobs(), args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }
}
