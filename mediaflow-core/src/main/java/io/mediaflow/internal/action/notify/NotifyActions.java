package io.mediaflow.internal.action.notify;

import io.mediaflow.api.action.Action;
import java.util.List;

/** The built-in notify actions: notify.webhook, notify.email, notify.slack. */
public final class NotifyActions {

  private NotifyActions() {}

  /** One instance of each. */
  public static List<Action> all() {
    return List.of(new WebhookNotifyAction(), new EmailNotifyAction(), new SlackNotifyAction());
  }
}
