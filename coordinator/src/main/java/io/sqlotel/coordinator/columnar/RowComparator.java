package io.sqlotel.coordinator.columnar;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/** Orders rows of batches of one schema by a list of {@link SortKey}s, reading the key vectors directly. */
final class RowComparator {
  private final int[] fields;
  private final ValueOps[] ops;
  private final boolean[] descending;
  private final boolean[] nullsFirst;

  /**
   * Creates a comparator for batches of {@code schema}.
   *
   * @throws IllegalArgumentException if a key names no column or a column type is not supported
   */
  RowComparator(Schema schema, List<SortKey> keys) {
    requireNonNull(schema, "schema is null");
    requireNonNull(keys, "keys is null");
    int n = keys.size();
    fields = new int[n];
    ops = new ValueOps[n];
    descending = new boolean[n];
    nullsFirst = new boolean[n];
    for (int k = 0; k < n; k++) {
      SortKey key = requireNonNull(keys.get(k), "sort key is null");
      if (key.field() >= schema.getFields().size()) {
        throw new IllegalArgumentException("sort key " + key + " is out of range for " + schema);
      }
      fields[k] = key.field();
      ops[k] = ValueOps.of(schema.getFields().get(key.field()).getType());
      descending[k] = key.descending();
      nullsFirst[k] = key.nullsFirst();
    }
  }

  /** The key columns of {@code batch}, in key order, for {@link #compare(FieldVector[], int, FieldVector[], int)}. */
  FieldVector[] keyVectors(VectorSchemaRoot batch) {
    FieldVector[] out = new FieldVector[fields.length];
    for (int k = 0; k < fields.length; k++) {
      out[k] = batch.getVector(fields[k]);
    }
    return out;
  }

  /** Compares row {@code i} of {@code a} with row {@code j} of {@code b}: negative if it sorts first. */
  int compare(VectorSchemaRoot a, int i, VectorSchemaRoot b, int j) {
    return compare(keyVectors(a), i, keyVectors(b), j);
  }

  /** Like {@link #compare(VectorSchemaRoot, int, VectorSchemaRoot, int)} over cached {@link #keyVectors}. */
  int compare(FieldVector[] a, int i, FieldVector[] b, int j) {
    for (int k = 0; k < fields.length; k++) {
      FieldVector x = a[k];
      FieldVector y = b[k];
      boolean xNull = x.isNull(i);
      boolean yNull = y.isNull(j);
      if (xNull || yNull) {
        if (xNull && yNull) {
          continue;
        }
        return xNull == nullsFirst[k] ? -1 : 1;
      }
      int c = ops[k].compare(x, i, y, j);
      if (c != 0) {
        return descending[k] ? -c : c;
      }
    }
    return 0;
  }
}
