package io.mediaflow.jdbc;

import io.mediaflow.api.event.EventBus;
import java.lang.reflect.InvocationTargetException;
import java.util.concurrent.ThreadFactory;

/**
 * mediaflow-core's {@code InProcessEventBus}, the local bus a host hands to a {@link
 * PostgresEventBus}, made by name. This module's tests compile inside the module {@code
 * io.mediaflow.jdbc}, and javac takes the source folder {@code io/mediaflow} for an (empty) package
 * of that module, which hides core's package {@code io.mediaflow} on the class path; the tests run
 * on the class path, where the class is found.
 */
final class CoreEventBus {

  private CoreEventBus() {}

  static EventBus ofDefaults() {
    return build(builder());
  }

  static EventBus withQueueCapacity(int capacity) {
    Object b = builder();
    call(b, "queueCapacity", int.class, capacity);
    return build(b);
  }

  static EventBus withThreads(ThreadFactory threads) {
    Object b = builder();
    call(b, "threadFactory", ThreadFactory.class, threads);
    return build(b);
  }

  private static Object builder() {
    try {
      return Class.forName("io.mediaflow.InProcessEventBus").getMethod("builder").invoke(null);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("mediaflow-core is not on the test class path", e);
    }
  }

  private static EventBus build(Object builder) {
    return (EventBus) call(builder, "build", null, null);
  }

  private static Object call(Object target, String method, Class<?> type, Object arg) {
    try {
      return type == null
          ? target.getClass().getMethod(method).invoke(target)
          : target.getClass().getMethod(method, type).invoke(target, arg);
    } catch (InvocationTargetException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }
}
