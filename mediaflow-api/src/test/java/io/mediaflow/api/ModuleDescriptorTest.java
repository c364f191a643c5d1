package io.mediaflow.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.api.action.Action;
import io.mediaflow.api.backend.MediaBackend;
import io.mediaflow.api.condition.ConditionType;
import io.mediaflow.api.operator.Operator;
import java.lang.module.ModuleDescriptor;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * This module's tests run on the module path (surefire {@code useModulePath}), so its {@code
 * module-info} is the one in force here: these assertions fail if the tests fall back to the class
 * path or if the module's surface changes without this test (and the docs) changing with it.
 */
class ModuleDescriptorTest {

  @Test
  void tests_run_inside_the_named_api_module() {
    Module module = MediaFlowException.class.getModule();

    assertThat(module.isNamed()).isTrue();
    assertThat(module.getName()).isEqualTo("io.mediaflow.api");
    assertThat(getClass().getModule()).isSameAs(module);
  }

  @Test
  void api_exports_its_contract_packages_and_requires_nothing_but_the_jdk() {
    ModuleDescriptor descriptor = MediaFlowException.class.getModule().getDescriptor();

    assertThat(descriptor.exports().stream().map(ModuleDescriptor.Exports::source))
        .containsExactlyInAnyOrder(
            "io.mediaflow.api",
            "io.mediaflow.api.spec",
            "io.mediaflow.api.media",
            "io.mediaflow.api.operator",
            "io.mediaflow.api.plan",
            "io.mediaflow.api.backend",
            "io.mediaflow.api.job",
            "io.mediaflow.api.store",
            "io.mediaflow.api.event",
            "io.mediaflow.api.action",
            "io.mediaflow.api.workflow",
            "io.mediaflow.api.condition",
            "io.mediaflow.api.rule",
            "io.mediaflow.api.storage");
    assertThat(descriptor.exports()).allMatch(e -> !e.isQualified());
    assertThat(
            descriptor.requires().stream()
                .map(ModuleDescriptor.Requires::name)
                .collect(Collectors.toSet()))
        .containsExactly("java.base");
    assertThat(descriptor.uses())
        .containsExactlyInAnyOrder(
            Operator.class.getName(),
            MediaBackend.class.getName(),
            Action.class.getName(),
            ConditionType.class.getName(),
            io.mediaflow.api.storage.MediaStorage.class.getName());
  }
}
