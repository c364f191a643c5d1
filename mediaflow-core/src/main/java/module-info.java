/** The mediaflow engine: spec parsing and validation, the planner, execution and automation. */
module io.mediaflow.core {
  requires transitive io.mediaflow.api;
  // not transitive: no Jackson type is in an exported signature
  requires com.fasterxml.jackson.databind;
  requires org.slf4j;
  // the HTTP host (io.mediaflow.http) runs on the JDK's own server: no web framework
  requires jdk.httpserver;
  // optional: only Metrics.micrometer(...) uses it, and checks first that it is there
  requires static micrometer.core;
  // optional: only notify.email uses it, and checks first that it is there
  requires static jakarta.mail;
  // optional: only s3: locations use it (internal.storage.s3, loaded after a check that it is
  // there). The SDK's jars are automatic modules, and the compiler puts on the module path only
  // those required here, by name: each module whose types the code touches is listed, even where
  // another's signature brings it (docs/object-storage.md, "Java modules")
  requires static software.amazon.awssdk.services.s3;
  requires static software.amazon.awssdk.http.apache5;
  requires static software.amazon.awssdk.http;
  requires static software.amazon.awssdk.core;
  requires static software.amazon.awssdk.awscore;
  requires static software.amazon.awssdk.auth;
  requires static software.amazon.awssdk.identity.spi;
  requires static software.amazon.awssdk.regions;
  requires static software.amazon.awssdk.retries.api;
  requires static software.amazon.awssdk.utils;
  requires io.github.resilience4j.core;
  requires io.github.resilience4j.retry;
  requires io.github.resilience4j.circuitbreaker;
  requires io.github.resilience4j.ratelimiter;
  // the HTTP client of downloads (and of webhooks next): docs/decisions.md
  requires org.apache.httpcomponents.client5.httpclient5;
  requires org.apache.httpcomponents.core5.httpcore5;
  requires org.apache.httpcomponents.core5.httpcore5.h2;
  // conditions' regular expressions, matched in linear time: docs/decisions.md
  requires re2j;
  // cron triggers (docs/decisions.md)
  requires com.cronutils;

  exports io.mediaflow;
  exports io.mediaflow.http;

  // Jackson writes and reads the media job's result record
  opens io.mediaflow.internal.media to
      com.fasterxml.jackson.databind;
  // the workflow runner's cursor is a saved state, written and read by Jackson
  opens io.mediaflow.internal.workflow.run to
      com.fasterxml.jackson.databind;

  uses io.mediaflow.api.operator.Operator;
  uses io.mediaflow.api.backend.MediaBackend;
  uses io.mediaflow.api.action.Action;
  uses io.mediaflow.api.action.MediaSource;
  uses io.mediaflow.api.condition.ConditionType;
  uses io.mediaflow.api.storage.MediaStorage;
}
