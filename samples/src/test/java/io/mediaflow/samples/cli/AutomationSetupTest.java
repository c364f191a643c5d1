package io.mediaflow.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.InMemoryStorage;
import io.mediaflow.MediaFlow;
import io.mediaflow.testkit.ManualClock;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code mediaflow automate} does with a file's rules on a store that has them: an unchanged
 * rule is kept with its revision, a changed one is updated.
 */
class AutomationSetupTest {

  static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");

  @TempDir Path dir;

  final InMemoryStorage storage = new InMemoryStorage();

  List<String> apply(String cron) throws IOException {
    Path file = dir.resolve("rules.json");
    Files.writeString(
        file,
        """
        {"rules": [{"id": "nightly", "trigger": {"type": "schedule", "cron": "CRON"},
                    "actions": [{"type": "system.wait", "duration": "1s"}]}]}
        """
            .replace("CRON", cron));
    StringWriter out = new StringWriter();
    try (MediaFlow flow =
        MediaFlow.builder()
            .storage(storage)
            .clock(ManualClock.at(T0))
            .runOnCallingThread()
            .build()) {
      AutomationSetup.apply(AutomationFile.read(file), flow, new PrintWriter(out));
    }
    return out.toString().lines().toList();
  }

  int revision() {
    return storage.rules().find("nightly").orElseThrow().revision();
  }

  @Test
  void an_unchanged_rule_keeps_its_revision_and_a_changed_one_is_updated() throws IOException {
    assertThat(apply("0 3 * * *"))
        .containsExactly("registered rule 'nightly' (next 2026-03-01T03:00:00Z)");
    assertThat(revision()).isEqualTo(1);

    assertThat(apply("0 3 * * *"))
        .containsExactly("kept rule 'nightly' (unchanged) (next 2026-03-01T03:00:00Z)");
    assertThat(revision()).isEqualTo(1);

    assertThat(apply("0 4 * * *"))
        .containsExactly("updated rule 'nightly' (revision 2) (next 2026-03-01T04:00:00Z)");
    assertThat(revision()).isEqualTo(2);
  }
}
