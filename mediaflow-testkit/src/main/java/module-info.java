/** Test support for mediaflow users and adapters: fixtures, fakes and contract suites. */
module io.mediaflow.testkit {
  requires transitive io.mediaflow.api;
  requires transitive java.sql;
  // their types are in the testkit's own API (contract suites, assertions, the extension)
  requires transitive org.junit.jupiter.api;
  requires transitive org.assertj.core;

  exports io.mediaflow.testkit;
}
