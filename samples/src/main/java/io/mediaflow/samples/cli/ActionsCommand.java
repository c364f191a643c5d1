package io.mediaflow.samples.cli;

import io.mediaflow.ActionRegistry;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.action.Action;
import io.mediaflow.api.workflow.WorkflowErrors;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code mediaflow actions [NAME] [--json]}: the catalogue of workflow actions, built in and from
 * plugins, with their parameters, outputs, test-run behaviour and error codes.
 */
@Command(
    name = "actions",
    mixinStandardHelpOptions = true,
    description =
        "Lists the actions a workflow may call, with their parameters, outputs, test-run"
            + " behaviour and error codes; NAME shows one.")
final class ActionsCommand implements Callable<Integer> {

  @ParentCommand private MediaflowCli cli;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "NAME",
      description = "Show only this action.")
  private String name;

  @Option(names = "--json", description = "Print the catalogue as JSON.")
  private boolean json;

  @Override
  public Integer call() {
    Terminal terminal = cli.terminal();
    ActionRegistry registry = cli.toolbox().actions();
    List<Action> all = registry.all().stream().sorted(Comparator.comparing(Action::name)).toList();
    List<Action> shown = name == null ? all : List.of(find(registry, all, name));
    // descriptions come from plugins
    terminal
        .out()
        .println(
            json
                ? Printable.json(ActionCatalog.json(shown))
                : Printable.lines(ActionCatalog.text(shown)));
    terminal.out().flush();
    return ExitCodes.OK;
  }

  private static Action find(ActionRegistry registry, List<Action> all, String name) {
    return registry
        .find(name)
        .orElseThrow(
            () ->
                new MediaFlowException(
                    WorkflowErrors.UNKNOWN_ACTION,
                    "no action named '" + name + "'",
                    "known actions: "
                        + String.join(", ", all.stream().map(Action::name).toList())
                        + " (more come with --plugins DIR)"));
  }
}
