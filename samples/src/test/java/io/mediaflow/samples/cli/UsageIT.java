package io.mediaflow.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsageIT {

  @TempDir Path dir;

  @Test
  void no_command_is_a_usage_error() {
    Cli.Result result = Cli.run(dir).expectExit(2);
    assertThat(result.stderr()).startsWith("error: USAGE: ");
    assertThat(result.stdout()).isEmpty();
  }

  @Test
  void unknown_option_is_a_usage_error_without_stack_trace() {
    Cli.Result result = Cli.run(dir, "operators", "--frobnicate").expectExit(2);
    assertThat(result.errorLines())
        .first()
        .asString()
        .startsWith("error: USAGE: ")
        .contains("--frobnicate");
    assertThat(result.stderr()).doesNotContain("\tat ").doesNotContain("Exception");
  }

  @Test
  void missing_spec_argument_is_a_usage_error() {
    Cli.Result result = Cli.run(dir, "run").expectExit(2);
    assertThat(result.stderr()).startsWith("error: USAGE: ").contains("SPEC.json");
  }

  @Test
  void unknown_command_is_a_usage_error() {
    Cli.Result result = Cli.run(dir, "transmogrify").expectExit(2);
    assertThat(result.stderr()).startsWith("error: USAGE: ").contains("transmogrify");
  }

  @Test
  void missing_spec_file_is_a_usage_error() {
    Cli.Result result = Cli.run(dir, "plan", "nowhere.json").expectExit(2);
    assertThat(result.stderr()).startsWith("error: USAGE: ").contains("nowhere.json");
  }

  @Test
  void missing_plugin_folder_is_a_usage_error_before_or_after_the_command() {
    Cli.Result before = Cli.run(dir, "--plugins", "no-such-dir", "operators").expectExit(2);
    assertThat(before.stderr()).startsWith("error: USAGE: ").contains("no-such-dir");

    Cli.Result after = Cli.run(dir, "operators", "--plugins", "no-such-dir").expectExit(2);
    assertThat(after.stderr()).startsWith("error: USAGE: ").contains("no-such-dir");
  }

  @Test
  void bad_plan_format_is_a_usage_error() {
    Cli.Result result = Cli.run(dir, "plan", "--format", "svg", "spec.json").expectExit(2);
    assertThat(result.stderr()).startsWith("error: USAGE: ").contains("svg");
  }

  @Test
  void probe_without_a_file_or_with_two_is_a_usage_error() {
    Cli.Result none = Cli.run(dir, "probe").expectExit(2);
    assertThat(none.stderr()).startsWith("error: USAGE: ").contains("FILE");
    assertThat(none.stdout()).isEmpty();

    Cli.Result unknownOption = Cli.run(dir, "probe", "--depth", "3", "in.mp4").expectExit(2);
    assertThat(unknownOption.stderr()).startsWith("error: USAGE: ").contains("--depth");
  }
}
