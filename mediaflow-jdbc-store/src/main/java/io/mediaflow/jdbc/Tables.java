package io.mediaflow.jdbc;

/** The table names, each the configured prefix plus a fixed name. */
record Tables(String prefix) {

  String jobs() {
    return prefix + "jobs";
  }

  String logs() {
    return prefix + "job_logs";
  }

  String schedules() {
    return prefix + "schedules";
  }

  String webhooks() {
    return prefix + "webhooks";
  }

  String webhookAttempts() {
    return prefix + "webhook_attempts";
  }

  String checkpoints() {
    return prefix + "checkpoints";
  }

  String jobStates() {
    return prefix + "job_states";
  }

  String signals() {
    return prefix + "signals";
  }

  String workflows() {
    return prefix + "workflows";
  }

  String workflowWaiters() {
    return prefix + "workflow_waiters";
  }

  String libraryTags() {
    return prefix + "library_tags";
  }

  String libraryMembers() {
    return prefix + "library_members";
  }

  String rules() {
    return prefix + "rules";
  }

  String ruleChanges() {
    return prefix + "rule_changes";
  }

  String jobPlans() {
    return prefix + "job_plans";
  }

  String watchedFiles() {
    return prefix + "watched_files";
  }

  String jobLimits() {
    return prefix + "job_limits";
  }

  String apiKeys() {
    return prefix + "api_keys";
  }

  String schemaVersion() {
    return prefix + "schema_version";
  }
}
