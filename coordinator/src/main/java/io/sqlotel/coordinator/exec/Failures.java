package io.sqlotel.coordinator.exec;

import io.sqlotel.coordinator.QueryException;
import io.sqlotel.coordinator.QueryException.Code;
import io.sqlotel.planner.PlannerException;
import io.sqlotel.shard.client.ShardException;
import io.sqlotel.shard.decode.DecodeException;

/** Maps failures from the planner, the shard connector and execution onto {@link QueryException} codes. */
public final class Failures {
  private Failures() {}

  /**
   * The query exception for {@code t}: RESOURCE_EXHAUSTED if an Arrow {@code OutOfMemoryException} (the query's memory
   * limit) is among its causes, else the first cause that says more (returned as is if it is a query exception).
   */
  public static QueryException of(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof org.apache.arrow.memory.OutOfMemoryException o) {
        return new QueryException(Code.RESOURCE_EXHAUSTED, "query memory limit exceeded: " + o.getMessage(), t);
      }
    }
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof QueryException q) {
        return q;
      }
      if (c instanceof PlannerException p) {
        return new QueryException(Code.INVALID_ARGUMENT, p.getMessage(), p);
      }
      if (c instanceof ShardException s) {
        Code code = switch (s.kind()) {
          case UNAVAILABLE -> Code.UNAVAILABLE;
          case TIMEOUT -> Code.DEADLINE_EXCEEDED;
          case CANCELLED -> Code.CANCELLED;
          case QUERY_ERROR, BAD_RESPONSE -> Code.INTERNAL;
        };
        return new QueryException(code, s.getMessage(), s);
      }
      if (c instanceof DecodeException d) {
        return new QueryException(Code.INTERNAL, d.getMessage(), d);
      }
      if (c instanceof InterruptedException) {
        return new QueryException(Code.CANCELLED, "query cancelled", c);
      }
      if (c instanceof ArithmeticException a) {
        return new QueryException(Code.INVALID_ARGUMENT, "arithmetic error: " + a.getMessage(), a);
      }
    }
    String m = t.getMessage() == null ? t.getClass().getName() : t.getClass().getSimpleName() + ": " + t.getMessage();
    return new QueryException(Code.INTERNAL, "internal error: " + m, t);
  }
}
