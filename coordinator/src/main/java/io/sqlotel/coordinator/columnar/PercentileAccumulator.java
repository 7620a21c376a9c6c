package io.sqlotel.coordinator.columnar;

import io.sqlotel.planner.function.ExactPercentile;
import java.util.Arrays;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;

/**
 * Exact PERCENTILE_CONT / PERCENTILE_DISC per group, merged from (value, count) rows — what each shard returns for
 * {@code GROUP BY keys, x} with {@code COUNT(*)} — into one multiset per group
 * ({@link ExactPercentile.ValueCounts}, which also defines the result: PostgreSQL's interpolation and cumulative
 * distribution rules). NULL values and NULL or non-positive counts are skipped; a group without values is NULL.
 * Integer values are kept exactly (PERCENTILE_DISC returns them as BIGINT); PERCENTILE_CONT interpolates in double.
 *
 * <p>The distinct values live on the heap, as many as the input has, so their memory is charged to the query's
 * allocator ({@link HeapCharge}) before it is allocated: over the query's memory limit, {@link #update} throws
 * Arrow's {@code OutOfMemoryException}. Each group's values are released when the group is written.
 */
final class PercentileAccumulator implements Accumulator {
  /** Named in the error when the limit is reached. */
  static final String WHAT = "exact percentile values";
  /** The bytes charged per slot of {@code states} (a reference: 4 or 8 bytes). */
  private static final long SLOT_BYTES = 8;

  private final AggCall call;
  private final boolean integers;
  private final boolean doubleStates; // PERCENTILE_CONT interpolates in double; PERCENTILE_DISC keeps integers exact
  private final HeapCharge heap;
  private ExactPercentile.ValueCounts[] states = new ExactPercentile.ValueCounts[0];

  /**
   * Creates the state.
   *
   * @param integers whether the value column is BIGINT/INTEGER (else DOUBLE)
   * @param heap charged with the states' memory (shared with the aggregate's other calls, closed by the aggregate)
   */
  PercentileAccumulator(AggCall call, boolean integers, HeapCharge heap) {
    this.call = call;
    this.integers = integers;
    this.heap = heap;
    this.doubleStates = !integers || call.kind() == AggCall.Kind.PERCENTILE_CONT;
  }

  @Override
  public void update(FieldVector arg, int[] groupIds, int rows, int groupCount) {
    update(arg, null, groupIds, rows, groupCount);
  }

  /**
   * Folds a batch of (value, count) rows into the groups.
   *
   * @param counts how many times each row's value occurs, or null for once
   * @throws org.apache.arrow.memory.OutOfMemoryException if the states would exceed the allocator's limit
   */
  void update(FieldVector values, FieldVector counts, int[] groupIds, int rows, int groupCount) {
    if (states.length < groupCount) {
      int n = Math.max(groupCount, states.length * 2);
      heap.grow((long) (n - states.length) * SLOT_BYTES, WHAT);
      states = Arrays.copyOf(states, n);
    }
    Readers.LongGetter count = counts == null ? null : Readers.longs(counts);
    Readers.LongGetter longs = integers ? Readers.longs(values) : null;
    Readers.DoubleGetter doubles = integers ? null : Readers.doubles(values);
    for (int r = 0; r < rows; r++) {
      if (values.isNull(r) || (counts != null && counts.isNull(r))) {
        continue;
      }
      long c = count == null ? 1 : count.get(r);
      ExactPercentile.ValueCounts s = state(groupIds[r]);
      if (!doubleStates) {
        s.addLong(longs.get(r), c);
      } else {
        s.addDouble(integers ? (double) longs.get(r) : doubles.get(r), c);
      }
    }
  }

  private ExactPercentile.ValueCounts state(int group) {
    ExactPercentile.ValueCounts s = states[group];
    if (s == null) {
      s = new ExactPercentile.ValueCounts(doubleStates, bytes -> heap.grow(bytes, WHAT));
      heap.grow(s.heapBytes(), WHAT); // its first 200 bytes are charged just after they were allocated
      s.setFraction(call.fraction(), call.descending());
      states[group] = s;
    }
    return s;
  }

  @Override
  public void write(FieldVector out, int from, int count, int groupCount) {
    Writers.LongSetter longs = out instanceof Float8Vector ? null : Writers.longs(out);
    for (int k = 0; k < count; k++) {
      int g = from + k;
      ExactPercentile.ValueCounts s = g < states.length ? states[g] : null;
      if (s == null) {
        continue; // no values: NULL
      }
      if (call.kind() == AggCall.Kind.PERCENTILE_CONT) {
        Double v = s.cont();
        if (v != null) {
          ((Float8Vector) out).setSafe(k, v);
        }
      } else if (longs != null) {
        Long v = s.discLong();
        if (v != null) {
          longs.set(k, v);
        }
      } else {
        Double v = s.discDouble();
        if (v != null) {
          ((Float8Vector) out).setSafe(k, v);
        }
      }
      heap.release(s.heapBytes());
      states[g] = null; // each group is written once: free its values
    }
  }
}
