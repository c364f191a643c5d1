package io.mediaflow.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class H2FilesTest {

  @Test
  void h2_missing_is_reported_with_what_to_add() {
    // a loader that sees the JDK only: H2 is an optional dependency a host may not have
    ClassLoader jdkOnly = new ClassLoader(null) {};

    assertThatThrownBy(() -> H2Files.requireH2(jdkOnly))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("JdbcStorage.h2(...) needs the H2 database")
        .hasMessageContaining("com.h2database:h2")
        .hasMessageContaining("JdbcStorage.postgres(...)")
        .cause()
        .isInstanceOf(ClassNotFoundException.class);
  }

  @Test
  void h2_present_passes_the_check() {
    assertThatCode(() -> H2Files.requireH2(H2Files.class.getClassLoader()))
        .doesNotThrowAnyException();
    assertThat(H2Files.H2_POOL).isEqualTo(org.h2.jdbcx.JdbcConnectionPool.class.getName());
  }
}
