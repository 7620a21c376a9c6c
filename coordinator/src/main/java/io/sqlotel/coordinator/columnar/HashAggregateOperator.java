package io.sqlotel.coordinator.columnar;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.TransferPair;

/**
 * The final phase of a two-phase aggregate: merges the shards' partial rows by group key on Arrow vectors.
 *
 * <p>Consumes all input batches, then emits one row per group (in order of first appearance): the key columns, then
 * one column per {@link AggCall}, in batches of at most {@code batchRows} rows. Keys may be BIGINT, INTEGER, DOUBLE,
 * VARCHAR, VARBINARY, BOOLEAN, TIMESTAMP or DECIMAL; NULL keys form a group of their own. With no keys there is exactly
 * one (global) group even for empty input, so e.g. SUM0 gives 0 and SUM/MIN give NULL. Group keys live in growing
 * Arrow vectors and per-call states in primitive arrays indexed by group id (see {@link GroupTable}); exact
 * percentiles keep every distinct value per group on the heap and MIN/MAX of VARCHAR or VARBINARY a copy of each
 * group's value. That heap memory (the hash table, the states, the values) is charged to {@code allocator}
 * ({@link HeapCharge}) as it grows, so that {@link #next()} fails with Arrow's {@code OutOfMemoryException} when it
 * exceeds the allocator's limit; closing releases it.
 */
public final class HashAggregateOperator implements BatchOperator {
  private final BatchOperator input;
  private final int[] groupKeys;
  private final int[] args;
  private final int[] countArgs;
  private final Accumulator[] accumulators;
  private final BufferAllocator allocator;
  private final HeapCharge heap;
  private final int batchRows;
  private final Schema outSchema;
  private GroupTable groups;
  private boolean consumed;
  private int emitted;
  private boolean closed;

  /**
   * Creates the aggregate.
   *
   * @param input the partial rows (owned by this operator from now on)
   * @param groupKeys the key columns' indexes in the input
   * @param calls the aggregates, each reading one input column (or none for {@code COUNT(*)}; percentiles read a
   *     value and a count column)
   * @param batchRows the most rows per output batch, {@code >= 1}
   * @param outSchema the output: the key columns (same Arrow types as the input keys) then one column per call (SUM
   *     and SUM0 to BIGINT/INTEGER from integers, to DOUBLE from numbers, to DECIMAL from exact numbers; COUNT to
   *     BIGINT/INTEGER; MIN/MAX the argument's type; PERCENTILE_CONT to DOUBLE; PERCENTILE_DISC to BIGINT from
   *     integers, to DOUBLE from DOUBLE)
   * @throws IllegalArgumentException on a bad column index, batch size or unsupported type (the input is closed)
   * @throws org.apache.arrow.memory.OutOfMemoryException if the allocator's limit leaves no room for the empty group
   *     table (the input is closed)
   */
  public HashAggregateOperator(BatchOperator input, int[] groupKeys, List<AggCall> calls, BufferAllocator allocator,
      int batchRows, Schema outSchema) {
    this.input = requireNonNull(input, "input is null");
    HeapCharge charge = null;
    try {
      this.groupKeys = requireNonNull(groupKeys, "groupKeys is null").clone();
      requireNonNull(calls, "calls is null");
      this.allocator = requireNonNull(allocator, "allocator is null");
      charge = new HeapCharge(allocator, "hash aggregate state");
      this.heap = charge;
      this.outSchema = requireNonNull(outSchema, "outSchema is null");
      if (batchRows < 1) {
        throw new IllegalArgumentException("batchRows must be >= 1: " + batchRows);
      }
      this.batchRows = batchRows;
      List<Field> in = input.schema().getFields();
      List<Field> out = outSchema.getFields();
      if (out.size() != groupKeys.length + calls.size()) {
        throw new IllegalArgumentException("output schema has " + out.size() + " columns, expected "
            + (groupKeys.length + calls.size()));
      }
      List<Field> keyFields = new ArrayList<>();
      for (int k = 0; k < groupKeys.length; k++) {
        Field f = in.get(checkColumn(groupKeys[k], in.size()));
        if (!f.getType().equals(out.get(k).getType())) {
          throw new IllegalArgumentException("key " + k + " has type " + f.getType() + " but output column "
              + out.get(k).getName() + " has " + out.get(k).getType());
        }
        keyFields.add(f);
      }
      this.args = new int[calls.size()];
      this.countArgs = new int[calls.size()];
      this.accumulators = new Accumulator[calls.size()];
      for (int c = 0; c < calls.size(); c++) {
        AggCall call = requireNonNull(calls.get(c), "call is null");
        args[c] = call.arg() < 0 ? -1 : checkColumn(call.arg(), in.size());
        countArgs[c] = call.countArg() < 0 ? -1 : checkColumn(call.countArg(), in.size());
        accumulators[c] = Accumulators.create(call, args[c] < 0 ? null : in.get(args[c]),
            out.get(groupKeys.length + c), heap);
      }
      this.groups = new GroupTable(this.groupKeys, keyFields, allocator, heap);
    } catch (RuntimeException | Error e) {
      if (charge != null) {
        charge.close(); // the group table's initial arrays
      }
      Batches.closeQuietly(input, e);
      throw e;
    }
  }

