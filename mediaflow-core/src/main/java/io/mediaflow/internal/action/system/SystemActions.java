package io.mediaflow.internal.action.system;

import io.mediaflow.api.action.Action;
import java.util.List;

/** The built-in system actions: system.wait, system.exec. */
public final class SystemActions {

  private SystemActions() {}

  /** One instance of each. */
  public static List<Action> all() {
    return List.of(new WaitAction(), new ExecAction());
  }
}
