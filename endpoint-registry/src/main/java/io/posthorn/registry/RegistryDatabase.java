package io.posthorn.registry;

import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.StatementException;
import org.jdbi.v3.core.statement.StatementExceptions;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The registry's connection to PostgreSQL, set up so a failed statement never carries the values
 * bound to it: a statement binds endpoint settings, header values and key hashes, and its exception
 * ends up in the log under an error id. jdbi renders a {@link StatementException}'s message with
 * the statement's name and SQL only (its default adds every bound argument), and the driver leaves
 * the server's detail out of its messages ({@code logServerErrorDetail=false}: no {@code Key
 * (id)=(…)} or JSON excerpt).
 */
final class RegistryDatabase {
  private RegistryDatabase() {}

  static PGSimpleDataSource dataSource(String url, String user, String password) {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setURL(url);
    ds.setUser(user);
    ds.setPassword(password);
    ds.setLogServerErrorDetail(false);
    return ds;
  }

  static Jdbi jdbi(DataSource dataSource) {
    return Jdbi.create(dataSource)
        .configure(
            StatementExceptions.class,
            c -> c.setMessageRendering(RegistryDatabase::withoutArguments));
  }

  /** {@code <cause> [statement: "<sql>"]}: what failed and where, never with what. */
  static String withoutArguments(StatementException e) {
    StatementContext ctx = e.getStatementContext();
    String sql =
        ctx == null ? null : ctx.getRenderedSql() != null ? ctx.getRenderedSql() : ctx.getRawSql();
    return sql == null
        ? e.getShortMessage()
        : e.getShortMessage() + " [statement: \"" + sql + "\"]";
  }
}
