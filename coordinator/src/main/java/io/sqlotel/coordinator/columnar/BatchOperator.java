package io.sqlotel.coordinator.columnar;

import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A pull-based columnar operator: a stream of Arrow batches of one fixed schema.
 *
 * <p>{@link #next()} hands the returned batch to the caller, who must close it; it returns {@code null} at the end
 * (and keeps returning {@code null}). Operators are single-threaded: one consumer calls {@link #next()} and
 * {@link #close()}. An operator owns its inputs and closes them when it is closed or finishes early.
 */
public interface BatchOperator extends AutoCloseable {
  /** The schema of every batch {@link #next()} returns. */
  Schema schema();

  /**
   * Returns the next batch (owned by the caller, at least one row) or {@code null} at the end.
   *
   * @throws RuntimeException if the operator or one of its inputs fails; the operator has then released what it held
   *     and only {@link #close()} remains to be called
   */
  VectorSchemaRoot next();

  /** Releases every buffer the operator and its inputs still hold. Idempotent. */
  @Override
  void close();
}
