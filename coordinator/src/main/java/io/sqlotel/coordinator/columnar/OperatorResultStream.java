package io.sqlotel.coordinator.columnar;

import static java.util.Objects.requireNonNull;

import io.sqlotel.coordinator.QueryException;
import io.sqlotel.coordinator.ResultStream;
import io.sqlotel.coordinator.exec.Failures;
import io.sqlotel.coordinator.exec.QueryContext;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A {@link ResultStream} that reads a {@link BatchOperator}: batches are returned under the result schema (vectors
 * moved, not copied, when only names differ), failures become {@link QueryException}s via {@link Failures}, and a
 * cancelled query fails with {@code CANCELLED}. Owns the operator and the query context and closes both.
 */
public final class OperatorResultStream implements ResultStream {
  private final BatchOperator operator;
  private final Schema schema;
  private final QueryContext ctx;
  private final Runnable onCancel;
  private boolean done;

  /**
   * Creates the stream.
   *
   * @param operator the root operator; its column types must equal {@code schema}'s
   * @param schema the result schema (from prepare)
   * @param ctx the query context (allocator, cancel flag), closed with the stream
   * @param onCancel run by {@link #cancel()} from any thread after the flag is set; must be thread-safe
   */
  public OperatorResultStream(BatchOperator operator, Schema schema, QueryContext ctx, Runnable onCancel) {
    this.operator = requireNonNull(operator, "operator is null");
    this.schema = requireNonNull(schema, "schema is null");
    this.ctx = requireNonNull(ctx, "ctx is null");
    this.onCancel = requireNonNull(onCancel, "onCancel is null");
  }

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public VectorSchemaRoot next() {
    if (done) {
      return null;
    }
    try {
      if (ctx.isCancelled()) {
        throw new QueryException(QueryException.Code.CANCELLED, "query " + ctx.queryId() + " cancelled");
      }
      VectorSchemaRoot b = operator.next();
      if (b == null) {
        done = true;
        ctx.checkShards();
        return null;
      }
      try {
        // With partial results, an aggregate over shards that all failed would still yield a row (COUNT(*) = 0).
        ctx.checkShards();
      } catch (RuntimeException e) {
        b.close();
        throw e;
      }
      return Batches.conform(b, schema, ctx.allocator());
    } catch (RuntimeException e) {
      done = true;
      Batches.closeQuietly(operator, e);
      if (ctx.isCancelled() && !(e instanceof QueryException)) {
        throw new QueryException(QueryException.Code.CANCELLED, "query " + ctx.queryId() + " cancelled", e);
      }
      throw Failures.of(e);
    }
  }

  @Override
  public java.util.List<io.sqlotel.coordinator.ShardFailure> shardFailures() {
    return ctx.shardFailures();
  }

  @Override
  public void cancel() {
    ctx.cancel();
    onCancel.run();
  }

  @Override
  public void close() {
    try {
      operator.close();
    } finally {
      ctx.close();
    }
  }
}
