package io.mediaflow.samples.cli;

import io.mediaflow.OperatorRegistry;
import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.operator.Operator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code mediaflow operators [NAME]}: the catalogue of operators, built in and from plugins. */
@Command(
    name = "operators",
    mixinStandardHelpOptions = true,
    description =
        "Lists the operators a spec may use, with their inputs and parameters; NAME shows one.")
final class OperatorsCommand implements Callable<Integer> {

  @ParentCommand private MediaflowCli cli;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "NAME",
      description = "Show only this operator.")
  private String name;

  @Option(names = "--json", description = "Print the catalogue as JSON.")
  private boolean json;

  @Override
  public Integer call() {
    Terminal terminal = cli.terminal();
    OperatorRegistry registry = cli.toolbox().operators();
    List<Operator> shown = name == null ? registry.all() : List.of(find(registry, name));
    // descriptions come from plugins
    terminal
        .out()
        .println(
            json
                ? Printable.json(OperatorCatalog.json(shown))
                : Printable.lines(OperatorCatalog.text(shown)));
    terminal.out().flush();
    return ExitCodes.OK;
  }

  private static Operator find(OperatorRegistry registry, String name) {
    return registry
        .find(name)
        .orElseThrow(
            () ->
                new MediaFlowException(
                    ErrorCode.UNKNOWN_OPERATOR,
                    "no operator named '" + name + "'",
                    "known operators: "
                        + registry.all().stream()
                            .map(Operator::name)
                            .collect(Collectors.joining(", "))
                        + " (more come with --plugins DIR)"));
  }
}
