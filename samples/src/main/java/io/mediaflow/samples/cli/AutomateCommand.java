package io.mediaflow.samples.cli;

import io.mediaflow.InMemoryStorage;
import io.mediaflow.MediaFlow;
import io.mediaflow.Workspace;
import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.ValidationException;
import io.mediaflow.api.Violation;
import io.mediaflow.api.store.Storage;
import io.mediaflow.jdbc.JdbcStorage;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code mediaflow automate rules.json [--store h2:PATH]}: a long-running engine with the
 * workflows, rules and shipped templates of one file ({@code docs/automation.md}). The file is
 * checked whole before anything is stored; Ctrl-C (or SIGTERM) stops it, letting running jobs
 * finish within the drain timeout.
 */
@Command(
    name = "automate",
    mixinStandardHelpOptions = true,
    description =
        "Runs an engine with the workflows, rules and shipped templates of a file until"
            + " Ctrl-C; paths in them resolve against the file's folder.")
final class AutomateCommand implements Callable<Integer> {

  @ParentCommand private MediaflowCli cli;

  @Parameters(index = "0", paramLabel = "FILE", description = "The automation file (JSON).")
  private Path file;

  @Option(
      names = "--store",
      paramLabel = "STORE",
      defaultValue = "memory",
      description =
          "h2:PATH (an H2 file database: rules, schedules and jobs survive a restart) or memory"
              + " (default: ${DEFAULT-VALUE}).")
  private String store;

  @Option(
      names = "--allow-root",
      paramLabel = "DIR",
      description = "Also allow files in DIR (repeatable); the file's folder is always allowed.")
  private List<Path> allowRoots = new ArrayList<>();

  @Option(
      names = "--allow-private-network",
      description = "Let download and notify actions reach loopback and private addresses.")
  private boolean allowPrivateNetwork;

  @Override
  public Integer call() {
    AutomationFile automation = AutomationFile.read(file); // its shape, before opening a store
    Path folder = file.toAbsolutePath().normalize().getParent();
    List<Path> roots = allowRoots.stream().map(r -> r.toAbsolutePath().normalize()).toList();
    return serve(
        automation,
        v -> v,
        store,
        storage -> engine(cli.toolbox(), storage, folder, roots, allowPrivateNetwork),
        cli.terminal().out());
  }

  /**
   * Checks {@code automation} on the engine, stores it and runs the engine until Ctrl-C, SIGTERM or
   * an interrupt; what {@code automate} and {@code watch} share.
   *
   * @param place where a problem is reported to the user (the file's JSON path, or an option)
   * @param store the {@code --store} value
   * @param engine builds the engine on the opened store
   * @return the exit code
   */
  static Integer serve(
      AutomationFile automation,
      UnaryOperator<Violation> place,
      String store,
      Function<Storage, MediaFlow> engine,
      PrintWriter out) {
    // the store closes before the stop request lets Ctrl-C's hook return and the JVM halt
    try (StopRequest stop = StopRequest.watch();
        Storage storage = storage(store)) {
      MediaFlow flow = engine.apply(storage);
      try {
        ValidationException.throwIfAny(automation.check(flow).stream().map(place).toList());
        AutomationSetup.apply(automation, flow, out);
        flow.start();
        out.println(
            "running "
                + flow.rules().list(0, 1000).size()
                + " rule(s) on "
                + Printable.escape(store)
                + "; Ctrl-C to stop");
        out.flush();
        stop.await();
        out.println("stopping: letting running jobs finish");
        out.flush();
      } finally {
        flow.close(); // drains: running jobs get the drain timeout, the rest go back to the queue
      }
      out.println("stopped");
      out.flush();
      return ExitCodes.OK;
    }
  }

  /**
   * An engine on {@code storage} whose relative paths resolve against {@code folder}, allowed
   * {@code folder} and {@code roots} (absolute), with the CLI's operators and backend.
   */
  static MediaFlow engine(
      Toolbox toolbox,
      Storage storage,
      Path folder,
      List<Path> roots,
      boolean allowPrivateNetwork) {
    return engine(toolbox, storage, folder, roots, allowPrivateNetwork, 0);
  }

  /**
   * Like {@link #engine(Toolbox, Storage, Path, List, boolean)}; {@code workers} 0 for the default.
   */
  static MediaFlow engine(
      Toolbox toolbox,
      Storage storage,
      Path folder,
      List<Path> roots,
      boolean allowPrivateNetwork,
      int workers) {
    Workspace.Builder workspace = Workspace.builder().baseDirectory(folder);
    roots.forEach(workspace::allowRoot);
    MediaFlow.Builder builder =
        MediaFlow.builder()
            .storage(storage)
            .workspace(workspace.build())
            .operators(toolbox.operators())
            .mediaBackend(toolbox.backend());
    if (allowPrivateNetwork) {
      builder.allowPrivateNetwork();
    }
    if (workers > 0) {
      builder.workers(workers);
    }
    return builder.build();
  }

  /** The store {@code --store} names. */
  static Storage storage(String spec) {
    if (spec.equals("memory")) {
      return new InMemoryStorage();
    }
    if (spec.startsWith("h2:") && spec.length() > 3) {
      return JdbcStorage.h2(Path.of(spec.substring(3)).toAbsolutePath());
    }
    throw new MediaFlowException(
        ErrorCode.INVALID_VALUE,
        "--store: '" + spec + "' is neither h2:PATH nor memory",
        "write --store h2:data/mediaflow (an H2 file, kept across restarts) or --store memory");
  }
}
