package io.mediaflow.api.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A workflow definition as {@link WorkflowStore} keeps it.
 *
 * @param id the workflow's id, chosen by the host
 * @param revision 1 for the first save, one more with each update
 * @param name for people
 * @param definition the definition as JSON text, as the workflow reader reads it
 * @param createdAt when revision 1 was saved
 * @param updatedAt when this revision was saved
 */
public record StoredWorkflow(
    String id, int revision, String name, String definition, Instant createdAt, Instant updatedAt) {

  public StoredWorkflow {
    Objects.requireNonNull(id, "id");
    name = name == null ? "" : name;
    Objects.requireNonNull(definition, "definition");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    if (revision < 1) {
      throw new IllegalArgumentException("revision must be 1 or more but was " + revision);
    }
  }
}
