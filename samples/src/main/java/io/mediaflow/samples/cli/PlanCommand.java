package io.mediaflow.samples.cli;

import io.mediaflow.LocalRun;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code mediaflow plan SPEC.json}: the dry run. Everything {@code run} does before running (inputs
 * are probed, since the plan depends on what they hold), then the plan is printed.
 */
@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    description = {
      "Shows what running a job spec would do, without writing anything: the FFmpeg invocations"
          + " with their arguments (JSON) or the graph (Mermaid)."
    })
final class PlanCommand implements Callable<Integer> {

  /** The renderings {@code --format} offers. */
  enum Format {
    JSON,
    MERMAID
  }

  @ParentCommand private MediaflowCli cli;

  @Parameters(index = "0", paramLabel = "SPEC.json", description = "The job spec to plan.")
  private Path spec;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "JSON",
      description = "json (default) or mermaid.")
  private Format format;

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

  @Override
  public Integer call() {
    Terminal terminal = cli.terminal();
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
    String text =
        switch (format) {
          case JSON -> Printable.json(prepared.planJson());
          case MERMAID -> Printable.lines(prepared.planMermaid());
        };
    terminal.out().println(text.stripTrailing());
    terminal.out().flush();
    return ExitCodes.OK;
  }
}
