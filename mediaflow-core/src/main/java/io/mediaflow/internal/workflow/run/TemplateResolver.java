package io.mediaflow.internal.workflow.run;

import io.mediaflow.api.MediaFlowException;
import io.mediaflow.internal.template.Templates;
import java.util.Map;

/**
 * Resolves the templates ({@code {{...}}} and {@code ${...}}) of node parameters and expressions
 * against what the run knows: {@code trigger.x} (the run's input), {@code
 * nodes.<id>.output.<name>}, {@code vars.x}, {@code run.id}, {@code run.startedAt}, {@code
 * workflow.id}, and in a loop body {@code item} / {@code item.x} / {@code loop.<as>} / {@code
 * loop.index}; a bare name is a variable or a trigger field. The runner depends on this interface
 * only.
 */
public interface TemplateResolver {

  /**
   * Resolves every reference in {@code value}: a string that is one reference alone keeps the
   * referenced value's type (a number stays a number, a list a list); references inside a longer
   * string are written as text; maps and lists are resolved member by member.
   *
   * @param scope the roots: {@code trigger}, {@code nodes}, {@code vars}, {@code item}, {@code
   *     loop}
   * @param where the place, for the message
   * @throws MediaFlowException {@link RunErrors#TEMPLATE_UNRESOLVED} for a reference to nothing, or
   *     another {@code TEMPLATE_*} code ({@link io.mediaflow.api.workflow.TemplateErrors})
   */
  Object resolve(Object value, Map<String, Object> scope, String where);

  /**
   * Resolves {@code value} that fills a file parameter: values placed among text are sanitised as
   * path segments; the result still goes through the workspace's path rule.
   */
  default Object resolvePath(Object value, Map<String, Object> scope, String where) {
    return resolve(value, scope, where);
  }

  /** The template language of {@link Templates}, with its shared cache of compiled templates. */
  static TemplateResolver standard() {
    return Standard.INSTANCE;
  }

  /** The resolver over {@link Templates#standard()}. */
  final class Standard implements TemplateResolver {
    static final Standard INSTANCE = new Standard();

    private Standard() {}

    @Override
    public Object resolve(Object value, Map<String, Object> scope, String where) {
      return Templates.standard().resolve(value, scope, where, false);
    }

    @Override
    public Object resolvePath(Object value, Map<String, Object> scope, String where) {
      return Templates.standard().resolve(value, scope, where, true);
    }
  }
}
