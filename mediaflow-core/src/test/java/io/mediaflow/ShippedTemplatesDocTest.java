package io.mediaflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.api.rule.ShippedTemplate;
import io.mediaflow.api.rule.TemplateParameter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/shipped-templates.md} says what the templates declare: each template's section has
 * one table row per parameter (but {@code id}, described once), in order, with its type, range and
 * default.
 */
class ShippedTemplatesDocTest {

  static final Path DOC = Path.of("..", "docs", "shipped-templates.md");

  @Test
  void each_templates_table_matches_its_declared_parameters() throws IOException {
    List<String> lines = Files.readAllLines(DOC);
    try (MediaFlow flow = MediaFlow.builder().storage(new InMemoryStorage()).build()) {
      for (ShippedTemplate t : flow.templates().list()) {
        List<String> expected = new ArrayList<>();
        for (TemplateParameter p : t.parameters().subList(1, t.parameters().size())) {
          expected.add(row(p));
        }
        assertThat(rows(lines, "## " + t.name())).as(t.name()).isEqualTo(expected);
      }
    }
  }

  /** The first three cells of a row as the page writes them. */
  private static String row(TemplateParameter p) {
    String type = p.type().name().toLowerCase(Locale.ROOT);
    if (p.type() == TemplateParameter.Type.INTEGER) {
      type += " " + p.min() + "–" + p.max();
    }
    String def = p.defaultValue().map(v -> "`" + v + "`").orElse("required");
    return "| `" + p.name() + "` | " + type + " | " + def + " |";
  }

  /** The parameter rows of the table under {@code heading}, cut after their third cell. */
  private static List<String> rows(List<String> lines, String heading) {
    int at = lines.indexOf(heading);
    assertThat(at).as(heading).isNotNegative();
    List<String> out = new ArrayList<>();
    for (String line : lines.subList(at + 1, lines.size())) {
      if (line.startsWith("## ")) {
        break;
      }
      if (line.startsWith("| `")) {
        String[] cells = line.split("\\|");
        out.add("|" + cells[1] + "|" + cells[2] + "|" + cells[3] + "|");
      }
    }
    return out;
  }
}
