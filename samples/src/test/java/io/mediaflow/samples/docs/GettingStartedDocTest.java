package io.mediaflow.samples.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * docs/getting-started.md shows the files of src/it/getting-started, which the invoker builds and
 * runs from the installed artifacts: this keeps the page and the tested project the same, block by
 * block. The project's pom says {@code @project.version@} where the page says the version.
 */
class GettingStartedDocTest {

  private static final Path PAGE = Path.of("..", "docs", "getting-started.md");
  private static final Path PROJECT = Path.of("src", "it", "getting-started");

  private record Block(String language, String text) {}

  @Test
  void the_page_shows_the_pom_the_test_builds() throws IOException {
    String pom = read(PROJECT.resolve("pom.xml")).replace("@project.version@", version());
    assertThat(block("xml", "<artifactId>hello-mediaflow</artifactId>")).isEqualTo(pom);
  }

  @Test
  void the_page_shows_the_main_class_the_test_runs() throws IOException {
    String main = read(PROJECT.resolve("src/main/java/com/example/Main.java"));
    assertThat(block("java", "package com.example;")).isEqualTo(main);
  }

  @Test
  void the_page_makes_the_input_as_the_test_does() throws IOException {
    assertThat(block("sh", "ffmpeg ")).isEqualTo(read(PROJECT.resolve("make-input.sh")));
  }

  @Test
  void the_page_runs_the_goals_the_test_runs() throws IOException {
    Properties invoker = new Properties();
    try (InputStream in = Files.newInputStream(PROJECT.resolve("invoker.properties"))) {
      invoker.load(in);
    }
    List<String> goals = Arrays.asList(invoker.getProperty("invoker.goals").trim().split("\\s+"));
    List<String> command =
        Arrays.stream(block("sh", "exec:java").trim().split("\\s+"))
            .filter(word -> !word.equals("mvn") && !word.startsWith("-"))
            .toList();
    assertThat(command).isEqualTo(goals);
  }

  /** The one fenced block in the language that holds {@code marker}. */
  private static String block(String language, String marker) throws IOException {
    List<Block> found =
        blocks(read(PAGE)).stream()
            .filter(b -> b.language().equals(language) && b.text().contains(marker))
            .toList();
    assertThat(found).as("```%s blocks holding %s in %s", language, marker, PAGE).hasSize(1);
    return found.get(0).text();
  }

  private static List<Block> blocks(String markdown) {
    List<Block> blocks = new ArrayList<>();
    String language = null;
    StringBuilder text = new StringBuilder();
    for (String line : markdown.split("\n", -1)) {
      if (language == null && line.startsWith("```")) {
        language = line.substring(3).trim();
        text.setLength(0);
      } else if (language != null && line.equals("```")) {
        blocks.add(new Block(language, text.toString()));
        language = null;
      } else if (language != null) {
        text.append(line).append('\n');
      }
    }
    return blocks;
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file).replace("\r\n", "\n");
  }

  /** The version the build filtered into the command line's version file. */
  private static String version() throws IOException {
    Properties properties = new Properties();
    try (InputStream in =
        GettingStartedDocTest.class.getResourceAsStream(
            "/io/mediaflow/samples/cli/version.properties")) {
      properties.load(in);
    }
    return properties.getProperty("version");
  }
}
