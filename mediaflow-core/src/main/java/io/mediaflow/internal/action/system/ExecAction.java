package io.mediaflow.internal.action.system;

import io.mediaflow.ExecPolicy;
import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.Violation;
import io.mediaflow.api.action.Action;
import io.mediaflow.api.action.ActionContext;
import io.mediaflow.api.action.ActionDescriptor;
import io.mediaflow.api.action.ActionOutput;
import io.mediaflow.api.action.ActionResult;
import io.mediaflow.api.action.DryRun;
import io.mediaflow.api.operator.ParamSpec;
import io.mediaflow.api.operator.ParamType;
import io.mediaflow.api.operator.Params;
import io.mediaflow.api.operator.ValidationContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code system.exec}: runs one program of the host's {@link ExecPolicy} allow-list, with its
 * arguments as a list (never through a shell), a timeout, no standard input, and its output
 * captured up to a bound. Off unless the host registered a policy. The run is one durable step: a
 * workflow resumed after the program finished does not run it again.
 */
public final class ExecAction implements Action {

  static final String NAME = "system.exec";

  /** The most arguments a node may pass. */
  static final int MAX_ARGS = 1024;

  private static final ActionDescriptor DESCRIPTOR =
      ActionDescriptor.builder(NAME)
          .description("Runs an allow-listed program with a list of arguments (no shell)")
          .category("system")
          .param(
              ParamSpec.builder("program", ParamType.STRING)
                  .required()
                  .description("absolute path of a program the host's ExecPolicy allows")
                  .build())
          .param(
              ParamSpec.builder("args", ParamType.ARRAY)
                  .defaultValue(List.of())
                  .description("the arguments, each a string, passed as they are")
                  .build())
          .param(
              ParamSpec.builder("workingDirectory", ParamType.STRING)
                  .description("a folder inside the allowed roots; default the first root")
                  .build())
          .param(
              ParamSpec.builder("timeout", ParamType.DURATION)
                  .description("default the policy's; at most its maxTimeout")
                  .build())
          .param(
              ParamSpec.builder("failOnExitCode", ParamType.BOOL)
                  .defaultValue(true)
                  .description("whether a non-zero exit code fails the node")
                  .build())
          .output(ActionOutput.of("exitCode", "the program's exit code", 0))
          .output(ActionOutput.of("stdout", "standard output, up to the policy's bound", ""))
          .output(ActionOutput.of("stderr", "standard error, up to the policy's bound", ""))
          .output(ActionOutput.of("stdoutTruncated", "whether standard output was cut", false))
          .output(ActionOutput.of("stderrTruncated", "whether standard error was cut", false))
          .dryRun(DryRun.DESCRIBES_ITSELF)
          .error(SystemErrors.SYSTEM_EXEC_DISABLED)
          .error(SystemErrors.SYSTEM_EXEC_NOT_ALLOWED)
          .error(SystemErrors.SYSTEM_EXEC_START_FAILED)
          .error(SystemErrors.SYSTEM_EXEC_TIMEOUT)
          .error(SystemErrors.SYSTEM_EXEC_EXIT_CODE)
          .error(ErrorCode.CANCELLED)
          .build();

  @Override
  public ActionDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public List<Violation> validate(Params params, ValidationContext ctx) {
    List<Violation> problems = new ArrayList<>();
    params
        .optString("program")
        .filter(p -> !Path.of(p).isAbsolute())
        .ifPresent(
            p ->
                problems.add(
                    ctx.violation(
                        "program",
                        SystemErrors.SYSTEM_EXEC_NOT_ALLOWED,
                        "the program must be an absolute path but was \"" + p + "\"")));
    params
        .get("args")
        .ifPresent(
            a ->
                argsProblem(a)
                    .ifPresent(
                        m ->
                            problems.add(
                                ctx.violation("args", SystemErrors.SYSTEM_EXEC_NOT_ALLOWED, m))));
    return problems;
  }

