package io.sqlotel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every query of {@link ParityQueries#ALL}, sent through the Flight SQL JDBC driver to sqlotel over 1, 2 and 24
 * shards (and over 2 shards that send integers as JSON strings, as a JavaScript shard does), returns what the same
 * query returns on the unsharded SQLite oracle.
 */
class ResultParityIT {
  /**
   * A cluster configuration.
   *
   * @param shards the shard count
   * @param int64AsText whether the shards send integers as JSON strings
   */
  record Setup(int shards, boolean int64AsText) {
    @Override
    public String toString() {
      return shards + (shards == 1 ? " shard" : " shards") + (int64AsText ? ", int64 as text" : "");
    }
  }

  private static final List<Setup> SETUPS =
      List.of(new Setup(1, false), new Setup(2, false), new Setup(24, false), new Setup(2, true));

  /** Per setup: open connections to sqlotel and to the oracle. */
  private static final Map<Setup, Connection[]> CONNECTIONS = new LinkedHashMap<>();

  static Stream<Arguments> cases() {
    return SETUPS.stream().flatMap(s -> ParityQueries.ALL.stream().map(q -> Arguments.of(s, q)));
  }

  @ParameterizedTest(name = "[{0}] {1}")
  @MethodSource("cases")
  void sameResultAsTheOracle(Setup setup, ParityQuery query) throws SQLException {
    if (query.knownBug() == null) {
      oracle(setup).assertSameResult(query);
      return;
    }
    try {
      oracle(setup).assertSameResult(query);
    } catch (AssertionError | SQLException e) {
      Assumptions.abort("known bug (" + query.knownBug() + "): " + e.getMessage());
    }
    fail("the known bug no longer shows, remove its marker from the query: " + query.knownBug());
  }

  /** sqlotel's LIKE is case-sensitive as in standard SQL; SQLite's LIKE is not, its GLOB is. */
  @ParameterizedTest(name = "[{0} shards]")
  @ValueSource(ints = {1, 24})
  void likeIsCaseSensitive(int shards) throws SQLException {
    Setup setup = new Setup(shards, false);
    Oracle o = oracle(setup);
    Oracle.Result r = o.assertSameResult(ParityQuery.of("LIKE is case-sensitive", false,
        "SELECT t FROM edge_values WHERE t LIKE 'ab%'",
        "SELECT t FROM edge_values WHERE t GLOB 'ab*'"));
    assertEquals(4, r.rows().size(), r.rows().toString()); // 'abc' twice, 'abc ', 'ab'; not 'ABC', 'Abc'
    assertTrue(r.rows().stream().allMatch(row -> ((String) row.get(0)).startsWith("ab")), r.rows().toString());
    // The same pattern in upper case finds the other rows only.
    Oracle.Result upper = o.assertSameResult(ParityQuery.of("LIKE upper case", false,
        "SELECT t FROM edge_values WHERE t LIKE 'AB%'",
        "SELECT t FROM edge_values WHERE t GLOB 'AB*'"));
    assertEquals(2, upper.rows().size(), upper.rows().toString());
    // For contrast: SQLite's own LIKE (ASCII case-insensitive) matches every spelling.
    Oracle.Result sqliteLike = Oracle.runOracle(connections(setup)[1],
        "SELECT t FROM edge_values WHERE t LIKE 'ab%'", List.of(Oracle.Kind.TEXT));
    assertEquals(7, sqliteLike.rows().size(), sqliteLike.rows().toString()); // the 6 above and 'Abc'
  }

  /** AVG of an integer column is a DOUBLE (as in SQLite), COUNT and SUM of integers BIGINT, time columns TIMESTAMP. */
  @ParameterizedTest(name = "[{0} shards]")
  @ValueSource(ints = {1, 24})
  void resultColumnTypes(int shards) throws SQLException {
    try (Statement st = connections(new Setup(shards, false))[0].createStatement();
        ResultSet rs = st.executeQuery("SELECT AVG(Duration), COUNT(*), SUM(Duration), MAX(\"Timestamp\"),"
            + " MIN(ServiceName), AVG(\"Value\") FROM otel_traces, (SELECT MAX(\"Value\") AS \"Value\""
            + " FROM otel_metrics_gauge)")) {
      ResultSetMetaData md = rs.getMetaData();
      assertEquals(List.of(Types.DOUBLE, Types.BIGINT, Types.BIGINT, Types.TIMESTAMP, Types.VARCHAR, Types.DOUBLE),
          List.of(md.getColumnType(1), md.getColumnType(2), md.getColumnType(3), md.getColumnType(4),
              md.getColumnType(5), md.getColumnType(6)));
      assertTrue(rs.next());
    }
  }

  @AfterAll
  static void closeConnectionsAndCheckMemory() throws Exception {
    for (Map.Entry<Setup, Connection[]> e : CONNECTIONS.entrySet()) {
      for (Connection c : e.getValue()) {
        c.close();
      }
      Setup s = e.getKey();
      long bytes = ShardedCluster.shared(s.shards(), s.int64AsText()).awaitAllocatorIdle(Duration.ofSeconds(5));
      assertEquals(0, bytes, "Arrow bytes still allocated by the Flight server of the cluster with " + s);
    }
    CONNECTIONS.clear();
  }

  private static Oracle oracle(Setup setup) throws SQLException {
    Connection[] c = connections(setup);
    return new Oracle(c[0], c[1]);
  }

  private static synchronized Connection[] connections(Setup setup) throws SQLException {
    Connection[] c = CONNECTIONS.get(setup);
    if (c == null) {
      ShardedCluster cluster = ShardedCluster.shared(setup.shards(), setup.int64AsText());
      c = new Connection[] {cluster.connect(), cluster.connectOracle()};
      CONNECTIONS.put(setup, c);
    }
    return c;
  }
}
