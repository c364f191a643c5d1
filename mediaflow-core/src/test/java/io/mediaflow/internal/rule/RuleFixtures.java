package io.mediaflow.internal.rule;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediaflow.api.Violation;
import io.mediaflow.api.condition.Condition;
import io.mediaflow.api.rule.CronSyntax;
import io.mediaflow.internal.WorkspacePaths;
import io.mediaflow.internal.condition.ConditionCompiler;
import io.mediaflow.internal.condition.ConditionReader;
import io.mediaflow.internal.condition.ConditionTypes;
import io.mediaflow.internal.spec.JobSpecReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What rule tests validate with: the real condition reader, a few actions, a fake cron check and a
 * workspace under /srv/media.
 */
final class RuleFixtures {

  /** The actions the tests know, including the short names of the specification's examples. */
  static final Set<String> ACTIONS =
      Set.of(
          "media.convert",
          "media.move",
          "media.extract_audio",
          "download.channel",
          "notify.webhook",
          "download",
          "tag",
          "notify",
          "convert",
          "move");

  private RuleFixtures() {}

  /**
   * The checks of an engine knowing {@link #ACTIONS}, with a stand-in for the cron parser: a Unix
   * expression has five fields, Quartz and Spring ones six or seven.
   */
  static RuleChecks checks() {
    ConditionCompiler compiler = new ConditionCompiler(ConditionTypes.none());
    return new RuleChecks(
        ACTIONS::contains,
        json -> {
          List<Violation> out = new ArrayList<>();
          JobSpecReader.Tree tree = JobSpecReader.tree(json);
          if (tree.root().isEmpty()) {
            return tree.problems();
          }
          Condition c = new ConditionReader(out).read(tree.root().get(), "");
          if (out.isEmpty() && c != null) {
            out.addAll(compiler.check(c, ""));
          }
          return out;
        },
        json -> {
          List<Violation> out = new ArrayList<>();
          JsonNode root = JobSpecReader.tree(json).root().orElseThrow();
          return new ConditionReader(out).read(root, "");
        },
        RuleFixtures::fakeCronProblem,
        RuleFixtures::folderProblems);
  }

  /** The workspace the tests' watched folders must be in: {@value #WORKSPACE} and below. */
  static final String WORKSPACE = "/srv/media";

  private static final WorkspacePaths PATHS = WorkspacePaths.of(Path.of(WORKSPACE), List.of());

  /** The engine's check of a watched folder, on a workspace of {@link #WORKSPACE}. */
  static List<Violation> folderProblems(String folder, String jsonPath) {
    return PATHS.folderProblems(folder, jsonPath);
  }

  static Optional<String> fakeCronProblem(String expression, CronSyntax syntax) {
    int fields = expression.trim().split("\\s+").length;
    boolean ok = syntax == CronSyntax.UNIX ? fields == 5 : fields == 6 || fields == 7;
    return ok
        ? Optional.empty()
        : Optional.of(
            "expected "
                + (syntax == CronSyntax.UNIX ? "5" : "6 or 7")
                + " fields but found "
                + fields);
  }

  static RuleJson json() {
    return new RuleJson(checks());
  }

  /** Single quotes as double quotes, so tests can write JSON in Java strings. */
  static String q(String singleQuoted) {
    return singleQuoted.replace('\'', '"');
  }
}
