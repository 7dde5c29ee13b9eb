package io.posthorn.ops;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Objects;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Where a command finds the outbox database. The password is read from the environment only, so it
 * never appears in a shell history or a process list.
 */
final class DatabaseOptions {
  static final String PASSWORD_VARIABLE = "POSTHORN_DB_PASSWORD";

  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(
      names = "--jdbc-url",
      paramLabel = "URL",
      defaultValue = "${env:POSTHORN_JDBC_URL}",
      description =
          "The database with posthorn.outbox (default: $POSTHORN_JDBC_URL, which"
              + " `posthorn dev --print-env` prints).")
  String jdbcUrl;

  @Option(
      names = "--db-user",
      paramLabel = "USER",
      defaultValue = "${env:POSTHORN_DB_USER:-postgres}",
      description =
          "Database user (default: $POSTHORN_DB_USER, else postgres). The password is read from"
              + " $"
              + PASSWORD_VARIABLE
              + ".")
  String user;

  /** A connection, in auto-commit mode; a usage error if no URL was given. */
  Connection connect() throws SQLException {
    if (jdbcUrl == null || jdbcUrl.isBlank()) {
      throw new ParameterException(
          spec.commandLine(),
          "--jdbc-url is required (or set POSTHORN_JDBC_URL; `posthorn dev --print-env` prints it)");
    }
    if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw new ParameterException(
          spec.commandLine(), "--jdbc-url must start with jdbc:postgresql:, got " + jdbcUrl);
    }
    return DriverManager.getConnection(
        jdbcUrl, user, Objects.requireNonNullElse(System.getenv(PASSWORD_VARIABLE), ""));
  }
}
