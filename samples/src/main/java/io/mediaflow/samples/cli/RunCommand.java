package io.mediaflow.samples.cli;

import io.mediaflow.LocalRun;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code mediaflow run SPEC.json}: validates, plans and runs a job, showing progress on standard
 * error and printing the written files on standard output.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Runs a job spec. Relative file: paths are read from the spec's folder; absolute ones must"
          + " lie in the spec's folder or an --allow-root (the working directory is not allowed by"
          + " itself: add --allow-root . to allow it).",
      "Prints the files written, one per line with control characters and backslashes escaped"
          + " as \\n, \\e, \\x00, \\\\ (or a JSON object with the exact names with --json)."
    })
final class RunCommand implements Callable<Integer> {

  @ParentCommand private MediaflowCli cli;

  @Parameters(index = "0", paramLabel = "SPEC.json", description = "The job spec to run.")
  private Path spec;

  @Option(names = "--overwrite", description = "Replace output files that already exist.")
  private boolean overwrite;

  @Option(
      names = "--allow-root",
      paramLabel = "DIR",
      description = "Also allow absolute paths inside DIR (repeatable).")
  private List<Path> allowRoots = new ArrayList<>();

  @Option(
      names = "--allow-private-network",
      description =
          "Let http(s) inputs come from loopback and private networks (127/8, 10/8, 172.16/12,"
              + " 192.168/16, 100.64/10, fc00::/7); refused by default. Link-local addresses"
              + " (169.254/16) stay refused, and cloud metadata addresses (169.254.169.254,"
              + " fd00:ec2::254, fd20:ce::254, 168.63.129.16, 100.100.100.200, ...) always.")
  private boolean allowPrivateNetwork;

  @Mixin private JobLimitOptions limits;

  @Option(names = "--json", description = "Print the result as a JSON object.")
  private boolean json;

  @Override
  public Integer call() {
    Terminal terminal = cli.terminal();
    // from the start: a download, a probe or the run itself may be interrupted
    return Interruption.during(
        interruption -> {
          LocalRun local =
              LocalRuns.create(
                  cli.toolbox(), allowRoots, allowPrivateNetwork, interruption, limits);
          try (LocalRun.Prepared prepared = local.prepare(spec)) {
            return call(terminal, prepared);
          }
        });
  }

  private Integer call(Terminal terminal, LocalRun.Prepared prepared) {
    ProgressBar bar = new ProgressBar(terminal.err(), terminal.interactive());
    long started = System.nanoTime();
    List<Path> written;
    try {
      written = prepared.run(overwrite, bar);
    } finally {
      bar.finish();
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    print(terminal, written, seconds);
    return ExitCodes.OK;
  }

  private void print(Terminal terminal, List<Path> written, double seconds) {
    if (json) {
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("outputs", written.stream().map(Path::toString).toList());
      result.put("durationSeconds", Math.round(seconds * 1000) / 1000.0);
      terminal.out().println(Printable.json(Json.write(result)));
    } else {
      // one file a line: a newline in a name must not look like two files
      written.forEach(p -> terminal.out().println(Printable.escape(p.toString())));
    }
    terminal.out().flush();
  }
}
