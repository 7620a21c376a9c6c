package io.sqlotel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The fixture of the ITs that query the shared 24-shard cluster through one JDBC connection and compare with one
 * connection to the unsharded oracle: opened before the class's tests, closed after them, and the Flight server must
 * then hold no Arrow memory. The ITs run one class at a time (one failsafe fork), so the static fields are the current
 * class's.
 */
abstract class SharedClusterIT {
  /** How long the statistics of a query or the release of its memory may take to arrive. */
  static final Duration WAIT = Duration.ofSeconds(10);

  static ShardedCluster cluster;
  /** The Flight SQL JDBC driver's connection to sqlotel. */
  static Connection sqlotel;
  /** sqlite-jdbc's connection to the unsharded oracle file. */
  static Connection oracle;

  @BeforeAll
  static void connectToSharedCluster() throws Exception {
    cluster = ShardedCluster.shared(24);
    sqlotel = cluster.connect();
    oracle = cluster.connectOracle();
  }

  @AfterAll
  static void closeConnections() throws Exception {
    sqlotel.close();
    oracle.close();
    assertEquals(0, cluster.awaitAllocatorIdle(WAIT), "Arrow bytes still allocated by the Flight server");
  }
}
