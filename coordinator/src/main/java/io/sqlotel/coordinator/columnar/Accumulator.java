package io.sqlotel.coordinator.columnar;

import org.apache.arrow.vector.FieldVector;

/**
 * The running state of one aggregate call for all groups, kept in primitive arrays indexed by group id and updated
 * one input column at a time. The arrays (and any per-group objects) are charged to the query's allocator through the
 * aggregate's {@link HeapCharge} before they grow.
 */
interface Accumulator {
  /**
   * Folds a batch's argument column into the groups.
   *
   * @param arg the argument column, or null for {@code COUNT(*)}
   * @param groupIds the group of each row
   * @param rows the number of rows
   * @param groupCount the number of groups so far (every id is below it)
   * @throws ArithmeticException on integer overflow
   * @throws org.apache.arrow.memory.OutOfMemoryException if the state's growth would exceed the allocator's limit
   */
  void update(FieldVector arg, int[] groupIds, int rows, int groupCount);

  /**
   * Writes the results of groups {@code [from, from+count)} into rows {@code [0, count)} of {@code out}, a freshly
   * allocated vector of the result type (rows left unset are NULL).
   *
   * @param groupCount the final number of groups (groups never updated hold the empty state)
   */
  void write(FieldVector out, int from, int count, int groupCount);
}
