package io.mediaflow.samples.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * mediaflow-bom manages the library artifacts and nothing else, and the parent pom manages the same
 * list (docs/decisions.md, "A BOM of our artifacts only"). The getting-started test checks the
 * installed BOM the same way.
 */
class BomTest {

  private static final Path ROOT = Path.of("..");

  @Test
  void the_bom_has_no_parent_and_the_parents_version() throws Exception {
    Element bom = pom("mediaflow-bom/pom.xml");
    Element parent = pom("pom.xml");
    assertThat(children(bom, "parent")).as("the BOM's parent").isEmpty();
    assertThat(text(bom, "version")).isEqualTo(text(parent, "version"));
  }

  @Test
  void the_bom_manages_exactly_the_library_modules() throws Exception {
    List<String> libraries =
        children(only(pom("pom.xml"), "modules"), "module").stream()
            .map(Node::getTextContent)
            .filter(name -> name.startsWith("mediaflow-") && !name.equals("mediaflow-bom"))
            .toList();
    assertThat(libraries).hasSize(5);
    assertThat(managed(pom("mediaflow-bom/pom.xml")))
        .containsExactlyInAnyOrderElementsOf(libraries);
  }

  @Test
  void the_parent_manages_the_same_artifacts_and_no_other() throws Exception {
    assertThat(managed(pom("pom.xml"))).isEqualTo(managed(pom("mediaflow-bom/pom.xml")));
  }

  /**
   * The one third-party entry of the parent: the AWS SDK's BOM, imported (docs/decisions.md,
   * "Object storage through the AWS SDK"); the published BOM has none.
   */
  @Test
  void the_parent_imports_the_aws_sdk_bom_and_no_other_third_party_bom() throws Exception {
    Element management = only(pom("pom.xml"), "dependencyManagement");
    List<String> imported = new ArrayList<>();
    for (Element dependency : children(only(management, "dependencies"), "dependency")) {
      if (!text(dependency, "groupId").equals("io.mediaflow")) {
        assertThat(text(dependency, "scope")).isEqualTo("import");
        assertThat(text(dependency, "type")).isEqualTo("pom");
        imported.add(text(dependency, "groupId") + ":" + text(dependency, "artifactId"));
      }
    }
    assertThat(imported).containsExactly("software.amazon.awssdk:bom");
  }

  /**
   * The artifactIds a pom's dependencyManagement lists, each checked to be one of ours, at the
   * project's version, imported from nowhere.
   */
  private static List<String> managed(Element project) {
    List<String> ids = new ArrayList<>();
    Element management = only(project, "dependencyManagement");
    for (Element dependency : children(only(management, "dependencies"), "dependency")) {
      String id = text(dependency, "groupId") + ":" + text(dependency, "artifactId");
      if (id.equals("software.amazon.awssdk:bom")) {
        continue; // the_parent_imports_the_aws_sdk_bom_and_no_other_third_party_bom
      }
      assertThat(text(dependency, "groupId")).as(id).isEqualTo("io.mediaflow");
      assertThat(text(dependency, "version")).as(id).isEqualTo("${project.version}");
      assertThat(children(dependency, "scope")).as(id + " scope").isEmpty();
      ids.add(text(dependency, "artifactId"));
    }
    return ids;
  }

  private static Element pom(String path) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    Document document = factory.newDocumentBuilder().parse(ROOT.resolve(path).toFile());
    return document.getDocumentElement();
  }

  private static List<Element> children(Element parent, String name) {
    List<Element> found = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getTagName().equals(name)) {
        found.add(e);
      }
    }
    return found;
  }

  private static Element only(Element parent, String name) {
    List<Element> found = children(parent, name);
    assertThat(found).as("<%s> in <%s>", name, parent.getTagName()).hasSize(1);
    return found.get(0);
  }

  private static String text(Element parent, String name) {
    return only(parent, name).getTextContent().trim();
  }
}
