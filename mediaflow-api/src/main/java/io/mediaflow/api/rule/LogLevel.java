package io.mediaflow.api.rule;

/** The least severe lines a rule's runs write to their job log. */
public enum LogLevel {
  DEBUG,
  INFO,
  WARN,
  ERROR
}