  @Override
  public ActionResult execute(ActionContext ctx, Params params) throws Exception {
    ExecPolicy policy =
        ctx.service(ExecPolicy.class)
            .orElseThrow(
                () ->
                    new MediaFlowException(
                        SystemErrors.SYSTEM_EXEC_DISABLED,
                        NAME + " is disabled on this engine: the host registered no ExecPolicy",
                        "a host that wants it lists its programs with"
                            + " MediaFlow.builder().actionService(ExecPolicy.class,"
                            + " ExecPolicy.builder().allow(Path.of(\"/usr/bin/...\")).build())"));
    Path program = allowed(policy, params.getString("program"));
    List<String> args = args(params.get("args").orElse(List.of()));
    Duration timeout = timeout(policy, params);
    Path dir =
        params.optString("workingDirectory").isPresent()
            ? folder(ctx, params.getString("workingDirectory"))
            : ctx.roots().isEmpty() ? null : ctx.roots().get(0);
    boolean failOnExitCode = params.optBool("failOnExitCode").orElse(true);
    if (ctx.dryRun()) {
      return ActionResult.of(ProcessRun.Result.NOTHING.outputs())
          .withSummary("test run: would run " + program + " with " + args.size() + " argument(s)");
    }
    ctx.log("INFO", "running " + program + " with " + args.size() + " argument(s)");
    @SuppressWarnings("unchecked")
    Map<String, Object> out =
        ctx.step(
            "run",
            Map.class,
            () ->
                new ProcessRun(program, args, dir, policy, timeout, ctx::isCancelled)
                    .run()
                    .outputs());
    Object code = out.get("exitCode");
    int exit = code instanceof Number n ? n.intValue() : -1;
    if (exit != 0 && failOnExitCode) {
      String err = String.valueOf(out.get("stderr")).strip();
      if (err.length() > 300) {
        err = "…" + err.substring(err.length() - 300);
      }
      throw new MediaFlowException(
          SystemErrors.SYSTEM_EXEC_EXIT_CODE,
          NAME
              + ": "
              + program
              + " ended with exit code "
              + exit
              + (err.isEmpty() ? "" : ": " + err),
          "see the node's stderr output; set \"failOnExitCode\": false to go on anyway",
          false,
          null);
    }
    return ActionResult.of(new LinkedHashMap<>(out))
        .withSummary("ran " + program + ": exit code " + exit);
  }

  /**
   * The folder, resolved inside the roots: the workspace's rule is made for files, so a name inside
   * the folder is resolved (following every link, checked against the roots) and its parent kept.
   */
  private static Path folder(ActionContext ctx, String text) {
    String jsonPath = "nodes." + ctx.nodeId() + ".params.workingDirectory";
    Path folder = ctx.paths().resolve(text + "/.mediaflow-exec", jsonPath).getParent();
    if (folder == null || !Files.isDirectory(folder)) {
      throw new MediaFlowException(
          ErrorCode.INPUT_NOT_FOUND,
          NAME + ": the working directory \"" + text + "\" is not a folder",
          "create it first, or leave \"workingDirectory\" out for the first allowed root");
    }
    return folder;
  }

  private static Path allowed(ExecPolicy policy, String text) {
    Path given = Path.of(text);
    if (!given.isAbsolute()) {
      throw new MediaFlowException(
          SystemErrors.SYSTEM_EXEC_NOT_ALLOWED,
          NAME + ": the program must be an absolute path but was \"" + text + "\"",
          "name the program by its full path, as the host's ExecPolicy lists it");
    }
    return policy
        .allowed(given)
        .orElseThrow(
            () ->
                new MediaFlowException(
                    SystemErrors.SYSTEM_EXEC_NOT_ALLOWED,
                    NAME + ": " + given.normalize() + " is not on the host's allow-list",
                    "the host allows: "
                        + (policy.programs().isEmpty()
                            ? "nothing"
                            : policy.programs().stream().map(Path::toString).sorted().toList())));
  }

  private static java.util.Optional<String> argsProblem(Object raw) {
    if (!(raw instanceof List<?> list)) {
      return java.util.Optional.of("args must be a list of strings");
    }
    if (list.size() > MAX_ARGS) {
      return java.util.Optional.of(
          "at most " + MAX_ARGS + " arguments, but " + list.size() + " were given");
    }
    for (int i = 0; i < list.size(); i++) {
      Object a = list.get(i);
      if (!(a instanceof String || a instanceof Number || a instanceof Boolean)) {
        return java.util.Optional.of(
            "argument " + i + " must be a string but was " + ParamType.describe(a));
      }
      if (a.toString().indexOf('\0') >= 0) {
        return java.util.Optional.of(
            "argument " + i + " has a NUL character, which no program can receive");
      }
    }
    return java.util.Optional.empty();
  }

  private static List<String> args(Object raw) {
    argsProblem(raw)
        .ifPresent(
            m -> {
              throw new MediaFlowException(
                  SystemErrors.SYSTEM_EXEC_NOT_ALLOWED,
                  NAME + ": " + m,
                  "give \"args\" as a list of strings: [\"-v\", \"in.mp4\"]");
            });
    List<String> args = new ArrayList<>();
    for (Object a : (List<?>) raw) {
      args.add(a.toString());
    }
    return args;
  }

  private static Duration timeout(ExecPolicy policy, Params params) {
    Duration t = params.optDuration("timeout").map(d -> d.toDuration()).orElse(policy.timeout());
    if (t.isZero() || t.compareTo(policy.maxTimeout()) > 0) {
      throw new MediaFlowException(
          SystemErrors.SYSTEM_EXEC_NOT_ALLOWED,
          NAME
              + ": a timeout of "
              + t.toSeconds()
              + " s is not allowed: the host's ExecPolicy allows more than 0 and at most "
              + policy.maxTimeout().toSeconds()
              + " s",
          "give a shorter \"timeout\", or none for the policy's "
              + policy.timeout().toSeconds()
              + " s");
    }
    return t;
  }
}
