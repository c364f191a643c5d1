package io.mediaflow.samples.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code mediaflow} command line: {@code run}, {@code plan}, {@code probe}, {@code operators},
 * {@code actions}, {@code cron}, {@code automate}, {@code watch} and {@code serve}.
 *
 * <p>Results go to standard output, everything else (progress, errors) to standard error. Exit
 * codes: 0 success, 2 a bad request (usage, invalid spec, path not allowed, destination exists), 3
 * an unusable input or failed processing, 1 anything else.
 *
 * <p>{@code --plugins DIR} and {@code --verbose} are global options that may also be written after
 * the subcommand: {@code mediaflow --plugins DIR operators} and {@code mediaflow operators
 * --plugins DIR} mean the same.
 */
@Command(
    name = "mediaflow",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Runs declarative media jobs (inputs -> operators -> outputs) with FFmpeg.",
    subcommands = {
      RunCommand.class,
      PlanCommand.class,
      ProbeCommand.class,
      OperatorsCommand.class,
      ActionsCommand.class,
      CronCommand.class,
      AutomateCommand.class,
      WatchCommand.class,
      ServeCommand.class,
      CommandLine.HelpCommand.class
    },
    footer = {
      "",
      "Exit codes: 0 ok, 1 environment or internal error, 2 invalid request, 3 input or"
          + " processing failed."
    })
public final class MediaflowCli implements Callable<Integer> {

  @Option(
      names = "--plugins",
      paramLabel = "DIR",
      scope = ScopeType.INHERIT,
      description = "Load operator plugins from every *.jar in DIR.")
  private Path pluginDirectory;

  @Option(
      names = "--verbose",
      scope = ScopeType.INHERIT,
      description = "Show stack traces of unexpected failures and debug logs.")
  private boolean verbose;

  private final Terminal terminal;
  private Toolbox toolbox;

  MediaflowCli(Terminal terminal) {
    this.terminal = terminal;
  }

  /** Runs the command line and exits the JVM with its exit code. */
  public static void main(String[] args) {
    if (Arrays.asList(args).contains("--verbose") || Terminal.debugRequested()) {
      // before the first logger exists, or slf4j-simple keeps its configured level
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "debug");
    }
    // the command's own output is escaped where it is printed (Printable); log lines carry paths
    // and messages from the spec too, so what else reaches standard error goes through a guard
    Terminal terminal = Terminal.system(false);
    System.setErr(Printable.guard(System.err));
    System.exit(execute(terminal, args));
  }

  /**
   * Runs the command line on this process's standard streams and returns the exit code, without
   * exiting; what {@code Demo} uses.
   */
  public static int execute(String... args) {
    return execute(Terminal.system(false), args);
  }

  static int execute(Terminal terminal, String... args) {
    MediaflowCli cli = new MediaflowCli(terminal);
    CommandLine line = new CommandLine(cli);
    line.setCaseInsensitiveEnumValuesAllowed(true);
    line.setOut(terminal.out());
    line.setErr(terminal.err());
    line.setParameterExceptionHandler(
        (e, argv) ->
            new ErrorReporter(terminal)
                .usage(e.getMessage(), e.getCommandLine().getCommandSpec().qualifiedName()));
    line.setExecutionExceptionHandler((e, commandLine, parseResult) -> cli.reporter().report(e));
    int code = line.execute(args);
    terminal.out().flush();
    terminal.err().flush();
    return code;
  }

  @Override
  public Integer call() {
    return reporter()
        .usage(
            "a command is required: run, plan, probe, operators, actions, cron, automate, watch or"
                + " serve",
            "mediaflow");
  }

  Terminal terminal() {
    return terminal.withVerbose(verbose);
  }

  /** Operators and backend, from the class path plus {@code --plugins}; made once per command. */
  Toolbox toolbox() {
    if (toolbox == null) {
      toolbox = Toolbox.forPlugins(pluginDirectory);
    }
    return toolbox;
  }

  ErrorReporter reporter() {
    return new ErrorReporter(terminal());
  }
}
