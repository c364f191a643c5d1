package io.mediaflow.internal.action;

import io.mediaflow.api.action.Action;
import io.mediaflow.internal.action.media.MediaActions;
import io.mediaflow.internal.action.notify.NotifyActions;
import io.mediaflow.internal.action.organise.OrganiseActions;
import io.mediaflow.internal.action.system.SystemActions;
import io.mediaflow.internal.action.web.WebActions;
import java.util.ArrayList;
import java.util.List;

/**
 * The actions that come with mediaflow (docs/actions.md), one group a package. They need no
 * settings to be created: what the host configures (a mail server, the programs {@code system.exec}
 * may run, media sources) they find at run time with {@code ActionContext.service(type)}.
 */
public final class BuiltinActions {

  private BuiltinActions() {}

  /** Every built-in action, group by group. */
  public static List<Action> all() {
    List<Action> all = new ArrayList<>();
    all.addAll(MediaActions.all());
    all.addAll(OrganiseActions.all());
    all.addAll(WebActions.all());
    all.addAll(NotifyActions.all());
    all.addAll(SystemActions.all());
    return List.copyOf(all);
  }
}
