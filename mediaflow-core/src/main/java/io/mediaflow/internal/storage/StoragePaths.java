package io.mediaflow.internal.storage;

import io.mediaflow.api.operator.PathResolver;
import io.mediaflow.internal.WorkspacePaths;
import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The rule for the files and locations that action parameters name: a local path stays inside the
 * workspace's roots ({@link WorkspacePaths#resolveFile}), and a location of another scheme must be
 * served by one of the engine's storages and have its form. Which operation the action asks for is
 * checked when it runs, where the parameter's role is known.
 */
public final class StoragePaths implements PathResolver {

  private final WorkspacePaths workspace;
  private final MediaStorages storages;

  public StoragePaths(WorkspacePaths workspace, MediaStorages storages) {
    this.workspace = Objects.requireNonNull(workspace, "workspace");
    this.storages = Objects.requireNonNull(storages, "storages");
  }

  @Override
  public Path resolve(String path, String jsonPath) {
    return workspace.resolveFile(path, jsonPath);
  }

  @Override
  public URI resolveLocation(String location, String jsonPath) {
    return storages.resolve(location, jsonPath, "location").uri();
  }

  /** The storages, for the actions' {@code storage(scheme)}. */
  public MediaStorages storages() {
    return storages;
  }
}
