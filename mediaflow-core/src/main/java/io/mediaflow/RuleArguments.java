package io.mediaflow;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.store.RuleStore;
import io.mediaflow.api.store.StorageException;
import java.util.Objects;

/**
 * The argument rules of {@link RuleStore} and the errors that break them, worded as {@code
 * WorkflowArguments} words those of the workflow store (the testkit's {@code RuleStoreContract}
 * holds every store to the code, the argument named and a suggestion).
 */
final class RuleArguments {

  private RuleArguments() {}

  /** Checks a rule id: 1 to {@link RuleStore#MAX_ID_LENGTH} of {@code A-Za-z0-9._:-}. */
  static void checkId(String id) {
    Objects.requireNonNull(id, "id");
    if (!validId(id)) {
      throw new StorageException(
          ErrorCode.INVALID_VALUE,
          "rule id '"
              + shown(id)
              + "' is not valid: an id is 1 to "
              + RuleStore.MAX_ID_LENGTH
              + " characters of A-Z a-z 0-9 . _ : -, starting with a letter or digit"
              + (id.length() > RuleStore.MAX_ID_LENGTH ? " (it has " + id.length() + ")" : ""),
          "choose an id such as 'nightly-transcode'");
    }
  }

  private static boolean validId(String id) {
    int n = id.length();
    if (n == 0 || n > RuleStore.MAX_ID_LENGTH || !letterOrDigit(id.charAt(0))) {
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

  /** Checks the arguments of {@link RuleStore#save}. */
  static void checkSave(String id, String definition, int expectedRevision, Object now) {
    checkId(id);
    Objects.requireNonNull(definition, "definition");
    Objects.requireNonNull(now, "now");
    if (expectedRevision < 0) {
      throw new StorageException(
          ErrorCode.OUT_OF_RANGE,
          "the expected revision of rule '"
              + id
              + "' must be 0 (a new rule) or more but was "
              + expectedRevision,
          "pass 0 to create the rule, or the revision you read to update it");
    }
  }

  /** Checks a page of {@link RuleStore#list}. */
  static void checkPage(int page, int size) {
    if (page < 0) {
      throw new StorageException(
          ErrorCode.OUT_OF_RANGE,
          "page must be 0 or more but was " + page,
          "pages are numbered from 0");
    }
    if (size < 1 || size > RuleStore.MAX_PAGE_SIZE) {
      throw new StorageException(
          ErrorCode.OUT_OF_RANGE,
          "size must be between 1 and " + RuleStore.MAX_PAGE_SIZE + " but was " + size,
          "ask for at most " + RuleStore.MAX_PAGE_SIZE + " rules per page");
    }
  }

  /** The last error as kept: cut to {@link RuleStore#MAX_ERROR_LENGTH}, whole characters only. */
  static String cutError(String error) {
    if (error.length() <= RuleStore.MAX_ERROR_LENGTH) {
      return error;
    }
    int end = RuleStore.MAX_ERROR_LENGTH;
    if (Character.isHighSurrogate(error.charAt(end - 1))) {
      end--; // never half of a surrogate pair, which no database would take
    }
    return error.substring(0, end);
  }

  /** The first 40 characters of a text that goes into a message. */
  private static String shown(String text) {
    return text.length() <= 40 ? text : text.substring(0, 40) + "…";
  }

  /** {@code RULE_CONFLICT}: a save over {@code expected} found {@code actual} (0: none). */
  static StorageException conflict(String id, int expected, int actual) {
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
