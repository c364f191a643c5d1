package io.mediaflow.samples.cli;

import io.mediaflow.ActionRegistry;
import io.mediaflow.LocalRun;
import io.mediaflow.OperatorRegistry;
import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.backend.MediaBackend;
import java.nio.file.Path;
import java.util.List;

/**
 * The operators and the media backend one command works with, found through {@link
 * java.util.ServiceLoader} on the application's class path plus any {@code --plugins} jars. Each is
 * looked up only when a command needs it, so that {@code operators} works without FFmpeg.
 */
final class Toolbox {

  private final ClassLoader loader;
  private OperatorRegistry registry;
  private ActionRegistry actions;
  private MediaBackend backend;

  private Toolbox(ClassLoader loader) {
    this.loader = loader;
  }

  /** The toolbox for {@code --plugins DIR}, or for the application alone when it is null. */
  static Toolbox forPlugins(Path pluginDirectory) {
    return new Toolbox(Plugins.loader(pluginDirectory));
  }

  /** The workflow actions: from the class path and the plugins, then the built-in ones. */
  ActionRegistry actions() {
    if (actions == null) {
      actions = ActionRegistry.load(loader, List.of());
    }
    return actions;
  }

  OperatorRegistry operators() {
    if (registry == null) {
      registry = OperatorRegistry.load(loader);
    }
    return registry;
  }

  /**
   * The first media backend found. Its first call stops the media programs a killed mediaflow
   * process left running on this host, and removes their temp files.
   *
   * @throws MediaFlowException {@code NO_MEDIA_BACKEND} when there is none
   */
  MediaBackend backend() {
    if (backend == null) {
      // before this command starts a program: stop those a killed mediaflow left running
      LocalRun.stopAbandonedProcesses();
      backend =
          LocalRun.findBackend(loader)
              .orElseThrow(
                  () ->
                      new MediaFlowException(
                          ErrorCode.NO_MEDIA_BACKEND,
                          "no media backend on the class path",
                          "use the mediaflow.jar that bundles mediaflow-ffmpeg, or pass a jar"
                              + " providing io.mediaflow.api.backend.MediaBackend with --plugins"));
    }
    return backend;
  }
}
