package io.mediaflow.api.action;

/**
 * What a test run of a workflow (its dry-run flag set) means for an action, as its {@link
 * ActionDescriptor} declares it.
 */
public enum DryRun {
  /**
   * The action is not called: the node reports the declared placeholder of each output ({@link
   * ActionOutput#placeholder()}), which later nodes receive. For actions whose every effect is
   * outside (a download, a shell command) and that cannot describe themselves cheaply.
   */
  PLACEHOLDERS,
  /**
   * The action is called with {@link ActionContext#dryRun()} true and must touch nothing: a media
   * action plans but runs no FFmpeg, a notification or an HTTP call sends nothing and reports what
   * it would send, a file action reports what it would do. It returns outputs of the declared
   * shape.
   */
  DESCRIBES_ITSELF
}
