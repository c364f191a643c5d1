package io.mediaflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Core never imports an adapter: it finds the media backend and operators through ServiceLoader and
 * is handed its storage. Checked on the compiled classes, whose constant pools name every class
 * they use.
 */
class LayeringTest {

  private static final List<String> FORBIDDEN = List.of("io/mediaflow/ffmpeg", "io/mediaflow/jdbc");

  @Test
  void core_classes_never_reference_the_ffmpeg_or_jdbc_packages() throws IOException {
    Path classes = Path.of("target", "classes");
    assertThat(classes).isDirectory();
    List<Path> offenders;
    try (Stream<Path> files = Files.walk(classes)) {
      offenders =
          files
              .filter(p -> p.toString().endsWith(".class"))
              .filter(LayeringTest::referencesAdapter)
              .toList();
    }
    assertThat(offenders).isEmpty();
  }

  @Test
  void core_pom_depends_on_no_adapter_module() throws IOException {
    String pom = Files.readString(Path.of("pom.xml"));
    assertThat(pom).doesNotContain("<artifactId>mediaflow-ffmpeg</artifactId>");
    assertThat(pom).doesNotContain("<artifactId>mediaflow-jdbc-store</artifactId>");
  }

  @Test
  void the_check_would_see_a_reference() {
    byte[] fake = "xxio/mediaflow/ffmpeg/Foo".getBytes(StandardCharsets.ISO_8859_1);
    assertThat(contains(fake, FORBIDDEN.get(0))).isTrue();
  }

  private static boolean referencesAdapter(Path classFile) {
    try {
      byte[] bytes = Files.readAllBytes(classFile);
      return FORBIDDEN.stream().anyMatch(f -> contains(bytes, f));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean contains(byte[] bytes, String text) {
    return new String(bytes, StandardCharsets.ISO_8859_1).contains(text);
  }
}
