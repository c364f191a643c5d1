package io.mediaflow.internal.plan;

import io.mediaflow.JobLimits;
import io.mediaflow.Locations;
import io.mediaflow.OperatorRegistry;
import io.mediaflow.api.ValidationException;
import io.mediaflow.api.media.MediaInfo;
import io.mediaflow.api.operator.PathResolver;
import io.mediaflow.api.plan.ProcessingPlan;
import io.mediaflow.api.spec.JobSpec;
import io.mediaflow.internal.WorkspacePaths;
import io.mediaflow.internal.spec.JobSpecReader;
import io.mediaflow.internal.spec.SpecReading;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Validation and planning as two separate calls, so that one who plans what it validated validates
 * once: {@link #check} returns the {@link CheckedSpec} that {@link #plan} compiles. The public
 * {@link io.mediaflow.Planner} and the media pipeline are both built on it.
 */
public final class SpecPlanner {

  private final PathResolver paths;
  private final JobLimits limits;
  private final SpecValidator validator;

  /**
   * @param registry the operators specs may use
   * @param workspace the roots files that parameters name must lie in
   * @param limits the most inputs, operations and outputs of one spec
   */
  public SpecPlanner(OperatorRegistry registry, WorkspacePaths workspace, JobLimits limits) {
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(workspace, "workspace");
    this.limits = Objects.requireNonNull(limits, "limits");
    this.paths = workspace::resolveFile;
    this.validator = new SpecValidator(registry::find, registry.names(), paths, limits);
  }

  /** Every problem found without media, and the checked spec when there is none. */
  public SpecValidator.Result validate(JobSpec spec) {
    return validator.validate(Objects.requireNonNull(spec, "spec"));
  }

  /**
   * Reads a JSON spec and validates it: every problem of its shape and, where the shape leaves the
   * rest readable (an unknown field does), every problem of its meaning, in one exception.
   *
   * @throws ValidationException listing them, shape first
   */
  public JobSpec parse(String json) {
    SpecReading reading = JobSpecReader.reading(json);
    ValidationException.throwIfAny(reading.problems(spec -> validate(spec).violations()));
    return reading.spec().orElseThrow();
  }

  /**
   * The spec, checked.
   *
   * @throws ValidationException listing every problem found without media
   */
  public CheckedSpec check(JobSpec spec) {
    SpecValidator.Result result = validate(spec);
    ValidationException.throwIfAny(result.violations());
    return result.checked().orElseThrow();
  }

  /**
   * Plans a checked spec. Only the locations say where the files are: the spec's own sources are
   * not read, so a spec whose URL inputs were fetched since is planned from its first check.
   *
   * @throws ValidationException listing the problems only the media reveals
   */
  public ProcessingPlan plan(
      CheckedSpec checked, Map<String, MediaInfo> inputMedia, Locations locations) {
    return plan(checked, inputMedia, locations, Map.of());
  }

  /**
   * Plans a checked spec whose inputs are the files of {@code locations} and the URLs of {@code
   * urls}, by input id: those the media tool streams.
   *
   * @throws ValidationException as {@link #plan(CheckedSpec, Map, Locations)}
   */
  public ProcessingPlan plan(
      CheckedSpec checked,
      Map<String, MediaInfo> inputMedia,
      Locations locations,
      Map<String, String> urls) {
    Objects.requireNonNull(checked, "checked");
    Objects.requireNonNull(inputMedia, "inputMedia");
    Objects.requireNonNull(locations, "locations");
    Map<String, String> inputs = new LinkedHashMap<>();
    locations.inputs().forEach((id, path) -> inputs.put(id, path.toString()));
    inputs.putAll(urls);
    List<String> outputs =
        locations.outputs().stream().map(p -> p == null ? null : p.toString()).toList();
    return new PlanBuilder(checked, inputMedia, inputs, outputs, paths, limits).build();
  }
}
