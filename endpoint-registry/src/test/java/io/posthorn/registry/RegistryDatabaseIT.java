package io.posthorn.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.posthorn.devstack.DevStack;
import io.posthorn.devstack.LocalPostgres;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A failed statement's exception, as the API would log it, never holds what was bound to it. */
class RegistryDatabaseIT {
  private static final String PLANTED = "Bearer planted-db-token-7f3a";
  private static Jdbi jdbi;

  @BeforeAll
  static void start() {
    LocalPostgres pg = DevStack.shared().postgres();
    String database = pg.createDatabase("regdb");
    jdbi =
        RegistryDatabase.jdbi(
            RegistryDatabase.dataSource(pg.jdbcUrl(database), LocalPostgres.SUPERUSER, ""));
    jdbi.useHandle(h -> h.execute("CREATE TABLE planted (id text PRIMARY KEY, doc jsonb)"));
  }

  @Test
  void aNulByteRefusedByTheDriver_isReportedWithTheStatementButNotTheArguments() {
    Throwable failure =
        catchThrowable(
            () ->
                jdbi.useHandle(
                    h ->
                        h.createUpdate("INSERT INTO planted (id) VALUES (:id)")
                            .bind("id", PLANTED + "\u0000")
                            .execute()));

    assertThat(trace(failure))
        .contains("INSERT INTO planted (id) VALUES (:id)")
        .doesNotContain("planted-db-token");
  }

  @Test
  void aDuplicateKey_isReportedWithoutTheServersDetailNamingTheKey() {
    jdbi.useHandle(
        h -> h.createUpdate("INSERT INTO planted (id) VALUES (:id)").bind("id", PLANTED).execute());

    Throwable failure =
        catchThrowable(
            () ->
                jdbi.useHandle(
                    h ->
                        h.createUpdate("INSERT INTO planted (id) VALUES (:id)")
                            .bind("id", PLANTED)
                            .execute()));

    assertThat(trace(failure)).contains("duplicate key").doesNotContain("planted-db-token");
  }

  @Test
  void badJson_isReportedWithoutTheServersExcerptOfIt() {
    Throwable failure =
        catchThrowable(
            () ->
                jdbi.useHandle(
                    h ->
                        h.createUpdate(
                                "INSERT INTO planted (id, doc) VALUES ('j', CAST(:doc AS jsonb))")
                            .bind("doc", "{\"authorization\": \"" + PLANTED + "\" oops}")
                            .execute()));

    assertThat(trace(failure)).contains("json").doesNotContain("planted-db-token");
  }

  private static String trace(Throwable t) {
    assertThat(t).isNotNull();
    StringWriter out = new StringWriter();
    t.printStackTrace(new PrintWriter(out));
    return out.toString();
  }
}
