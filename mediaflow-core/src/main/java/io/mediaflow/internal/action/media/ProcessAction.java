package io.mediaflow.internal.action.media;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mediaflow.JobSpecJson;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.ValidationException;
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
import io.mediaflow.api.spec.JobSpec;
import io.mediaflow.api.spec.OutputSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code media.process}: runs a whole {@link JobSpec}, given in its JSON form as the {@code spec}
 * parameter (docs/jobspec.md), as the node's media job. Its files are relative to the workspace
 * like any job's; the planner confines them to the allowed roots.
 */
final class ProcessAction implements Action {

  static final String NAME = "media.process";
  static final String SPEC = "spec";

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final ActionDescriptor DESCRIPTOR =
      ActionDescriptor.builder(NAME)
          .description("Runs a whole media job (a JobSpec: inputs, operations, outputs).")
          .category("media")
          .param(
              ParamSpec.builder(SPEC, ParamType.OBJECT)
                  .required()
                  .description("the job in its JSON form, as docs/jobspec.md describes it")
                  .build())
          .output(ActionOutput.of("path", "the first file written", "/placeholder/out.mp4"))
          .output(ActionOutput.of("paths", "every file written, in the spec's order", List.of()))
          .output(ActionOutput.of("count", "how many files", 0))
          .dryRun(DryRun.DESCRIBES_ITSELF)
          .error(MediaActionErrors.SPEC_INVALID)
          .error(MediaActionErrors.JOB_FAILED)
          .error(MediaActionErrors.JOB_CANCELLED)
          .build();

  @Override
  public ActionDescriptor descriptor() {
    return DESCRIPTOR;
  }

  /** The spec's own problems, each at its path inside the parameter. */
  @Override
  public List<Violation> validate(Params params, ValidationContext ctx) {
    Object raw = params.get(SPEC).orElse(null);
    if (raw == null) {
      return List.of();
    }
    try {
      JobSpecJson.parse(text(raw));
      return List.of();
    } catch (ValidationException e) {
      List<Violation> found = new ArrayList<>();
      for (Violation v : e.violations()) {
        String path = ctx.path(SPEC) + (v.path().isEmpty() ? "" : "." + v.path());
        found.add(
            new Violation(
                path,
                MediaActionErrors.SPEC_INVALID,
                v.code().code() + ": " + v.message(),
                v.suggestion()));
      }
      return found;
    }
  }

  @Override
  public ActionResult execute(ActionContext ctx, Params params) {
    JobSpec spec;
    try {
      spec = JobSpecJson.parse(text(params.get(SPEC).orElseThrow()));
    } catch (ValidationException e) {
      throw new MediaFlowException(
          MediaActionErrors.SPEC_INVALID,
          NAME + ": the spec is not a valid job: " + e.getMessage(),
          e.suggestion(),
          false,
          e);
    }
    List<Path> written = MediaJobs.run(ctx, NAME, spec);
    List<String> paths = new ArrayList<>();
    if (ctx.dryRun()) {
      for (OutputSpec o : spec.outputs()) {
        String d = o.destination();
        String local = d.startsWith("file:") ? d.substring("file:".length()) : d;
        paths.add(ctx.paths().resolve(local, "nodes." + ctx.nodeId() + ".params.spec").toString());
      }
    } else {
      written.forEach(p -> paths.add(p.toString()));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("path", paths.isEmpty() ? "" : paths.get(0));
    out.put("paths", paths);
    out.put("count", paths.size());
    String what =
        spec.operations().size() + " operation(s), " + spec.outputs().size() + " output(s)";
    return new ActionResult(
        out,
        ctx.dryRun()
            ? "test run: would run a media job of " + what + " writing " + paths
            : "ran a media job of " + what + ", wrote " + paths.size() + " file(s)");
  }

  private static String text(Object raw) {
    try {
      return JSON.writeValueAsString(raw);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("the spec cannot be written as JSON: " + e, e);
    }
  }
}
