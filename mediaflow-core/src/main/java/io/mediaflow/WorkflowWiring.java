package io.mediaflow;

import io.mediaflow.api.event.EventBus;
import io.mediaflow.api.media.MediaInfo;
import io.mediaflow.api.store.LibraryStore;
import io.mediaflow.api.store.Storage;
import io.mediaflow.internal.condition.ConditionTypes;
import io.mediaflow.internal.media.MediaBackends;
import io.mediaflow.internal.net.AddressClass;
import io.mediaflow.internal.net.NetworkGuard;
import io.mediaflow.internal.net.SafeHttp;
import io.mediaflow.internal.workflow.run.RunServices;
import io.mediaflow.internal.workflow.run.WorkflowRunner;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/** Wires the {@code workflow} job type into a {@link MediaFlow}: its actions and its services. */
final class WorkflowWiring {

  /** How long an action's HTTP client waits for a connection, and for the server's next bytes. */
  static final Duration HTTP_CONNECT = Duration.ofSeconds(10);

  static final Duration HTTP_READ = Duration.ofSeconds(30);

  private WorkflowWiring() {}

  /**
   * The runner, publishing its runs' events on {@code events}: the engine's bus with the rules and
   * webhooks in front, not the host's bus alone (on which rules and webhooks never saw them).
   */
  static WorkflowRunner runner(
      MediaOptions.Wired wired,
      Predicate<String> cancel,
      ConditionTypes conditionTypes,
      EventBus events) {
    ActionRegistry actions = wired.actions();
    Workspace ws = wired.workspace();
    Set<AddressClass> allowed =
        wired.allowPrivateNetwork()
            ? AddressClass.PRIVATE_NETWORK
            : EnumSet.noneOf(AddressClass.class);
    NetworkGuard guard = new NetworkGuard(allowed, a -> false, InetAddress::getAllByName);
    RunServices services =
        new RunServices(
            actions::find,
            wired.paths(),
            ws.roots(),
            guard,
            SafeHttp.create(new SafeHttp.Settings(HTTP_CONNECT, HTTP_READ, null)),
            spec -> wired.planner().validateForSubmit(spec),
            JobSpecJson::write,
            events,
            wired.config().clock(),
            RunServices.DEFAULT_MAX_LOOP_ITEMS,
            wired.config().storage(),
            cancel,
            () -> wired.config().storage().workflows(),
            probe(wired),
            withLibrary(wired.actionServices(), wired.config().storage()),
            wired.paths().storages());
    return new WorkflowRunner(services, conditionTypes);
  }

  /** Probes a file (already resolved inside the roots) through the engine's media backend. */
  static Function<Path, MediaInfo> probe(MediaOptions.Wired wired) {
    return file ->
        wired
            .backend()
            .get()
            .orElseGet(() -> MediaBackends.require(MediaFlow.class.getClassLoader()))
            .probe(file);
  }

  /**
   * The host's action services plus the storage's media library for the organise actions, unless
   * the host registered a {@link LibraryStore} of its own or the storage keeps none.
   */
  static Map<Class<?>, Object> withLibrary(Map<Class<?>, Object> hostServices, Storage storage) {
    Map<Class<?>, Object> all = new HashMap<>(hostServices);
    if (!all.containsKey(LibraryStore.class)) {
      try {
        all.put(LibraryStore.class, storage.library());
      } catch (UnsupportedOperationException e) {
        // a storage written before the library: tag actions say so when they run
      }
    }
    return all;
  }

  /** {@code workflow.cancelled} for every cancelled run, running or waiting. */
  static void publishCancels(EventBus bus, WorkflowRunner runner) {
    bus.subscribe(
        "job.cancelled",
        e -> {
          if (WorkflowRunner.TYPE.equals(e.data().get("type"))) {
            runner.cancelled(String.valueOf(e.data().get("jobId")));
          }
        });
  }
}
