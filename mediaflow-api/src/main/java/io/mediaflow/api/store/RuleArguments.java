package io.mediaflow.api.store;

import io.mediaflow.api.ErrorCode;
import java.util.Objects;

/**
 * The argument rules of {@link RuleStore} and the errors that break them, for storage adapters:
 * every adapter checks its arguments with these, so all word their errors the same (the testkit's
 * {@code RuleStoreContract} holds them to the code, the argument named and a suggestion). A
 * definition may not hold a NUL character, which PostgreSQL's text cannot store.
 */
public final class RuleArguments {

  private RuleArguments() {}

  /** Checks a rule id: 1 to {@link RuleStore#MAX_ID_LENGTH} of {@code A-Za-z0-9._:-}. */
  public static void checkId(String id) {
    Objects.requireNonNull(id, "id");
    // a rule id follows a workflow id's rules (the same maximum length, 128)
    if (!WorkflowArguments.validId(id)) {
      throw new StorageException(
          ErrorCode.INVALID_VALUE,
          "rule id '"
              + WorkflowArguments.shown(id)
              + "' is not valid: an id is 1 to "
              + RuleStore.MAX_ID_LENGTH
              + " characters of A-Z a-z 0-9 . _ : -, starting with a letter or digit"
              + (id.length() > RuleStore.MAX_ID_LENGTH ? " (it has " + id.length() + ")" : ""),
          "choose an id such as 'nightly-transcode'");
    }
  }

  /** Checks the arguments of {@link RuleStore#save}. */
  public static void checkSave(String id, String definition, int expectedRevision, Object now) {
    checkId(id);
    Objects.requireNonNull(definition, "definition");
    Objects.requireNonNull(now, "now");
    if (definition.indexOf('\0') >= 0) {
      throw new StorageException(
          ErrorCode.INVALID_VALUE,
          "the definition of rule '"
              + id
              + "' holds a NUL character at index "
              + definition.indexOf('\0'),
          "remove the NUL character (JSON text escapes it as \\u0000)");
    }
    WorkflowArguments.checkRevision("rule", id, expectedRevision);
  }

  /** Checks a page of {@link RuleStore#list}. */
  public static void checkPage(int page, int size) {
    WorkflowArguments.checkPage(page, size, RuleStore.MAX_PAGE_SIZE, "rules");
  }

  /**
   * The last error as kept: NUL characters replaced by U+FFFD, cut to {@link
   * RuleStore#MAX_ERROR_LENGTH} between whole characters.
   */
  public static String cutError(String text) {
    String error = text.replace('\0', '\uFFFD'); // PostgreSQL's text cannot hold a NUL
    if (error.length() <= RuleStore.MAX_ERROR_LENGTH) {
      return error;
    }
    int end = RuleStore.MAX_ERROR_LENGTH;
    if (Character.isHighSurrogate(error.charAt(end - 1))) {
      end--; // never half of a surrogate pair, which no database would take
    }
    return error.substring(0, end);
  }

  /** {@code RULE_CONFLICT}: a save over {@code expected} found {@code actual} (0: none). */
  public static StorageException conflict(String id, int expected, int actual) {
    if (actual == 0) {
      return new StorageException(
          StorageException.RULE_CONFLICT,
          "rule '"
              + id
              + "' does not exist, so expected revision "
              + expected
              + " cannot be updated: it was removed, or never created",
          "save it with expected revision 0 to create it");
    }
    if (expected == 0) {
      return new StorageException(
          StorageException.RULE_CONFLICT,
          "rule '"
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
        StorageException.RULE_CONFLICT,
        "rule '"
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
