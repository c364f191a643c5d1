package io.mediaflow.samples.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The module boundaries of DESIGN.md §1, checked on the compiled main classes of every library
 * module. The rules live in samples because samples is the one module that has all of them on its
 * class path (core, ffmpeg and jdbc-store at compile scope, api through them, testkit for tests).
 *
 * <p>Modules are told apart by package, as DESIGN.md names them: {@code io.mediaflow}, {@code
 * io.mediaflow.http} (the HTTP host) and {@code io.mediaflow.internal..} are core, {@code
 * io.mediaflow.api..} is api, {@code io.mediaflow.ffmpeg..}, {@code io.mediaflow.jdbc..}, {@code
 * io.mediaflow.testkit..} and {@code io.mediaflow.samples..} are the modules of the same names. The
 * samples' own tests are checked too, for internal packages only ({@link
 * #samples_tests_use_no_internals_of_another_module}).
 */
@AnalyzeClasses(packages = "io.mediaflow", importOptions = ImportOption.DoNotIncludeTests.class)
class ModuleBoundariesTest {

  private static final String CORE = "io.mediaflow";
  private static final String CORE_HTTP = "io.mediaflow.http..";
  private static final String CORE_INTERNAL = "io.mediaflow.internal..";
  private static final String API = "io.mediaflow.api..";
  private static final String FFMPEG = "io.mediaflow.ffmpeg..";
  private static final String FFMPEG_INTERNAL = "io.mediaflow.ffmpeg.internal..";
  private static final String JDBC = "io.mediaflow.jdbc..";
  private static final String TESTKIT = "io.mediaflow.testkit..";
  private static final String SAMPLES = "io.mediaflow.samples..";

  /**
   * No cycle between packages, in any module, with no exceptions. Two modules cannot form a cycle
   * (Maven forbids it), so one rule over all packages finds every cycle inside any module.
   *
   * <p>Every package under {@code io} is a slice ({@code io.(**)} captures {@code mediaflow},
   * core's root package, as well as {@code mediaflow.internal.engine}), except core's root package,
   * which holds two kinds of public type and is cut in two by what its types depend on (see {@link
   * CoreRootSplit}): the <em>facade</em> ({@code MediaFlow}, {@code LocalRun}, {@code Planner}, …),
   * which builds and drives the internals, and the <em>values</em> ({@code JobLimits}, {@code
   * Metrics}, {@code OperatorRegistry}, {@code InMemoryStorage}, …), which reach no internal
   * package, not even through another root type. The internals may use the values, never the facade
   * ({@link #core_internals_use_no_root_type_that_reaches_the_internals}). So no type is named
   * here: a root type an internal class starts to use either reaches no internal package, or it
   * breaks that rule and its place in a cycle is reported.
   */
  @ArchTest
  static final ArchRule no_package_cycles_in_any_module =
      slices().assignedFrom(new CoreRootSplit()).should().beFreeOfCycles();

  /**
   * The other half of the cycle rule: an internal class of core uses a type of core's root package
   * only when that type reaches no internal package (directly or through other root types). The
   * cure for a failure is to move what the internal code needs behind {@code internal} and let the
   * public type delegate, or to let the facade pass the thing in.
   */
  @ArchTest
  static final ArchRule core_internals_use_no_root_type_that_reaches_the_internals =
      noClasses()
          .that()
          .resideInAPackage(CORE_INTERNAL)
          .should()
          .dependOnClassesThat(
              DescribedPredicate.describe(
                  "are in core's root package and reach core's internals",
                  ModuleBoundariesTest::isCoreFacade));

  /**
   * Slices by package, with core's root package cut into its facade (types that reach an internal
   * package, directly or through other root types) and its values (all the others).
   */
  static final class CoreRootSplit implements SliceAssignment {

    @Override
    public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
      String pkg = javaClass.getPackageName();
      if (!pkg.startsWith("io.")) {
        return SliceIdentifier.ignore();
      }
      if (pkg.equals(CORE)) {
        return SliceIdentifier.of(
            isCoreFacade(javaClass) ? "io.mediaflow (facade)" : "io.mediaflow (values)");
      }
      return SliceIdentifier.of(pkg);
    }

