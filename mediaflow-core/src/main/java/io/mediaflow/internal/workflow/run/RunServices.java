package io.mediaflow.internal.workflow.run;

import io.mediaflow.api.Violation;
import io.mediaflow.api.action.Action;
import io.mediaflow.api.event.EventBus;
import io.mediaflow.api.media.MediaInfo;
import io.mediaflow.api.operator.PathResolver;
import io.mediaflow.api.spec.JobSpec;
import io.mediaflow.api.store.Storage;
import io.mediaflow.api.store.WorkflowStore;
import io.mediaflow.internal.net.NetworkGuard;
import io.mediaflow.internal.net.SafeHttp;
import io.mediaflow.internal.storage.MediaStorages;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * What the workflow runner uses of its engine, wired once by {@code MediaFlow.Builder}.
 *
 * @param actions the registered action with a name, if any
 * @param paths the workspace's rule for files
 * @param roots the workspace's allowed folders
 * @param guard the SSRF guard of actions' HTTP
 * @param http the HTTP client
 * @param media checks a media job before it is started ({@code runMedia}); every violation
 * @param mediaJson writes a media job's spec as its payload
 * @param events where {@code workflow.*} events go
 * @param clock the engine's clock
 * @param maxLoopItems the most items a loop without its own {@code maxItems} takes
 * @param storage the run's storage (children are counted in its job store)
 * @param cancel cancels a job on the engine (the losing branches of a merge); false when it had
 *     finished
 * @param waiters the store's correlation index of waiting runs ({@code delay} nodes with a {@code
 *     key}), asked for on first use
 * @param probe probes a media file (already resolved inside the roots) through the media backend
 * @param hostServices what the host registered for actions, by exact type
 * @param storages the storages of the URI schemes action parameters may name
 */
public record RunServices(
    Function<String, Optional<Action>> actions,
    PathResolver paths,
    List<Path> roots,
    NetworkGuard guard,
    SafeHttp http,
    Function<JobSpec, List<Violation>> media,
    Function<JobSpec, String> mediaJson,
    EventBus events,
    Clock clock,
    int maxLoopItems,
    Storage storage,
    Predicate<String> cancel,
    Supplier<WorkflowStore> waiters,
    Function<Path, MediaInfo> probe,
    Map<Class<?>, Object> hostServices,
    MediaStorages storages) {

  /** Loops take at most this many items unless they say less. */
  public static final int DEFAULT_MAX_LOOP_ITEMS = 1000;

  public RunServices {
    Objects.requireNonNull(actions, "actions");
    Objects.requireNonNull(paths, "paths");
    roots = List.copyOf(roots);
    Objects.requireNonNull(guard, "guard");
    Objects.requireNonNull(http, "http");
    Objects.requireNonNull(media, "media");
    Objects.requireNonNull(mediaJson, "mediaJson");
    Objects.requireNonNull(events, "events");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(waiters, "waiters");
    Objects.requireNonNull(probe, "probe");
    hostServices = Map.copyOf(hostServices);
    Objects.requireNonNull(storages, "storages");
  }
}
