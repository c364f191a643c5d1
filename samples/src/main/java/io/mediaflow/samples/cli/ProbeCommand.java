package io.mediaflow.samples.cli;

import io.mediaflow.LocalRun;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code mediaflow probe FILE}: what a media file holds, as JSON (durations in seconds). */
@Command(
    name = "probe",
    mixinStandardHelpOptions = true,
    description = "Prints what a media file holds (container, duration, tracks) as JSON.")
final class ProbeCommand implements Callable<Integer> {

  @ParentCommand private MediaflowCli cli;

  @Parameters(index = "0", paramLabel = "FILE", description = "The media file to read.")
  private Path file;

  @Override
  public Integer call() {
    Terminal terminal = cli.terminal();
    Path absolute = file.toAbsolutePath().normalize();
    // an interrupted probe stops its ffprobe, which may be blocked on its input
    var info =
        Interruption.during(
            interruption ->
                LocalRun.builder().mediaBackend(cli.toolbox()::backend).build().probe(absolute));
    // tags and titles come from the file: exact JSON, with nothing a terminal would act on
    terminal.out().println(Printable.json(LocalRun.toJson(info).stripTrailing()));
    terminal.out().flush();
    return ExitCodes.OK;
  }
}