  private static int checkColumn(int column, int columns) {
    if (column < 0 || column >= columns) {
      throw new IllegalArgumentException("column " + column + " is out of range (input has " + columns + ")");
    }
    return column;
  }

  @Override
  public Schema schema() {
    return outSchema;
  }

  @Override
  public VectorSchemaRoot next() {
    if (closed) {
      return null;
    }
    try {
      if (!consumed) {
        consume();
      }
      int total = groups.groupCount();
      if (emitted >= total) {
        close();
        return null;
      }
      int count = Math.min(batchRows, total - emitted);
      VectorSchemaRoot out = emit(emitted, count, total);
      emitted += count;
      return out;
    } catch (RuntimeException | Error e) {
      Batches.closeQuietly(this, e);
      throw e;
    }
  }

  private void consume() {
    consumed = true;
    VectorSchemaRoot b;
    while ((b = input.next()) != null) {
      try (VectorSchemaRoot batch = b) {
        int rows = batch.getRowCount();
        int[] ids = groups.groupIds(batch);
        for (int c = 0; c < accumulators.length; c++) {
          FieldVector arg = args[c] < 0 ? null : batch.getVector(args[c]);
          if (accumulators[c] instanceof PercentileAccumulator p) {
            p.update(arg, batch.getVector(countArgs[c]), ids, rows, groups.groupCount());
          } else {
            accumulators[c].update(arg, ids, rows, groups.groupCount());
          }
        }
      }
    }
    input.close();
  }

  private VectorSchemaRoot emit(int from, int count, int total) {
    List<Field> fields = outSchema.getFields();
    List<FieldVector> vectors = new ArrayList<>(fields.size());
    try {
      for (int k = 0; k < groupKeys.length; k++) {
        FieldVector v = fields.get(k).createVector(allocator);
        vectors.add(v);
        TransferPair tp = groups.keyVector(k).makeTransferPair(v);
        tp.splitAndTransfer(from, count); // the key store keeps its data: the slice shares or copies it
      }
      for (int c = 0; c < accumulators.length; c++) {
        FieldVector v = Batches.allocate(fields.get(groupKeys.length + c), allocator, count);
        vectors.add(v);
        accumulators[c].write(v, from, count, total);
        v.setValueCount(count);
      }
      return new VectorSchemaRoot(fields, vectors, count);
    } catch (RuntimeException | Error e) {
      Batches.closeAll(vectors, e);
      throw e;
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    List<AutoCloseable> all = new ArrayList<>();
    all.add(groups);
    all.add(input);
    all.add(heap); // the accumulators' states are garbage from now on
    groups = null;
    Batches.closeAll(all);
  }
}
