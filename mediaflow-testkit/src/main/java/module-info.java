/** Test support for mediaflow users and adapters: fixtures, fakes and contract suites. */
module io.mediaflow.testkit {
  requires transitive io.mediaflow.api;
  requires transitive java.sql;
  requires org.junit.jupiter.api;
  requires org.assertj.core;

  exports io.mediaflow.testkit;
}
