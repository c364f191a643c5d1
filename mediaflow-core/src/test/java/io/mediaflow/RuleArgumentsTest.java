package io.mediaflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.store.RuleArguments;
import io.mediaflow.api.store.RuleStore;
import io.mediaflow.api.store.StorageException;
import java.time.Instant;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** The exact wording of the rule store's errors, and how a long last error is cut. */
class RuleArgumentsTest {

  private final InMemoryRuleStore rules = new InMemoryRuleStore();
  private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

  @Test
  void a_bad_id_names_the_rule_for_ids_and_a_suggestion() {
    assertFails(
        ErrorCode.INVALID_VALUE,
        "INVALID_VALUE: rule id 'a b' is not valid: an id is 1 to 128 characters of A-Z a-z 0-9 ."
            + " _ : -, starting with a letter or digit (choose an id such as 'nightly-transcode')",
        () -> rules.find("a b"));
    assertFails(
        ErrorCode.INVALID_VALUE,
        "INVALID_VALUE: rule id '"
            + "x".repeat(40)
            + "…' is not valid: an id is 1 to 128 characters of A-Z a-z 0-9 . _ : -, starting"
            + " with a letter or digit (it has 129) (choose an id such as 'nightly-transcode')",
        () -> rules.remove("x".repeat(129)));
  }

  @Test
  void a_bad_page_or_revision_says_what_to_pass() {
    assertFails(
        ErrorCode.OUT_OF_RANGE,
        "OUT_OF_RANGE: page must be 0 or more but was -1 (pages are numbered from 0)",
        () -> rules.list(-1, 1));
    assertFails(
        ErrorCode.OUT_OF_RANGE,
        "OUT_OF_RANGE: size must be between 1 and 1000 but was 1001 (ask for at most 1000 rules"
            + " per page)",
        () -> rules.list(0, 1001));
    assertFails(
        ErrorCode.OUT_OF_RANGE,
        "OUT_OF_RANGE: the expected revision of rule 'nightly' must be 0 (a new rule) or more but"
            + " was -2 (pass 0 to create the rule, or the revision you read to update it)",
        () -> rules.save("nightly", "{}", true, -2, T0));
  }

  @Test
  void each_conflict_says_what_was_found_and_what_to_do() {
    rules.save("nightly", "{}", true, 0, T0);
    rules.save("nightly", "{}", true, 1, T0);
    assertFails(
        StorageException.RULE_CONFLICT,
        "RULE_CONFLICT: rule 'nightly' is at revision 2, not the expected revision 1: another"
            + " save came first (read it again with find(\"nightly\"), apply the change to"
            + " revision 2 and save with expected revision 2)",
        () -> rules.save("nightly", "{}", true, 1, T0));
    assertFails(
        StorageException.RULE_CONFLICT,
        "RULE_CONFLICT: rule 'nightly' already exists at revision 2, so it cannot be created"
            + " (expected revision 0) (read it with find(\"nightly\") and save with expected"
            + " revision 2 to update it, or choose another id)",
        () -> rules.save("nightly", "{}", true, 0, T0));
    assertFails(
        StorageException.RULE_CONFLICT,
        "RULE_CONFLICT: rule 'ghost' does not exist, so expected revision 4 cannot be updated:"
            + " it was removed, or never created (save it with expected revision 0 to create it)",
        () -> rules.save("ghost", "{}", true, 4, T0));
  }

  @Test
  void a_long_error_is_cut_between_whole_characters() {
    String emoji = "🎬"; // two chars: a surrogate pair
    String straddling = "e".repeat(RuleStore.MAX_ERROR_LENGTH - 1) + emoji + "tail";

    assertThat(RuleArguments.cutError(straddling))
        .isEqualTo("e".repeat(RuleStore.MAX_ERROR_LENGTH - 1));
    String fits = "e".repeat(RuleStore.MAX_ERROR_LENGTH - 2) + emoji;
    assertThat(RuleArguments.cutError(fits)).isSameAs(fits);
    assertThat(RuleArguments.cutError(fits + "x")).isEqualTo(fits);
  }

  private static void assertFails(ErrorCode code, String message, ThrowingCallable call) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            MediaFlowException.class,
            e -> {
              assertThat(e.code()).isEqualTo(code);
              assertThat(e.getMessage()).isEqualTo(message);
            });
  }
}
