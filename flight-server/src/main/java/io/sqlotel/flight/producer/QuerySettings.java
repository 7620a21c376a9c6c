package io.sqlotel.flight.producer;

import io.sqlotel.coordinator.QueryOptions;
import io.sqlotel.flight.error.Errors;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.flight.CallHeaders;
import org.apache.arrow.flight.FlightProducer.CallContext;
import org.apache.arrow.flight.NoOpSessionOptionValueVisitor;
import org.apache.arrow.flight.SessionOptionValue;

/**
 * The per-query settings a client can choose, and where they come from. Each is read, in order of precedence, from
 * a header of the call (the Flight SQL JDBC driver sends URL properties it does not know as headers, so
 * {@code jdbc:arrow-flight-sql://host:port?useEncryption=false&sqlotel.partial_results=true} sets it for every query
 * of the connection), then from the Flight SQL session (SetSessionOptions), then from the server's defaults:
 *
 * <ul>
 *   <li>{@value #PARTIAL_RESULTS} (boolean): succeed on the shards that answered, see
 *       {@link QueryOptions#partialResults()};
 *   <li>{@value #QUERY_TIMEOUT_MS} (integer milliseconds): the query's own timeout, at most the server's;
 *   <li>{@value #CHECK_COVERAGE} (boolean): false lets queries over gaps of the catalog run.
 * </ul>
 *
 * <p>A gRPC deadline of the call (a Flight client's call timeout) also bounds the query: the shorter one applies, less
 * a margin ({@value #GRPC_MARGIN_MILLIS} ms, or a fifth of short deadlines) so the server's own DEADLINE_EXCEEDED,
 * which names the shard it waited for, arrives first.
 *
 * @param timeout the query's timeout, or null for the server's
 * @param partialResults null for the server's default
 * @param checkCoverage null for the server's default
 */
public record QuerySettings(Duration timeout, Boolean partialResults, Boolean checkCoverage) {
  /** Session option and header: partial results on or off. */
  public static final String PARTIAL_RESULTS = "sqlotel.partial_results";
  /** Session option and header: the query timeout in milliseconds. */
  public static final String QUERY_TIMEOUT_MS = "sqlotel.query_timeout_ms";
  /** Session option and header: the coverage check on or off. */
  public static final String CHECK_COVERAGE = "sqlotel.check_coverage";
  /** Every setting's name. */
  public static final Set<String> NAMES = Set.of(PARTIAL_RESULTS, QUERY_TIMEOUT_MS, CHECK_COVERAGE);

  /** How much earlier than a client's gRPC deadline the query's own deadline falls, at most, milliseconds. */
  static final long GRPC_MARGIN_MILLIS = 100;

  /** Nothing chosen: the server's defaults. */
  public static final QuerySettings DEFAULTS = new QuerySettings(null, null, null);

  /** Options with these settings applied. */
  public QueryOptions apply(QueryOptions options) {
    QueryOptions o = options;
    if (timeout != null) {
      o = o.withTimeout(timeout);
    }
    if (partialResults != null) {
      o = o.withPartialResults(partialResults);
    }
    if (checkCoverage != null) {
      o = o.withCoverageCheck(checkCoverage);
    }
    return o;
  }

  /**
   * The settings of a call: its headers over its session, bounded by its gRPC deadline.
   *
   * @param context the call; its {@link SessionMiddleware} may be absent (then only the deadline counts)
   * @throws org.apache.arrow.flight.FlightRuntimeException INVALID_ARGUMENT for a malformed value
   */
  public static QuerySettings of(CallContext context) {
    SessionMiddleware m = context == null ? null : context.getMiddleware(SessionMiddleware.KEY);
    Duration timeout = null;
    Boolean partial = null;
    Boolean coverage = null;
    if (m != null) {
      SessionMiddleware.Session session = m.session();
      if (session != null) {
        Map<String, SessionOptionValue> options = session.options();
        partial = sessionBoolean(options.get(PARTIAL_RESULTS));
        coverage = sessionBoolean(options.get(CHECK_COVERAGE));
        Long ms = sessionLong(options.get(QUERY_TIMEOUT_MS));
        timeout = ms == null ? null : Duration.ofMillis(ms);
      }
      CallHeaders h = m.headers();
      // (no conditional expressions here: Boolean/boolean branches would unbox a null)
      String v = h.get(PARTIAL_RESULTS);
      if (v != null) {
        partial = parseBoolean(PARTIAL_RESULTS, v);
      }
      v = h.get(CHECK_COVERAGE);
      if (v != null) {
        coverage = parseBoolean(CHECK_COVERAGE, v);
      }
      v = h.get(QUERY_TIMEOUT_MS);
      if (v != null) {
        timeout = Duration.ofMillis(parseTimeout(v));
      }
    }
    io.grpc.Deadline grpc = io.grpc.Context.current().getDeadline();
    if (grpc != null) {
      // A little less than the client's deadline, so that the server's answer (naming the shard it waited for)
      // reaches the client before the client gives up on its own.
      long ms = grpc.timeRemaining(TimeUnit.MILLISECONDS);
      Duration left = Duration.ofMillis(Math.max(1, ms - Math.min(GRPC_MARGIN_MILLIS, ms / 5)));
      timeout = timeout == null || left.compareTo(timeout) < 0 ? left : timeout;
    }
    return new QuerySettings(timeout, partial, coverage);
  }

  /**
   * Checks a value given to SetSessionOptions.
   *
   * @return null if valid, else why not
   */
  static String validate(String name, SessionOptionValue value) {
    try {
      if (name.equals(QUERY_TIMEOUT_MS)) {
        if (sessionLong(value) == null) {
          return "expected a positive number of milliseconds";
        }
      } else if (sessionBoolean(value) == null) {
        return "expected true or false";
      }
      return null;
    } catch (RuntimeException e) {
      return e.getMessage();
    }
  }

  private static Boolean sessionBoolean(SessionOptionValue value) {
    if (value == null) {
      return null;
    }
    return value.acceptVisitor(new NoOpSessionOptionValueVisitor<Boolean>() {
      @Override
      public Boolean visit(boolean b) {
        return b;
      }

      @Override
      public Boolean visit(String s) {
        return parseBoolean("session option", s);
      }

      @Override
      public Boolean visit(long l) {
        return l != 0;
      }
    });
  }

  private static Long sessionLong(SessionOptionValue value) {
    if (value == null) {
      return null;
    }
    Long ms = value.acceptVisitor(new NoOpSessionOptionValueVisitor<Long>() {
      @Override
      public Long visit(long l) {
        return l;
      }

      @Override
      public Long visit(double d) {
        return (long) d;
      }

      @Override
      public Long visit(String s) {
        return parseTimeout(s);
      }
    });
    return ms == null || ms <= 0 ? null : ms;
  }

  private static boolean parseBoolean(String name, String v) {
    switch (v.trim().toLowerCase(Locale.ROOT)) {
      case "true": case "1": case "yes": case "on":
        return true;
      case "false": case "0": case "no": case "off":
        return false;
      default:
        throw Errors.invalidArgument(name + " must be true or false, got '" + v + "'");
    }
  }

  private static long parseTimeout(String v) {
    try {
      long ms = Long.parseLong(v.trim());
      if (ms > 0) {
        return ms;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw Errors.invalidArgument(QUERY_TIMEOUT_MS + " must be a positive number of milliseconds, got '" + v + "'");
  }
}
