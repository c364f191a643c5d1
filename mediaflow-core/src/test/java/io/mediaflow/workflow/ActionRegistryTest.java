package io.mediaflow.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mediaflow.ActionRegistry;
import io.mediaflow.InMemoryStorage;
import io.mediaflow.MediaFlow;
import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.Violation;
import io.mediaflow.api.action.Action;
import io.mediaflow.api.action.ActionContext;
import io.mediaflow.api.action.ActionDescriptor;
import io.mediaflow.api.action.ActionResult;
import io.mediaflow.api.operator.Params;
import io.mediaflow.api.workflow.WorkflowErrors;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Actions found through ServiceLoader and registered by the host; clashes found at build. */
class ActionRegistryTest {

  /** An action a plugin jar would list in its service file. */
  public static final class ServiceAction implements Action {
    @Override
    public ActionDescriptor descriptor() {
      return ActionDescriptor.builder("plugin.echo").build();
    }

    @Override
    public ActionResult execute(ActionContext ctx, Params params) {
      return ActionResult.empty();
    }
  }

  private static ClassLoader withService(Path dir) throws Exception {
    Path services = dir.resolve("META-INF/services");
    Files.createDirectories(services);
    Files.writeString(
        services.resolve(Action.class.getName()), ServiceAction.class.getName() + "\n");
    return new URLClassLoader(
        new URL[] {dir.toUri().toURL()}, ActionRegistryTest.class.getClassLoader());
  }

  @Test
  void finds_actions_through_service_loader_and_adds_the_hosts(@TempDir Path dir) throws Exception {
    ActionRegistry actions = ActionRegistry.load(withService(dir), List.of(TestActions.EMAIL));

    // the built-in actions are there too (internal/action/*); a host's replaces one of its name
    assertThat(actions.names()).contains("notify.email", "plugin.echo").doesNotHaveDuplicates();
    assertThat(actions.find("notify.email")).containsSame(TestActions.EMAIL);
    assertThat(actions.find("plugin.echo")).get().isInstanceOf(ServiceAction.class);
    assertThat(actions.find("nothing")).isEmpty();
  }

  @Test
  void a_host_action_with_a_plugins_name_is_a_clash(@TempDir Path dir) throws Exception {
    Action mine = TestActions.of(ActionDescriptor.builder("plugin.echo").build());

    MediaFlowException e =
        catchThrowableOfType(
            MediaFlowException.class, () -> ActionRegistry.load(withService(dir), List.of(mine)));

    assertThat(e.code()).isEqualTo(WorkflowErrors.DUPLICATE_ACTION);
    assertThat(e.getMessage())
        .contains("action 'plugin.echo' is provided twice: by " + ServiceAction.class.getName())
        .contains("found through ServiceLoader in ")
        .contains("registered by the host");
    assertThat(e.suggestion())
        .isEqualTo("register each action once, or remove one of the two jars");
  }

  @Test
  void an_action_whose_name_is_not_its_descriptors_is_refused() {
    Action odd =
        new Action() {
          @Override
          public String name() {
            return "other.name";
          }

          @Override
          public ActionDescriptor descriptor() {
            return ActionDescriptor.builder("real.name").build();
          }

          @Override
          public ActionResult execute(ActionContext ctx, Params params) {
            return ActionResult.empty();
          }
        };

    MediaFlowException e =
        catchThrowableOfType(MediaFlowException.class, () -> ActionRegistry.of(odd));

    assertThat(e.code()).isEqualTo(ErrorCode.PLUGIN_LOAD_FAILED);
    assertThat(e.getMessage())
        .contains("is named 'other.name' but its descriptor says 'real.name'");
  }

  @Test
  void the_builder_registers_actions_and_refuses_a_clash_at_build() {
    MediaFlowException e =
        catchThrowableOfType(
            MediaFlowException.class,
            () ->
                MediaFlow.builder()
                    .storage(new InMemoryStorage())
                    .runOnCallingThread()
                    .action(TestActions.EMAIL)
                    .action(TestActions.of(ActionDescriptor.builder("notify.email").build()))
                    .build());

    assertThat(e.code()).isEqualTo(WorkflowErrors.DUPLICATE_ACTION);
    assertThat(e.getMessage()).contains("action 'notify.email' is provided twice");
  }

  @Test
  void a_host_validates_a_workflow_with_the_engines_actions() {
    try (MediaFlow flow =
        MediaFlow.builder()
            .storage(new InMemoryStorage())
            .runOnCallingThread()
            .action(TestActions.EMAIL)
            .build()) {
      String json =
          "{\"id\": \"w\", \"nodes\": [{\"id\": \"t\", \"type\": \"trigger\"},"
              + " {\"id\": \"a\", \"type\": \"action\", \"action\": \"notify.email\"}],"
              + " \"edges\": [{\"from\": \"t\", \"to\": \"a\"}]}";

      List<Violation> problems = flow.validateWorkflow(json);

      assertThat(flow.actions().names()).contains("notify.email");
      assertThat(problems)
          .containsExactly(
              new Violation(
                  "nodes[1].params.to",
                  ErrorCode.MISSING_FIELD,
                  "parameter 'to' is required (a string)",
                  ""));
    }
  }
}
