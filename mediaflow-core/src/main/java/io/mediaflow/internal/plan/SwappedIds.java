package io.mediaflow.internal.plan;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.Violation;
import io.mediaflow.api.spec.JobSpec;
import io.mediaflow.api.spec.OperationSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Explains the violations of a spec whose operations read and write the wrong way round: {@code
 * scale} reading {@code small} and writing {@code main}, where {@code main} is an input. Such a
 * mix-up gives several violations that do not name it (the result's id is taken, the id it reads is
 * unknown, so is the output's, the input is never used); one violation at the operation says what
 * happened instead.
 *
 * <p>An operation is taken for swapped only when turning it round makes its own input and output
 * fit and the spec as a whole has fewer problems: operations that read one id and write an id
 * already in use are turned round one at a time (a chain written backwards needs several), each
 * kept if its own references are then clean and the problems do not grow. The rest of the
 * violations are those of the spec turned round, which are what is left to fix after the swap.
 */
final class SwappedIds {

  /** Validations tried at most, so a spec full of taken ids costs a bounded amount of work. */
  private static final int MAX_TRIES = 16;

  private SwappedIds() {}

  /**
   * The violations to report for {@code spec}: {@code found} itself, or one {@code SWAPPED_IDS} per
   * operation that looks turned round followed by the violations left once they are turned.
   *
   * @param validate the violations of a spec
   */
  static List<Violation> explain(
      JobSpec spec, List<Violation> found, Function<JobSpec, List<Violation>> validate) {
    if (found.stream().noneMatch(v -> v.code() == ErrorCode.DUPLICATE_ID)) {
      return found; // no id is taken twice: nothing reads like a swap
    }
    JobSpec current = spec;
    List<Violation> left = found;
    Set<Integer> swapped = new TreeSet<>();
    int tries = 0;
    boolean progress = true;
    while (progress && tries < MAX_TRIES) {
      progress = false;
      for (int i : candidates(current, swapped)) {
        if (++tries > MAX_TRIES) {
          break;
        }
        JobSpec trial = turned(current, i);
        List<Violation> after = validate.apply(trial);
        if (after.size() <= left.size() && clean(after, i)) {
          current = trial;
          left = after;
          swapped.add(i);
          progress = true;
          break; // the candidates change with each turn
        }
      }
    }
    if (swapped.isEmpty() || left.size() + swapped.size() >= found.size()) {
      return found;
    }
    List<Violation> explained = new ArrayList<>(swapped.size() + left.size());
    for (int i : swapped) {
      explained.add(violation(spec, i));
    }
    explained.addAll(left);
    return explained;
  }

  /** Operations reading one id and writing an id another input or operation also has. */
  private static List<Integer> candidates(JobSpec spec, Set<Integer> swapped) {
    Set<String> seen = new HashSet<>();
    Set<String> taken = new HashSet<>();
    spec.inputs().forEach(in -> seen.add(in.id()));
    for (OperationSpec op : spec.operations()) {
      if (!seen.add(op.output())) {
        taken.add(op.output());
      }
    }
    List<Integer> found = new ArrayList<>();
    for (int i = 0; i < spec.operations().size(); i++) {
      OperationSpec op = spec.operations().get(i);
      if (!swapped.contains(i)
          && op.inputs().size() == 1
          && !op.inputs().get(0).equals(op.output())
          && taken.contains(op.output())) {
        found.add(i);
      }
    }
    return found;
  }

  private static JobSpec turned(JobSpec spec, int i) {
    List<OperationSpec> ops = new ArrayList<>(spec.operations());
    OperationSpec op = ops.get(i);
    ops.set(i, new OperationSpec(op.op(), List.of(op.output()), op.inputs().get(0), op.params()));
    return new JobSpec(spec.version(), spec.inputs(), ops, spec.outputs());
  }

  /**
   * Whether the ids operation {@code i} reads and writes are sound: none unknown or taken. (That
   * its result is not used yet is fine: in a chain written backwards, the next turn uses it.)
   */
  private static boolean clean(List<Violation> violations, int i) {
    String input = "operations[" + i + "].input";
    String output = "operations[" + i + "].output";
    return violations.stream()
        .filter(v -> v.code() != ErrorCode.UNUSED_RESULT)
        .map(Violation::path)
        .noneMatch(p -> p.equals(output) || p.equals(input) || p.startsWith(input + "["));
  }

  private static Violation violation(JobSpec spec, int i) {
    OperationSpec op = spec.operations().get(i);
    String read = op.inputs().get(0);
    String written = op.output();
    List<String> why = new ArrayList<>(2);
    owner(spec, written, i).ifPresent(o -> why.add("'" + written + "' is already " + o));
    if (!isId(spec, read)) {
      why.add("'" + read + "' is neither an input nor an operation result");
    }
    String reasons =
        why.isEmpty()
            ? "; turned round, its ids fit the job"
            : ", but " + String.join(" and ", why);
    return new Violation(
        "operations[" + i + "]",
        ErrorCode.SWAPPED_IDS,
        "input and output look swapped: operation '"
            + op.op()
            + "' reads '"
            + read
            + "' and writes '"
            + written
            + "'"
            + reasons,
        "turn them round: \"input\": \""
            + written
            + "\", \"output\": \""
            + read
            + "\" (in Java .operation(\""
            + op.op()
            + "\").from(\""
            + written
            + "\").to(\""
            + read
            + "\"))");
  }

  private static boolean isId(JobSpec spec, String id) {
    return spec.inputs().stream().anyMatch(in -> in.id().equals(id))
        || spec.operations().stream().anyMatch(op -> op.output().equals(id));
  }

  /** Where else {@code id} is given, for the message: {@code inputs[0].id}. */
  private static Optional<String> owner(JobSpec spec, String id, int self) {
    for (int k = 0; k < spec.inputs().size(); k++) {
      if (spec.inputs().get(k).id().equals(id)) {
        return Optional.of("the id of inputs[" + k + "]");
      }
    }
    for (int k = 0; k < spec.operations().size(); k++) {
      if (k != self && spec.operations().get(k).output().equals(id)) {
        return Optional.of("the result of operations[" + k + "]");
      }
    }
    return Optional.empty();
  }
}
