package io.mediaflow.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackagingIT {

  @TempDir Path dir;

  @Test
  void jar_holds_no_test_libraries_and_no_plugin_classes() throws IOException {
    try (JarFile jar = new JarFile(Cli.JAR.toFile())) {
      List<String> names = jar.stream().map(JarEntry::getName).toList();
      assertThat(names).contains("io/mediaflow/samples/cli/MediaflowCli.class");
      assertThat(names)
          .noneMatch(n -> n.startsWith("org/junit/"))
          .noneMatch(n -> n.startsWith("org/assertj/"))
          .noneMatch(n -> n.startsWith("io/mediaflow/testkit/"))
          .noneMatch(n -> n.startsWith("io/mediaflow/samples/plugin/"));
      assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
          .isEqualTo("io.mediaflow.samples.cli.MediaflowCli");
    }
  }

  @Test
  void jar_merges_the_service_files_of_every_module() throws IOException {
    try (JarFile jar = new JarFile(Cli.JAR.toFile())) {
      String operators = entry(jar, "META-INF/services/io.mediaflow.api.operator.Operator");
      assertThat(operators.toLowerCase())
          .contains("trimoperator")
          .contains("scaleoperator")
          .contains("thumbnailoperator")
          .doesNotContain("grayscale");
      assertThat(entry(jar, "META-INF/services/io.mediaflow.api.backend.MediaBackend"))
          .isNotBlank();
    }
  }

  @Test
  void jar_keeps_the_notices_and_licenses_of_the_libraries_it_holds() throws IOException {
    try (JarFile jar = new JarFile(Cli.JAR.toFile())) {
      // merged or appended by the shade configuration, not the one copy that happened to win
      assertThat(entry(jar, "META-INF/NOTICE")).contains("Jackson").contains("HttpComponents");
      assertThat(entry(jar, "META-INF/LICENSE").split("Apache License").length).isGreaterThan(2);
      assertThat(entry(jar, "COPYRIGHT.txt")).isNotBlank();
      assertThat(jar.getEntry("module-info.class")).isNull();
    }
  }

  @Test
  void sample_plugin_jar_holds_the_operator_and_its_service_file() throws IOException {
    try (JarFile jar = new JarFile(Cli.SAMPLE_PLUGIN_JAR.toFile())) {
      assertThat(entry(jar, "META-INF/services/io.mediaflow.api.operator.Operator").trim())
          .isEqualTo("io.mediaflow.samples.plugin.GrayscaleOperator");
      assertThat(jar.getEntry("io/mediaflow/samples/plugin/GrayscaleOperator.class")).isNotNull();
      assertThat(jar.stream().map(JarEntry::getName))
          .noneMatch(n -> n.startsWith("io/mediaflow/samples/cli/"));
    }
  }

  @Test
  void version_and_help_are_printed_on_stdout() {
    Cli.Result version = Cli.run(dir, "--version").expectOk();
    assertThat(version.stdout()).startsWith("mediaflow 0.1.0-SNAPSHOT");

    Cli.Result help = Cli.run(dir, "--help").expectOk();
    assertThat(help.stdout()).contains("run", "plan", "probe", "operators", "--plugins");
    assertThat(help.stderr()).isEmpty();
  }

  private static String entry(JarFile jar, String name) throws IOException {
    JarEntry entry = jar.getJarEntry(name);
    assertThat(entry).as(name).isNotNull();
    try (InputStream in = jar.getInputStream(entry)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