    @Override
    public String getDescription() {
      return "packages under io, core's root package cut into facade and values";
    }
  }

  /**
   * Whether {@code type} is in core's root package and reaches core's internals, directly or
   * through other types of the root package.
   */
  private static boolean isCoreFacade(JavaClass type) {
    JavaClass start = type.getBaseComponentType();
    if (!start.getPackageName().equals(CORE)) {
      return false;
    }
    Set<JavaClass> seen = new HashSet<>(List.of(start));
    Deque<JavaClass> todo = new ArrayDeque<>(seen);
    while (!todo.isEmpty()) {
      for (Dependency dependency : todo.removeFirst().getDirectDependenciesFromSelf()) {
        JavaClass target = dependency.getTargetClass().getBaseComponentType();
        String pkg = target.getPackageName();
        if (pkg.startsWith(CORE + ".internal.") || pkg.equals(CORE + ".internal")) {
          return true;
        }
        if (pkg.equals(CORE) && seen.add(target)) {
          todo.addLast(target);
        }
      }
    }
    return false;
  }

  @ArchTest
  static final ArchRule core_internals_are_used_only_inside_core =
      classes()
          .that()
          .resideInAPackage(CORE_INTERNAL)
          .should()
          .onlyBeAccessed()
          .byClassesThat()
          .resideInAnyPackage(CORE, CORE_HTTP, CORE_INTERNAL);

  @ArchTest
  static final ArchRule ffmpeg_internals_are_used_only_inside_the_ffmpeg_module =
      classes()
          .that()
          .resideInAPackage(FFMPEG_INTERNAL)
          .should()
          .onlyBeAccessed()
          .byClassesThat()
          .resideInAPackage(FFMPEG);

  /** The same for any {@code internal} package a module adds later (jdbc, testkit, …). */
  @ArchTest
  static final ArchRule no_module_depends_on_another_modules_internals =
      classes().should(dependOnInternalsOfTheirOwnModuleOnly());

  /**
   * The samples' tests too use only the public API of the library modules: they are what a host
   * writes. (The library modules' own tests may reach into their module's internals.)
   */
  @ArchTest
  static void samples_tests_use_no_internals_of_another_module(JavaClasses mainClasses) {
    JavaClasses samplesTests =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS)
            .importPackages("io.mediaflow.samples");
    classes()
        .should(dependOnInternalsOfTheirOwnModuleOnly())
        .as("samples' tests should depend on internal packages of no library module")
        .check(samplesTests);
  }

  @ArchTest
  static final ArchRule api_depends_on_the_jdk_and_slf4j_only =
      classes()
          .that()
          .resideInAPackage(API)
          .should()
          .onlyDependOnClassesThat()
          // "" is the package of primitive types and arrays of them
          .resideInAnyPackage(API, "java..", "org.slf4j..", "");

  /**
   * DESIGN.md §1: everything builds on api; core finds the adapters through ServiceLoader and never
   * imports one; the adapters and the testkit never import core nor each other; only samples (the
   * CLI) sees them all.
   */
  @ArchTest
  static final ArchRule modules_depend_in_the_direction_of_the_design =
      layeredArchitecture()
          .consideringOnlyDependenciesInLayers()
          .layer("api")
          .definedBy(API)
          .layer("core")
          .definedBy(CORE, CORE_HTTP, CORE_INTERNAL)
          .layer("ffmpeg")
          .definedBy(FFMPEG)
          .layer("jdbc-store")
          .definedBy(JDBC)
          .layer("testkit")
          .definedBy(TESTKIT)
          .layer("samples")
          .definedBy(SAMPLES)
          .whereLayer("samples")
          .mayNotBeAccessedByAnyLayer()
          .whereLayer("testkit")
          .mayNotBeAccessedByAnyLayer()
          .whereLayer("core")
          .mayOnlyBeAccessedByLayers("samples")
          .whereLayer("ffmpeg")
          .mayOnlyBeAccessedByLayers("samples")
          .whereLayer("jdbc-store")
          .mayOnlyBeAccessedByLayers("samples");

  private static ArchCondition<JavaClass> dependOnInternalsOfTheirOwnModuleOnly() {
    return new ArchCondition<>("depend on internal packages of their own module only") {
      @Override
      public void check(JavaClass origin, ConditionEvents events) {
        String from = moduleOf(origin.getPackageName());
        for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
          String target = dependency.getTargetClass().getPackageName();
          if (isInternal(target) && !moduleOf(target).equals(from)) {
            events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
          }
        }
      }
    };
  }

  private static boolean isInternal(String packageName) {
    return packageName.startsWith("io.mediaflow.")
        && (packageName.contains(".internal.") || packageName.endsWith(".internal"));
  }

  /** The module a package belongs to: core's root package, else the segment after io.mediaflow. */
  private static String moduleOf(String packageName) {
    if (packageName.equals(CORE) || !packageName.startsWith(CORE + ".")) {
      return packageName.equals(CORE) ? "core" : "outside";
    }
    String segment = packageName.substring(CORE.length() + 1).split("\\.", 2)[0];
    return segment.equals("internal") || segment.equals("http") ? "core" : segment;
  }
}
