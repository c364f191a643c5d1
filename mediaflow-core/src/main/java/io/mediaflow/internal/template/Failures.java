package io.mediaflow.internal.template;

import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.workflow.TemplateErrors;

/** The typed errors a render raises, with messages that name the place and the expression. */
final class Failures {

  /** What an unresolved reference's suggestion says. */
  static final String REFER =
      "refer to trigger.<field>, nodes.<id>.output.<name>, vars.<name>, run.id, run.startedAt,"
          + " workflow.id, or item / loop.<as> inside a loop, and check that the node ran before"
          + " this one; or give a default: {{x | default('none')}}";

  private Failures() {}

  static MediaFlowException unresolved(String where, String expr, String why) {
    return new MediaFlowException(
        TemplateErrors.TEMPLATE_UNRESOLVED,
        where + ": " + expr + " cannot be resolved: " + why,
        REFER);
  }

  static MediaFlowException value(String where, String expr, String why, String suggestion) {
    return new MediaFlowException(
        TemplateErrors.TEMPLATE_VALUE, where + ": " + expr + ": " + why, suggestion);
  }

  static MediaFlowException limit(String where, String why, String suggestion) {
    return new MediaFlowException(TemplateErrors.TEMPLATE_LIMIT, where + ": " + why, suggestion);
  }

  /** A template cut for a message: its start, never a whole 64 KiB body. */
  static String quote(String template) {
    String cut = template.length() > 80 ? template.substring(0, 77) + "..." : template;
    StringBuilder b = new StringBuilder(cut.length() + 2).append('"');
    for (int i = 0; i < cut.length(); i++) {
      char c = cut.charAt(i);
      if (Character.isISOControl(c)) {
        b.append(String.format("\\u%04X", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append('"').toString();
  }
}
