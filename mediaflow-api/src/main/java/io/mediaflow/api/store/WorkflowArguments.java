package io.mediaflow.api.store;

import io.mediaflow.api.ErrorCode;
import java.util.Objects;

/**
 * The argument rules of {@link WorkflowStore} and the errors that break them, for storage adapters:
 * every adapter checks its arguments with these, so all word their errors the same (the testkit's
 * {@code WorkflowStoreContract} holds them to it).
 */
public final class WorkflowArguments {

  private WorkflowArguments() {}

  /** Checks a workflow id: 1 to {@link WorkflowStore#MAX_ID_LENGTH} of {@code A-Za-z0-9._:-}. */
  public static void checkId(String id) {
    Objects.requireNonNull(id, "id");
    if (!validId(id)) {
      throw new StorageException(
          ErrorCode.INVALID_VALUE,
          "workflow id '"
              + shown(id)
              + "' is not valid: an id is 1 to "
              + WorkflowStore.MAX_ID_LENGTH
              + " characters of A-Z a-z 0-9 . _ : -, starting with a letter or digit"
              + (id.length() > WorkflowStore.MAX_ID_LENGTH ? " (it has " + id.length() + ")" : ""),
          "choose an id such as 'archive-movies'");
    }
  }

  /** Whether {@code id} is 1 to 128 of {@code A-Za-z0-9._:-} from a letter or digit (rules too). */
  static boolean validId(String id) {
    int n = id.length();
    if (n == 0 || n > WorkflowStore.MAX_ID_LENGTH || !letterOrDigit(id.charAt(0))) {
      return false;
    }
    for (int i = 1; i < n; i++) {
      char c = id.charAt(i);
      if (!letterOrDigit(c) && c != '.' && c != '_' && c != ':' && c != '-') {
        return false;
      }
    }
    return true;
  }

  private static boolean letterOrDigit(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  /** Checks the arguments of {@link WorkflowStore#save}. */
  public static void checkSave(
      String id, String name, String definition, int expectedRevision, Object now) {
    checkId(id);
    Objects.requireNonNull(definition, "definition");
    Objects.requireNonNull(now, "now");
    if (definition.isBlank()) {
      throw new StorageException(
          ErrorCode.INVALID_VALUE,
          "the definition of workflow '" + id + "' is empty",
          "save the workflow's JSON definition");
    }
    checkNoNul("the definition of workflow '" + id + "'", definition);
    if (name != null) {
      checkNoNul("the name of workflow '" + id + "'", name);
    }
    checkRevision("workflow", id, expectedRevision);
  }

  /** Checks a page of {@link WorkflowStore#list}. */
  public static void checkPage(int page, int size) {
    checkPage(page, size, WorkflowStore.MAX_PAGE_SIZE, "workflows");
  }

  /** A page from 0 of 1 to {@code max} {@code things}; the wording every store shares. */
  static void checkPage(int page, int size, int max, String things) {
    if (page < 0) {
      throw new StorageException(
          ErrorCode.OUT_OF_RANGE,
          "page must be 0 or more but was " + page,
          "pages are numbered from 0");
    }
    if (size < 1 || size > max) {
      throw new StorageException(
          ErrorCode.OUT_OF_RANGE,
          "size must be between 1 and " + max + " but was " + size,
          "ask for at most " + max + " " + things + " per page");
    }
  }

  /** An expected revision of a {@code kind} ("workflow", "rule"): 0 (a new one) or more. */
  static void checkRevision(String kind, String id, int expectedRevision) {
    if (expectedRevision < 0) {
      throw new StorageException(
          ErrorCode.OUT_OF_RANGE,
          "the expected revision of "
              + kind
              + " '"
              + id
              + "' must be 0 (a new "
              + kind
              + ") or more but was "
              + expectedRevision,
          "pass 0 to create the " + kind + ", or the revision you read to update it");
    }
  }

  /** Checks the arguments of {@link WorkflowStore#addWaiter} and {@code removeWaiter}. */
  public static void checkWaiter(String key, String name, String jobId) {
    checkWaiter(key, name);
    Objects.requireNonNull(jobId, "jobId");
  }

  /** Checks the arguments of {@link WorkflowStore#waiters}. */
  public static void checkWaiter(String key, String name) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(name, "name");
    if (key.isEmpty() || key.length() > WorkflowStore.MAX_KEY_LENGTH) {
      throw new StorageException(
          ErrorCode.INVALID_VALUE,
          "a correlation key is 1 to "
              + WorkflowStore.MAX_KEY_LENGTH
              + " characters but this one has "
              + key.length(),
          key.isEmpty()
              ? "give the delay node a key that is not empty, or no key"
              : "use a shorter key, such as a hash of the text");
    }
    checkNoNul("correlation key '" + shown(key) + "'", key);
    if (name.isBlank() || name.length() > WorkflowStore.MAX_NAME_LENGTH) {
      throw new StorageException(
          ErrorCode.INVALID_VALUE,
          "a signal name is 1 to "
              + WorkflowStore.MAX_NAME_LENGTH
              + " characters, not blank, but '"
              + shown(name)
              + "' has "
              + name.length(),
          "name the signal the run waits for, such as 'approved'");
    }
    checkNoNul("signal name '" + shown(name) + "'", name);
  }

  /** No database keeps U+0000 in text (PostgreSQL refuses it), so no store takes it. */
  private static void checkNoNul(String what, String text) {
    int at = text.indexOf('\0');
    if (at >= 0) {
      throw new StorageException(
          ErrorCode.INVALID_VALUE,
          what + " holds a U+0000 character at index " + at,
          "remove the character (JSON text writes it as \\u0000)");
    }
  }

  /** The first 40 characters of a text that goes into a message. */
  public static String shown(String text) {
    return text.length() <= 40 ? text : text.substring(0, 40) + "…";
  }

  /** {@code WORKFLOW_CONFLICT}: a save over {@code expected} found {@code actual} (0: none). */
  public static StorageException conflict(String id, int expected, int actual) {
    if (actual == 0) {
      return new StorageException(
          StorageException.WORKFLOW_CONFLICT,
          "workflow '"
              + id
              + "' does not exist, so expected revision "
              + expected
              + " cannot be updated: it was removed, or never created",
          "save it with expected revision 0 to create it");
    }
    if (expected == 0) {
      return new StorageException(
          StorageException.WORKFLOW_CONFLICT,
          "workflow '"
              + id
              + "' already exists at revision "
              + actual
              + ", so it cannot be created (expected revision 0)",
          "read it with find(\""
              + id
              + "\") and save with expected revision "
              + actual
              + " to update it, or choose another id");
    }
    return new StorageException(
        StorageException.WORKFLOW_CONFLICT,
        "workflow '"
            + id
            + "' is at revision "
            + actual
            + ", not the expected revision "
            + expected
            + ": another save came first",
        "read it again with find(\""
            + id
            + "\"), apply the change to revision "
            + actual
            + " and save with expected revision "
            + actual);
  }
}
