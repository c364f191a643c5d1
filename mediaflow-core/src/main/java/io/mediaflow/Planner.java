package io.mediaflow;

import io.mediaflow.api.ValidationException;
import io.mediaflow.api.Violation;
import io.mediaflow.api.media.MediaInfo;
import io.mediaflow.api.plan.ProcessingPlan;
import io.mediaflow.api.spec.JobSpec;
import io.mediaflow.internal.WorkspacePaths;
import io.mediaflow.internal.plan.SpecPlanner;
import io.mediaflow.internal.plan.SpecValidator;
import io.mediaflow.internal.storage.MediaStorages;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Compiles a {@link JobSpec} into a {@link ProcessingPlan}. Pure and fast: it does no I/O, so
 * probing happens before, and it can run anywhere (a dry run, a web request, a test).
 *
 * <p>It resolves every reference, finds cycles (naming them: {@code a → b → a}) and unused or
 * unreachable results, orders the graph (Kahn) into parallel stages, predicts the media at every
 * node, estimates the cost, and fuses the whole job into one FFmpeg invocation: one filter graph,
 * {@code split}/{@code asplit} where a stream fans out, stream copy where nothing touches a stream.
 *
 * <p>Files that parameters name ({@link io.mediaflow.api.operator.ParamType#PATH}, such as
 * drawtext's {@code fontFile}) are resolved with the {@link Workspace} the planner was made with,
 * under the rule of inputs and outputs ({@link Workspace#resolveFile}); the plan carries the real
 * paths that were checked.
 *
 * {@snippet :
 * Planner planner = new Planner(OperatorRegistry.load(getClass().getClassLoader()), workspace);
 * List<Violation> problems = planner.validate(spec);   // no media needed
 * ProcessingPlan plan = planner.plan(spec, probedMedia, workspace.resolve(spec));
 * }
 */
public final class Planner {

  private final OperatorRegistry registry;
  private final JobLimits limits;
  private final SpecPlanner planner;
  private final WorkspacePaths paths;
  private MediaStorages storages = MediaStorages.of();

  /** The last validation, so that validate-then-plan on the same spec validates once. */
  private volatile LastValidation last;

  private record LastValidation(JobSpec spec, SpecValidator.Result result) {}

  /**
   * A planner with {@link JobLimits#ofDefaults() the default job limits}, whose parameters may name
   * files only inside the working directory, as {@code Workspace.builder().build()} allows: the
   * safe choice for a host that gave no workspace.
   */
  public Planner(OperatorRegistry registry) {
    this(registry, Workspace.builder().build(), JobLimits.ofDefaults());
  }

  /**
   * A planner with the default job limits whose parameters may name files where {@code workspace}
   * allows: give it the workspace the job's inputs and outputs are resolved with.
   */
  public Planner(OperatorRegistry registry, Workspace workspace) {
    this(registry, workspace, JobLimits.ofDefaults());
  }

  /**
   * A planner that refuses specs larger than {@code limits}, with the working directory as root.
   */
  public Planner(OperatorRegistry registry, JobLimits limits) {
    this(registry, Workspace.builder().build(), limits);
  }

  /**
   * A planner that refuses specs larger than {@code limits} ({@code JOB_TOO_LARGE}) and whose
   * parameters may name files where {@code workspace} allows.
   *
   * @param registry the operators specs may use
   * @param workspace the roots files that parameters name must lie in
   * @param limits the most inputs, operations and outputs of one spec
   */
  public Planner(OperatorRegistry registry, Workspace workspace, JobLimits limits) {
    this.registry = Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(workspace, "workspace");
    this.limits = Objects.requireNonNull(limits, "limits");
    this.paths = workspace.paths();
    this.planner = new SpecPlanner(registry, paths, limits);
  }

  /**
   * Checks remote sources and destinations at submit too ({@code s3:} without the SDK, a scheme
   * nobody serves, a read-only scheme as a destination, a malformed bucket), set by the engine.
   */
  Planner storages(MediaStorages value) {
    this.storages = Objects.requireNonNull(value, "storages");
    return this;
  }

  /** The operators this planner knows. */
  public OperatorRegistry operators() {
    return registry;
  }

  /** The largest spec this planner accepts. */
  public JobLimits limits() {
    return limits;
  }

  /**
   * Every problem in the spec that can be found without its media, each with its JSON path; empty
   * when the spec is valid.
   */
  public List<Violation> validate(JobSpec spec) {
    Objects.requireNonNull(spec, "spec");
    return validated(spec).violations();
  }

  /**
   * What {@link MediaFlow#submit(JobSpec)} refuses: the problems {@link #validate} finds, and the
   * destinations the run would refuse: outside the workspace ({@code PATH_NOT_ALLOWED}), not a
   * regular file ({@code NOT_A_REGULAR_FILE}), or taken already by a file the output may not
   * replace ({@code DESTINATION_EXISTS}); such a job is refused at once rather than failing when it
   * runs.
   */
  List<Violation> validateForSubmit(JobSpec spec) {
    List<Violation> found = validate(spec);
    List<Violation> destinations = new ArrayList<>(paths.destinationProblems(spec));
    destinations.addAll(storages.problems(spec));
    if (destinations.isEmpty()) {
      return found;
    }
    List<Violation> all = new ArrayList<>(found);
    all.addAll(destinations);
    return all;
  }

  /**
   * Reads a spec in its JSON form ({@link JobSpecJson}) and validates it, reporting every problem
   * in one round: those of the document's shape (an unknown field, a value of the wrong type) and,
   * where the shape leaves the rest readable, those of its meaning (an unknown operator, an id that
   * does not exist). {@link JobSpecJson#parse} alone stops at the shape.
   *
   * {@snippet :
   * JobSpec spec = planner.parse(requestBody); // both kinds of problem at once
   * flow.submit(spec);
   * }
   *
   * @throws ValidationException listing every problem found without media, each with its JSON path
   */
  public JobSpec parse(String json) {
    return planner.parse(Objects.requireNonNull(json, "json"));
  }

  private SpecValidator.Result validated(JobSpec spec) {
    LastValidation seen = last;
    if (seen != null && seen.spec() == spec) {
      return seen.result(); // specs are immutable: the same instance gives the same answer
    }
    SpecValidator.Result result = planner.validate(spec);
    last = new LastValidation(spec, result);
    return result;
  }

  /**
   * Plans a job.
   *
   * @param spec the job
   * @param inputMedia the probed media of every input, by input id
   * @param locations where the files are, as {@link Workspace#resolve} checked them
   * @throws ValidationException listing every problem, including those only the media reveals (a
   *     scale over an input that has no video)
   */
  public ProcessingPlan plan(JobSpec spec, Map<String, MediaInfo> inputMedia, Locations locations) {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(inputMedia, "inputMedia");
    Objects.requireNonNull(locations, "locations");
    SpecValidator.Result result = validated(spec);
    ValidationException.throwIfAny(result.violations());
    return planner.plan(result.checked().orElseThrow(), inputMedia, locations);
  }

  /**
   * Plans a job whose paths are taken as written ({@code file:} stripped); for tests and dry runs
   * that do not touch files.
   */
  public ProcessingPlan plan(JobSpec spec, Map<String, MediaInfo> inputMedia) {
    Map<String, Path> inputs = new LinkedHashMap<>();
    spec.inputs().forEach(i -> inputs.put(i.id(), Path.of(strip(i.source()))));
    List<Path> outputs = spec.outputs().stream().map(o -> Path.of(strip(o.destination()))).toList();
    return plan(spec, inputMedia, new Locations(inputs, outputs));
  }

  private static String strip(String location) {
    return location.startsWith("file:") ? location.substring("file:".length()) : location;
  }
}
