package io.sqlotel.flight.producer;

import static org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportsConvert.SQL_CONVERT_BIGINT_VALUE;
import static org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportsConvert.SQL_CONVERT_BINARY_VALUE;
import static org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportsConvert.SQL_CONVERT_BIT_VALUE;
import static org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportsConvert.SQL_CONVERT_CHAR_VALUE;
import static org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportsConvert.SQL_CONVERT_DATE_VALUE;
import static org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportsConvert.SQL_CONVERT_DECIMAL_VALUE;
import static org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportsConvert.SQL_CONVERT_FLOAT_VALUE;
import static org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportsConvert.SQL_CONVERT_INTEGER_VALUE;
import static org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportsConvert.SQL_CONVERT_NUMERIC_VALUE;
import static org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportsConvert.SQL_CONVERT_REAL_VALUE;
import static org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportsConvert.SQL_CONVERT_SMALLINT_VALUE;
import static org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportsConvert.SQL_CONVERT_TIMESTAMP_VALUE;
import static org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportsConvert.SQL_CONVERT_TINYINT_VALUE;
import static org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportsConvert.SQL_CONVERT_VARBINARY_VALUE;
import static org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportsConvert.SQL_CONVERT_VARCHAR_VALUE;

import io.sqlotel.flight.ServerVersion;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import org.apache.arrow.flight.FlightProducer.ServerStreamListener;
import org.apache.arrow.flight.sql.FlightSqlProducer;
import org.apache.arrow.flight.sql.SqlInfoBuilder;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlInfo;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlNullOrdering;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlOuterJoinsSupportLevel;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportedCaseSensitivity;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportedGroupBy;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportedResultSetType;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportedSubqueries;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportedTransaction;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportedUnions;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlTransactionIsolationLevel;
import org.apache.arrow.flight.sql.impl.FlightSql.SupportedAnsi92SqlGrammarLevel;
import org.apache.arrow.flight.sql.impl.FlightSql.SupportedSqlGrammar;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * The server's answers to GetSqlInfo: every key the Flight SQL JDBC driver reads for {@code DatabaseMetaData} (a
 * missing key makes the driver throw), plus the Flight SQL server keys ADBC asks for.
 *
 * <p>What they say: sqlotel is a read-only SQL server (no DDL, no transactions, no savepoints, no batches); SQL
 * identifiers are case-insensitive, quoted with {@code "}; NULLs sort low (first ascending, last descending) as in
 * SQLite; no length limits are advertised (0 = none or unknown). Requests for keys we do not know are answered
 * without them, as the spec allows.
 */
public final class SqlInfos {
  /** The server name reported to clients. */
  public static final String SERVER_NAME = "sqlotel";

  private final SqlInfoBuilder builder = new SqlInfoBuilder();
  private final Set<Integer> keys = new TreeSet<>();

  private SqlInfos() {}

  /** The standard answers of this server. */
  public static SqlInfos standard() {
    SqlInfos s = new SqlInfos();
    s.serverKeys();
    s.syntaxKeys();
    s.capabilityKeys();
    s.limitKeys();
    s.transactionKeys();
    return s;
  }

  /** The info codes this server answers, ascending. */
  public Set<Integer> keys() {
    return Collections.unmodifiableSet(keys);
  }

  /**
   * Streams the requested infos (all known ones for an empty request) with the GetSqlInfo schema, then ends the
   * stream with exactly one {@code completed()} or {@code error()}.
   *
   * @param requested info codes the client asked for; unknown codes are skipped
   * @param allocator used only when no requested key is known (to send an empty result)
   */
  public void send(List<Integer> requested, BufferAllocator allocator, ServerStreamListener listener) {
    List<Integer> infos = new ArrayList<>();
    if (requested.isEmpty()) {
      infos.addAll(keys);
    } else {
      for (Integer code : requested) {
        if (keys.contains(code)) {
          infos.add(code);
        }
      }
    }
    if (infos.isEmpty()) {
      // SqlInfoBuilder treats an empty list as "everything"; answer "nothing you asked for is known" ourselves.
      try (VectorSchemaRoot root = VectorSchemaRoot.create(FlightSqlProducer.Schemas.GET_SQL_INFO_SCHEMA, allocator)) {
        root.setRowCount(0);
        listener.start(root);
        listener.completed();
      }
      return;
    }
    builder.send(infos, new SingleTerminalListener(listener));
  }

  private SqlInfos with(SqlInfo key, UnaryOperator<SqlInfoBuilder> setter) {
    setter.apply(builder);
    keys.add(key.getNumber());
    return this;
  }

  private void serverKeys() {
    with(SqlInfo.FLIGHT_SQL_SERVER_NAME, b -> b.withFlightSqlServerName(SERVER_NAME));
    with(SqlInfo.FLIGHT_SQL_SERVER_VERSION, b -> b.withFlightSqlServerVersion(ServerVersion.sqlotel()));
    with(SqlInfo.FLIGHT_SQL_SERVER_ARROW_VERSION, b -> b.withFlightSqlServerArrowVersion(ServerVersion.arrow()));
    with(SqlInfo.FLIGHT_SQL_SERVER_READ_ONLY, b -> b.withFlightSqlServerReadOnly(true));
    with(SqlInfo.FLIGHT_SQL_SERVER_SQL, b -> b.withFlightSqlServerSql(true));
    with(SqlInfo.FLIGHT_SQL_SERVER_SUBSTRAIT, b -> b.withFlightSqlServerSubstrait(false));
    with(SqlInfo.FLIGHT_SQL_SERVER_TRANSACTION,
        b -> b.withFlightSqlServerTransaction(SqlSupportedTransaction.SQL_SUPPORTED_TRANSACTION_NONE));
    // Clients cancel by cancelling the DoGet stream; the CancelFlightInfo action is not offered.
    with(SqlInfo.FLIGHT_SQL_SERVER_CANCEL, b -> b.withFlightSqlServerCancel(false));
    with(SqlInfo.FLIGHT_SQL_SERVER_BULK_INGESTION, b -> b.withFlightSqlServerBulkIngestion(false));
    with(SqlInfo.FLIGHT_SQL_SERVER_INGEST_TRANSACTIONS_SUPPORTED,
        b -> b.withFlightSqlServerBulkIngestionTransaction(false));
    with(SqlInfo.FLIGHT_SQL_SERVER_STATEMENT_TIMEOUT, b -> b.withFlightSqlServerStatementTimeout(0));
    with(SqlInfo.FLIGHT_SQL_SERVER_TRANSACTION_TIMEOUT, b -> b.withFlightSqlServerTransactionTimeout(0));
  }

  private void syntaxKeys() {
    with(SqlInfo.SQL_DDL_CATALOG, b -> b.withSqlDdlCatalog(false));
    with(SqlInfo.SQL_DDL_SCHEMA, b -> b.withSqlDdlSchema(false));
    with(SqlInfo.SQL_DDL_TABLE, b -> b.withSqlDdlTable(false));
    with(SqlInfo.SQL_IDENTIFIER_CASE,
        b -> b.withSqlIdentifierCase(SqlSupportedCaseSensitivity.SQL_CASE_SENSITIVITY_CASE_INSENSITIVE));
    with(SqlInfo.SQL_IDENTIFIER_QUOTE_CHAR, b -> b.withSqlIdentifierQuoteChar("\""));
    with(SqlInfo.SQL_QUOTED_IDENTIFIER_CASE,
        b -> b.withSqlQuotedIdentifierCase(SqlSupportedCaseSensitivity.SQL_CASE_SENSITIVITY_CASE_INSENSITIVE));
    with(SqlInfo.SQL_ALL_TABLES_ARE_SELECTABLE, b -> b.withSqlAllTablesAreSelectable(true));
    // SQLite (and the shard dialect) sort NULL below every value: first ascending, last descending.
    with(SqlInfo.SQL_NULL_ORDERING, b -> b.withSqlNullOrdering(SqlNullOrdering.SQL_NULLS_SORTED_LOW));
    with(SqlInfo.SQL_KEYWORDS, b -> b.withSqlKeywords(new String[] {
        "EXPLAIN", "FETCH", "FIRST", "ILIKE", "LIMIT", "NEXT", "OFFSET", "PLAN", "ROWS", "TABLESAMPLE",
        "TIMESTAMPADD", "TIMESTAMPDIFF"}));
    with(SqlInfo.SQL_NUMERIC_FUNCTIONS, b -> b.withSqlNumericFunctions(new String[] {
        "ABS", "ACOS", "ASIN", "ATAN", "ATAN2", "CEIL", "CEILING", "COS", "COT", "DEGREES", "EXP", "FLOOR", "LN",
        "LOG10", "MOD", "PI", "POWER", "RADIANS", "RAND", "ROUND", "SIGN", "SIN", "SQRT", "TAN", "TRUNCATE"}));
    with(SqlInfo.SQL_STRING_FUNCTIONS, b -> b.withSqlStringFunctions(new String[] {
        "CHAR_LENGTH", "CHARACTER_LENGTH", "INITCAP", "LOWER", "OVERLAY", "POSITION", "SUBSTRING", "TRIM",
        "UPPER"}));
    with(SqlInfo.SQL_SYSTEM_FUNCTIONS, b -> b.withSqlSystemFunctions(new String[] {"CAST", "COALESCE", "NULLIF"}));
    with(SqlInfo.SQL_DATETIME_FUNCTIONS, b -> b.withSqlDatetimeFunctions(new String[] {
        "CURRENT_DATE", "CURRENT_TIMESTAMP", "EXTRACT", "FLOOR", "CEIL", "LOCALTIMESTAMP", "TIMESTAMPADD",
        "TIMESTAMPDIFF", "YEAR", "QUARTER", "MONTH", "WEEK", "DAYOFYEAR", "DAYOFMONTH", "DAYOFWEEK", "HOUR",
        "MINUTE", "SECOND"}));
    with(SqlInfo.SQL_SEARCH_STRING_ESCAPE, b -> b.withSqlSearchStringEscape("\\"));
    with(SqlInfo.SQL_EXTRA_NAME_CHARACTERS, b -> b.withSqlExtraNameCharacters(""));
    with(SqlInfo.SQL_SCHEMA_TERM, b -> b.withSqlSchemaTerm("schema"));
    with(SqlInfo.SQL_PROCEDURE_TERM, b -> b.withSqlProcedureTerm("procedure"));
    with(SqlInfo.SQL_CATALOG_TERM, b -> b.withSqlCatalogTerm("catalog"));
    with(SqlInfo.SQL_CATALOG_AT_START, b -> b.withSqlCatalogAtStart(true));
  }

  private void capabilityKeys() {
    with(SqlInfo.SQL_SUPPORTS_COLUMN_ALIASING, b -> b.withSqlSupportsColumnAliasing(true));
    with(SqlInfo.SQL_NULL_PLUS_NULL_IS_NULL, b -> b.withSqlNullPlusNullIsNull(true));
    with(SqlInfo.SQL_SUPPORTS_CONVERT, b -> b.withSqlSupportsConvert(convertMatrix()));
    with(SqlInfo.SQL_SUPPORTS_TABLE_CORRELATION_NAMES, b -> b.withSqlSupportsTableCorrelationNames(true));
    with(SqlInfo.SQL_SUPPORTS_DIFFERENT_TABLE_CORRELATION_NAMES,
        b -> b.withSqlSupportsDifferentTableCorrelationNames(false));
    with(SqlInfo.SQL_SUPPORTS_EXPRESSIONS_IN_ORDER_BY, b -> b.withSqlSupportsExpressionsInOrderBy(true));
    with(SqlInfo.SQL_SUPPORTS_ORDER_BY_UNRELATED, b -> b.withSqlSupportsOrderByUnrelated(true));
    with(SqlInfo.SQL_SUPPORTED_GROUP_BY, b -> b.withSqlSupportedGroupBy(
        SqlSupportedGroupBy.SQL_GROUP_BY_UNRELATED, SqlSupportedGroupBy.SQL_GROUP_BY_BEYOND_SELECT));
    with(SqlInfo.SQL_SUPPORTS_LIKE_ESCAPE_CLAUSE, b -> b.withSqlSupportsLikeEscapeClause(true));
    with(SqlInfo.SQL_SUPPORTS_NON_NULLABLE_COLUMNS, b -> b.withSqlSupportsNonNullableColumns(true));
    with(SqlInfo.SQL_SUPPORTED_GRAMMAR, b -> b.withSqlSupportedGrammar(
        SupportedSqlGrammar.SQL_MINIMUM_GRAMMAR, SupportedSqlGrammar.SQL_CORE_GRAMMAR));
    with(SqlInfo.SQL_ANSI92_SUPPORTED_LEVEL,
        b -> b.withSqlAnsi92SupportedLevel(SupportedAnsi92SqlGrammarLevel.ANSI92_ENTRY_SQL));
    with(SqlInfo.SQL_SUPPORTS_INTEGRITY_ENHANCEMENT_FACILITY,
        b -> b.withSqlSupportsIntegrityEnhancementFacility(false));
    with(SqlInfo.SQL_OUTER_JOINS_SUPPORT_LEVEL, b -> b.withSqlOuterJoinSupportLevel(
        SqlOuterJoinsSupportLevel.SQL_LIMITED_OUTER_JOINS, SqlOuterJoinsSupportLevel.SQL_FULL_OUTER_JOINS));
    with(SqlInfo.SQL_SCHEMAS_SUPPORTED_ACTIONS, b -> b.withSqlSchemasSupportedActions());
    with(SqlInfo.SQL_CATALOGS_SUPPORTED_ACTIONS, b -> b.withSqlCatalogsSupportedActions());
    with(SqlInfo.SQL_SUPPORTED_POSITIONED_COMMANDS, b -> b.withSqlSupportedPositionedCommands());
    with(SqlInfo.SQL_SELECT_FOR_UPDATE_SUPPORTED, b -> b.withSqlSelectForUpdateSupported(false));
    with(SqlInfo.SQL_STORED_PROCEDURES_SUPPORTED, b -> b.withSqlStoredProceduresSupported(false));
    with(SqlInfo.SQL_SUPPORTED_SUBQUERIES, b -> b.withSqlSubQueriesSupported(
        SqlSupportedSubqueries.SQL_SUBQUERIES_IN_COMPARISONS, SqlSupportedSubqueries.SQL_SUBQUERIES_IN_EXISTS,
        SqlSupportedSubqueries.SQL_SUBQUERIES_IN_INS, SqlSupportedSubqueries.SQL_SUBQUERIES_IN_QUANTIFIEDS));
    with(SqlInfo.SQL_CORRELATED_SUBQUERIES_SUPPORTED, b -> b.withSqlCorrelatedSubqueriesSupported(true));
    with(SqlInfo.SQL_SUPPORTED_UNIONS,
        b -> b.withSqlSupportedUnions(SqlSupportedUnions.SQL_UNION, SqlSupportedUnions.SQL_UNION_ALL));
    with(SqlInfo.SQL_SUPPORTED_RESULT_SET_TYPES,
        b -> b.withSqlSupportedResultSetTypes(SqlSupportedResultSetType.SQL_RESULT_SET_TYPE_FORWARD_ONLY));
    with(SqlInfo.SQL_BATCH_UPDATES_SUPPORTED, b -> b.withSqlBatchUpdatesSupported(false));
    with(SqlInfo.SQL_SAVEPOINTS_SUPPORTED, b -> b.withSqlSavepointsSupported(false));
    with(SqlInfo.SQL_NAMED_PARAMETERS_SUPPORTED, b -> b.withSqlNamedParametersSupported(false));
    with(SqlInfo.SQL_LOCATORS_UPDATE_COPY, b -> b.withSqlLocatorsUpdateCopy(false));
    with(SqlInfo.SQL_STORED_FUNCTIONS_USING_CALL_SYNTAX_SUPPORTED,
        b -> b.withSqlStoredFunctionsUsingCallSyntaxSupported(false));
  }

  private void limitKeys() {
    // 0 means "no limit or unknown" for every one of these.
    with(SqlInfo.SQL_MAX_BINARY_LITERAL_LENGTH, b -> b.withSqlMaxBinaryLiteralLength(0));
    with(SqlInfo.SQL_MAX_CHAR_LITERAL_LENGTH, b -> b.withSqlMaxCharLiteralLength(0));
    with(SqlInfo.SQL_MAX_COLUMN_NAME_LENGTH, b -> b.withSqlMaxColumnNameLength(0));
    with(SqlInfo.SQL_MAX_COLUMNS_IN_GROUP_BY, b -> b.withSqlMaxColumnsInGroupBy(0));
    with(SqlInfo.SQL_MAX_COLUMNS_IN_INDEX, b -> b.withSqlMaxColumnsInIndex(0));
    with(SqlInfo.SQL_MAX_COLUMNS_IN_ORDER_BY, b -> b.withSqlMaxColumnsInOrderBy(0));
    with(SqlInfo.SQL_MAX_COLUMNS_IN_SELECT, b -> b.withSqlMaxColumnsInSelect(0));
    with(SqlInfo.SQL_MAX_COLUMNS_IN_TABLE, b -> b.withSqlMaxColumnsInTable(0));
    with(SqlInfo.SQL_MAX_CONNECTIONS, b -> b.withSqlMaxConnections(0));
    with(SqlInfo.SQL_MAX_CURSOR_NAME_LENGTH, b -> b.withSqlMaxCursorNameLength(0));
    with(SqlInfo.SQL_MAX_INDEX_LENGTH, b -> b.withSqlMaxIndexLength(0));
    with(SqlInfo.SQL_DB_SCHEMA_NAME_LENGTH, b -> b.withSqlDbSchemaNameLength(0));
    with(SqlInfo.SQL_MAX_PROCEDURE_NAME_LENGTH, b -> b.withSqlMaxProcedureNameLength(0));
    with(SqlInfo.SQL_MAX_CATALOG_NAME_LENGTH, b -> b.withSqlMaxCatalogNameLength(0));
    with(SqlInfo.SQL_MAX_ROW_SIZE, b -> b.withSqlMaxRowSize(0));
    with(SqlInfo.SQL_MAX_ROW_SIZE_INCLUDES_BLOBS, b -> b.withSqlMaxRowSizeIncludesBlobs(true));
    with(SqlInfo.SQL_MAX_STATEMENT_LENGTH, b -> b.withSqlMaxStatementLength(0));
    with(SqlInfo.SQL_MAX_STATEMENTS, b -> b.withSqlMaxStatements(0));
    with(SqlInfo.SQL_MAX_TABLE_NAME_LENGTH, b -> b.withSqlMaxTableNameLength(0));
    with(SqlInfo.SQL_MAX_TABLES_IN_SELECT, b -> b.withSqlMaxTablesInSelect(0));
    with(SqlInfo.SQL_MAX_USERNAME_LENGTH, b -> b.withSqlMaxUsernameLength(0));
  }

  private void transactionKeys() {
    // java.sql.Connection.TRANSACTION_NONE
    with(SqlInfo.SQL_DEFAULT_TRANSACTION_ISOLATION, b -> b.withSqlDefaultTransactionIsolation(0));
    with(SqlInfo.SQL_TRANSACTIONS_SUPPORTED, b -> b.withSqlTransactionsSupported(false));
    with(SqlInfo.SQL_SUPPORTED_TRANSACTIONS_ISOLATION_LEVELS, b -> b.withSqlSupportedTransactionsIsolationLevels(
        SqlTransactionIsolationLevel.SQL_TRANSACTION_NONE));
    with(SqlInfo.SQL_DATA_DEFINITION_CAUSES_TRANSACTION_COMMIT,
        b -> b.withSqlDataDefinitionCausesTransactionCommit(false));
    with(SqlInfo.SQL_DATA_DEFINITIONS_IN_TRANSACTIONS_IGNORED,
        b -> b.withSqlDataDefinitionsInTransactionsIgnored(false));
  }

  /** CAST support: numbers among themselves and to/from text, text to timestamps and dates, binaries to binaries. */
  private static Map<Integer, List<Integer>> convertMatrix() {
    List<Integer> numbers = List.of(SQL_CONVERT_BIGINT_VALUE, SQL_CONVERT_INTEGER_VALUE, SQL_CONVERT_SMALLINT_VALUE,
        SQL_CONVERT_TINYINT_VALUE, SQL_CONVERT_FLOAT_VALUE, SQL_CONVERT_REAL_VALUE, SQL_CONVERT_DECIMAL_VALUE,
        SQL_CONVERT_NUMERIC_VALUE);
    List<Integer> text = List.of(SQL_CONVERT_VARCHAR_VALUE, SQL_CONVERT_CHAR_VALUE);
    List<Integer> binary = List.of(SQL_CONVERT_VARBINARY_VALUE, SQL_CONVERT_BINARY_VALUE);
    Map<Integer, List<Integer>> m = new LinkedHashMap<>();
    List<Integer> fromNumber = concat(numbers, text, List.of(SQL_CONVERT_BIT_VALUE));
    for (Integer n : numbers) {
      m.put(n, fromNumber);
    }
    m.put(SQL_CONVERT_BIT_VALUE, concat(numbers, text, List.of(SQL_CONVERT_BIT_VALUE)));
    List<Integer> fromText = concat(numbers, text,
        List.of(SQL_CONVERT_BIT_VALUE, SQL_CONVERT_TIMESTAMP_VALUE, SQL_CONVERT_DATE_VALUE));
    for (Integer t : text) {
      m.put(t, fromText);
    }
    m.put(SQL_CONVERT_TIMESTAMP_VALUE, concat(text, List.of(SQL_CONVERT_TIMESTAMP_VALUE, SQL_CONVERT_DATE_VALUE)));
    m.put(SQL_CONVERT_DATE_VALUE, concat(text, List.of(SQL_CONVERT_TIMESTAMP_VALUE, SQL_CONVERT_DATE_VALUE)));
    for (Integer b : binary) {
      m.put(b, binary);
    }
    return m;
  }

  @SafeVarargs
  private static List<Integer> concat(List<Integer>... lists) {
    List<Integer> out = new ArrayList<>();
    for (List<Integer> l : lists) {
      out.addAll(l);
    }
    return List.copyOf(out);
  }
}
