package io.mediaflow.internal.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.mediaflow.api.MediaFlowException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * 100,000 random and hostile templates, from a fixed seed: each gives a result or a typed {@code
 * TEMPLATE_*} error, never another exception, and all of them finish within a bound.
 */
class TemplateFuzzTest {

  static final long SEED = 0x14_7E_3B1A7EL;
  static final int RANDOM = 100_000;

  /** Pieces random templates are made of: the grammar's own and what breaks grammars. */
  static final String[] PIECES = {
    "{{",
    "}}",
    "${",
    "}",
    "{",
    "|",
    "(",
    ")",
    "'",
    "\"",
    "\\",
    ".",
    "[",
    "]",
    ",",
    ":",
    " ",
    "date",
    "date:",
    "default",
    "lower",
    "upper",
    "slug",
    "truncate",
    "replace",
    "duration",
    "filesize",
    "trigger",
    "vars",
    "nodes",
    "run",
    "title",
    "files",
    "file",
    "name",
    "startedAt",
    "0",
    "1",
    "-1",
    "65536",
    "99999999999999999999",
    "2.5",
    "YYYY",
    "MM",
    "DD",
    "HH",
    "mm",
    "ss",
    "yyyy",
    "ww",
    "'T'",
    "\u0000",
    "\n",
    "é",
    "😀",
    "\uD800",
    "..",
    "/",
    "true",
    "null",
    "class",
    "getClass()",
    "'Europe/Paris'",
    "'binary'",
    "'words'",
    "(1000000)",
    "('a','aaaaaaaa')",
    "x"
  };

  @Test
  void random_and_hostile_templates_give_a_result_or_a_typed_error_within_a_bound() {
    Map<String, Object> scope = scope();
    Templates templates = new Templates(TemplateLimits.DEFAULTS, 256);
    List<String> hostile = hostile();
    assertTimeoutPreemptively(
        Duration.ofSeconds(60),
        () -> {
          SplittableRandom random = new SplittableRandom(SEED);
          int typed = 0;
          for (int i = 0; i < RANDOM + hostile.size(); i++) {
            String t = i < hostile.size() ? hostile.get(i) : random(random);
            typed += renderOrTypedError(templates, t, scope) ? 0 : 1;
          }
          // the mix is worth something only if both answers are common
          assertThat(typed).isBetween(RANDOM / 10, RANDOM - RANDOM / 10);
        });
  }

  /**
   * True for a result, false for a typed error; fails the test for anything else. Plain checks, not
   * assertion chains: this runs 300,000 renders.
   */
  static boolean renderOrTypedError(Templates templates, String t, Map<String, Object> scope) {
    try {
      CompiledTemplate c = templates.compile(t, "fuzz");
      Object v = c.evaluate(scope, "fuzz");
      String text = c.render(scope, "fuzz");
      String path = c.renderPath(scope, "fuzz");
      if (text.length() > 65_536 || path.length() > 65_536 || v == Env.MISSING) {
        throw new AssertionError("template " + Failures.quote(t) + " gave " + v);
      }
      return true;
    } catch (MediaFlowException e) {
      if (!e.code().code().startsWith("TEMPLATE_")
          || !e.getMessage().startsWith(e.code().code() + ": fuzz: ")) {
        throw new AssertionError("template " + Failures.quote(t) + " failed with " + e, e);
      }
      return false;
    } catch (RuntimeException | StackOverflowError e) {
      throw new AssertionError("template " + Failures.quote(t) + " threw " + e, e);
    }
  }

  static String random(SplittableRandom r) {
    StringBuilder b = new StringBuilder();
    int n = 1 + r.nextInt(24);
    boolean open = r.nextInt(3) > 0;
    if (open) {
      b.append(r.nextBoolean() ? "{{" : "${");
    }
    for (int i = 0; i < n; i++) {
      if (r.nextInt(10) == 0) {
        b.append((char) r.nextInt(0x3000));
      } else {
        b.append(PIECES[r.nextInt(PIECES.length)]);
      }
    }
    if (open && r.nextInt(4) > 0) {
      b.append(b.charAt(0) == '$' ? "}" : "}}");
    }
    return b.toString();
  }

  static List<String> hostile() {
    List<String> h = new ArrayList<>();
    h.add("{{" + "a.".repeat(20_000) + "a}}");
    h.add("{{a" + " | lower".repeat(5_000) + "}}");
    h.add("{{big" + " | replace('a', 'aaaaaaaaaa')".repeat(8) + "}}");
    h.add("{{self}} and {{self}}");
    h.add("{{a}}".repeat(13_000));
    h.add("{{".repeat(30_000));
    h.add("${".repeat(30_000));
    h.add("{{ '" + "\\\\".repeat(20_000) + "' }}");
    h.add("{{ x | truncate(65536, '" + "y".repeat(60_000) + "') }}");
    h.add("{{date:" + "Y".repeat(40_000) + "}}");
    h.add("{{date:" + "'".repeat(40_001) + "}}");
    h.add("{{ a[" + "9".repeat(60_000) + "] }}");
    h.add("{{ " + "1".repeat(60_000) + " }}");
    h.add("{{ x | " + "a".repeat(60_000) + " }}");
    h.add("{{ x | default(" + "(".repeat(30_000) + ") }}");
    h.add("{{ trigger.getClass().forName('java.lang.Runtime') }}");
    h.add("{{ T(java.lang.Runtime).getRuntime().exec('id') }}");
    h.add("${jndi:ldap://example.com/a}");
    h.add("{{ ''.class.forName('java.io.File') }}");
    h.add("{{#each files}}{{this}}{{/each}}");
    h.add("{% for x in files %}{{x}}{% endfor %}");
    h.add("{{ files | map('x') }}");
    h.add("{{ big | slug | upper | truncate(3) }}");
    h.add("x".repeat(65_537));
    h.add("{{ date:YYYY-MM | date('YYYY') }}");
    h.add("{{ nums | filesize('binary') }} {{ 1e308 | duration }}");
    return h;
  }

  static Map<String, Object> scope() {
    Map<String, Object> self = new HashMap<>();
    self.put("self", self);
    Map<String, Object> s = new HashMap<>();
    s.put("trigger", Map.of("title", "T", "files", List.of("a", "b"), "file", Map.of("name", "n")));
    s.put("vars", new HashMap<>(Map.of("title", "V", "n", 3)));
    s.put("run", Map.of("id", "r", "startedAt", "2026-01-01T00:00:00Z"));
    s.put("a", "a");
    s.put("x", "x".repeat(100));
    s.put("big", "a".repeat(20_000));
    s.put("self", self);
    s.put("nums", List.of(1, 2));
    return s;
  }
}
