package io.mediaflow.ffmpeg;

import io.mediaflow.api.backend.MediaBackend;
import io.mediaflow.api.backend.Progress;
import io.mediaflow.api.media.MediaInfo;
import io.mediaflow.api.plan.ProcessingPlan;
import io.mediaflow.api.spec.JobSpec;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The real planner and runner of {@code mediaflow-core}, reached by reflection.
 *
 * <p>Why: tests are compiled inside the patched module {@code io.mediaflow.ffmpeg}, whose own
 * folders hold a package {@code io.mediaflow} (empty, the parent of {@code io.mediaflow.ffmpeg}),
 * so javac never looks for {@code io.mediaflow.Planner} on the class path where the core jar is. At
 * run time tests use the class path, where these classes are found as usual.
 */
public final class Engine {

  private final Object planner;
  private final MediaBackend backend;

  public Engine(MediaBackend backend) {
    this.backend = backend;
    try {
      ClassLoader loader = Engine.class.getClassLoader();
      Class<?> registryType = Class.forName("io.mediaflow.OperatorRegistry", true, loader);
      Object registry = registryType.getMethod("load", ClassLoader.class).invoke(null, loader);
      this.planner =
          Class.forName("io.mediaflow.Planner", true, loader)
              .getConstructor(registryType)
              .newInstance(registry);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("mediaflow-core is not on the test class path", e);
    }
  }

  /** {@code Planner.plan(spec, media)}. */
  public ProcessingPlan plan(JobSpec spec, Map<String, MediaInfo> media) {
    return (ProcessingPlan)
        call(planner, "plan", new Class<?>[] {JobSpec.class, Map.class}, spec, media);
  }

  /** {@code new LocalJobRunner(backend).run(plan, true, p -> {})}. */
  public void run(ProcessingPlan plan) {
    run(plan, () -> false);
  }

  /**
   * {@code new LocalJobRunner(backend, cancelled).run(plan, true, p -> {})}: the command line's
   * path, whose Ctrl-C turns {@code cancelled} true.
   */
  public void run(ProcessingPlan plan, BooleanSupplier cancelled) {
    Object runner;
    try {
      runner =
          Class.forName(
                  "io.mediaflow.internal.media.LocalJobRunner", true, Engine.class.getClassLoader())
              .getConstructor(MediaBackend.class, BooleanSupplier.class)
              .newInstance(backend, cancelled);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("mediaflow-core is not on the test class path", e);
    }
    Consumer<Progress> ignore = p -> {};
    call(
        runner,
        "run",
        new Class<?>[] {ProcessingPlan.class, boolean.class, Consumer.class},
        plan,
        true,
        ignore);
  }

  /** {@code ParallelProber.probeAll(backend, files, concurrency)}, core's parallel probing. */
  @SuppressWarnings("unchecked")
  public static <K> Map<K, MediaInfo> probeAll(
      MediaBackend backend, Map<K, Path> files, int concurrency) {
    try {
      return (Map<K, MediaInfo>)
          Class.forName(
                  "io.mediaflow.internal.media.ParallelProber", true, Engine.class.getClassLoader())
              .getMethod("probeAll", MediaBackend.class, Map.class, int.class)
              .invoke(null, backend, files, concurrency);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("mediaflow-core is not on the test class path", e);
    }
  }

  private static Object call(Object target, String name, Class<?>[] types, Object... args) {
    try {
      return target.getClass().getMethod(name, types).invoke(target, args);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("mediaflow-core has no " + name + " as expected", e);
    }
  }
}
