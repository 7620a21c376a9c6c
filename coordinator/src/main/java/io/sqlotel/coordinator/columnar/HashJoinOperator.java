package io.sqlotel.coordinator.columnar;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.calcite.rel.core.JoinRelType;

/**
 * An equi-join on Arrow vectors: materializes the right (build) input in a {@link JoinHashTable} over its key
 * columns, then streams the left (probe) input batch by batch.
 *
 * <p>SQL semantics: a NULL key never matches; LEFT, RIGHT and FULL pad unmatched rows with NULLs; SEMI and ANTI
 * return left columns only, ANTI with NOT EXISTS semantics (a left row with a NULL key is returned). Key pairs may
 * mix numeric types (compared by value, see {@link JoinKey}). Output rows come in probe order, each probe row's
 * matches in build order, then (RIGHT, FULL) the unmatched build rows in build order; values are copied exactly
 * (timestamps keep their nanoseconds) into batches of at most {@code batchRows} rows, all full but the last.
 *
 * <p>The hash table's heap arrays (25 to 47 bytes per build row) are charged to {@code allocator} through a
 * {@link HeapCharge}, so that over its limit {@link #next()} fails with Arrow's {@code OutOfMemoryException};
 * closing releases the charge.
 */
public final class HashJoinOperator implements BatchOperator {
  /** The join types. */
  public enum JoinType {
    INNER, LEFT, RIGHT, FULL, SEMI, ANTI;

    /**
     * The join type of a Calcite join.
     *
     * @throws IllegalArgumentException for ASOF joins
     */
    public static JoinType of(JoinRelType type) {
      return switch (requireNonNull(type, "type is null")) {
        case INNER -> INNER;
        case LEFT -> LEFT;
        case RIGHT -> RIGHT;
        case FULL -> FULL;
        case SEMI -> SEMI;
        case ANTI -> ANTI;
        default -> throw new IllegalArgumentException("unsupported join type: " + type);
      };
    }

    /** Whether the output has the right input's columns. */
    boolean projectsRight() {
      return this != SEMI && this != ANTI;
    }

    /** Whether unmatched left rows are returned NULL-padded. */
    boolean padsLeftRows() {
      return this == LEFT || this == FULL;
    }

    /** Whether unmatched right rows are returned NULL-padded. */
    boolean padsRightRows() {
      return this == RIGHT || this == FULL;
    }
  }

  private enum Phase { BUILD, PROBE, UNMATCHED, DONE }

  private static final int MAX_PAIRS = 4096;

  private final BatchOperator left;
  private final BatchOperator right;
  private final int[] leftKeys;
  private final JoinType type;
  private final BufferAllocator allocator;
  private final int batchRows;
  private final Schema outSchema;
  private final int leftColumns;
  private final int rightColumns;
  private final JoinHashTable table;
  private final HeapCharge heap;
  private Phase phase;

  private VectorSchemaRoot probe;
  private FieldVector[] probeKeys;
  private int[] probeHashes;
  private boolean[] probeNulls;
  private int probeRow;
  private int match;
  private int unmatchedRow;

  /** Output pairs not yet copied: left row of {@link #probe} and build row ref, {@code -1} for NULLs. */
  private final int[] pairLeft;
  private final long[] pairRight;
  private int pairs;
  private List<FieldVector> out;
  private int outRows;
  private boolean closed;

  /**
   * Creates the join.
   *
   * @param left the probe input (owned by this operator from now on)
   * @param right the build input, read completely first (owned by this operator from now on)
   * @param leftKeys the key columns' indexes in the left input
   * @param rightKeys the key columns' indexes in the right input, pairwise with {@code leftKeys} (no keys: every
   *     pair of rows matches)
   * @param batchRows the most rows per output batch, {@code >= 1}
   * @param outSchema the left columns then (unless SEMI or ANTI) the right columns, with the inputs' Arrow types;
   *     the side(s) an outer join pads with NULLs must be nullable
   * @throws IllegalArgumentException on a bad key, key types that cannot be compared, a batch size or an output
   *     schema that does not fit (both inputs are closed)
   */
  public HashJoinOperator(BatchOperator left, BatchOperator right, int[] leftKeys, int[] rightKeys, JoinType type,
      BufferAllocator allocator, int batchRows, Schema outSchema) {
    this.left = requireNonNull(left, "left is null");
    this.right = requireNonNull(right, "right is null");
    try { // fields are set here rather than in initializers, so that any failure closes the inputs
      this.phase = Phase.BUILD;
      this.probeHashes = new int[0];
      this.probeNulls = new boolean[0];
      this.match = -1;
      this.leftKeys = requireNonNull(leftKeys, "leftKeys is null").clone();
      requireNonNull(rightKeys, "rightKeys is null");
      this.type = requireNonNull(type, "type is null");
      this.allocator = requireNonNull(allocator, "allocator is null");
      this.outSchema = requireNonNull(outSchema, "outSchema is null");
      if (batchRows < 1) {
        throw new IllegalArgumentException("batchRows must be >= 1: " + batchRows);
      }
      this.batchRows = batchRows;
      if (leftKeys.length != rightKeys.length) {
        throw new IllegalArgumentException(leftKeys.length + " left keys but " + rightKeys.length + " right keys");
      }
      List<Field> l = left.schema().getFields();
      List<Field> r = right.schema().getFields();
      JoinKey[] keys = new JoinKey[leftKeys.length];
      for (int k = 0; k < keys.length; k++) {
        keys[k] = JoinKey.of(l.get(checkColumn(leftKeys[k], l.size())).getType(),
            r.get(checkColumn(rightKeys[k], r.size())).getType());
      }
      this.leftColumns = l.size();
      this.rightColumns = type.projectsRight() ? r.size() : 0;
      List<Field> o = outSchema.getFields();
      if (o.size() != leftColumns + rightColumns) {
        throw new IllegalArgumentException("output schema has " + o.size() + " columns, expected "
            + (leftColumns + rightColumns));
      }
      for (int c = 0; c < leftColumns; c++) {
        checkOutput(l.get(c), o.get(c), type.padsRightRows());
      }
      for (int c = 0; c < rightColumns; c++) {
        checkOutput(r.get(c), o.get(leftColumns + c), type.padsLeftRows());
      }
      this.heap = new HeapCharge(allocator, "hash join state"); // holds nothing until the build side arrives
      this.table = new JoinHashTable(rightKeys, keys, heap);
      this.pairLeft = new int[Math.min(batchRows, MAX_PAIRS)];
      this.pairRight = new long[pairLeft.length];
    } catch (RuntimeException | Error e) {
      Batches.closeQuietly(left, e);
      Batches.closeQuietly(right, e);
      throw e;
    }
  }

  private static int checkColumn(int column, int columns) {
    if (column < 0 || column >= columns) {
      throw new IllegalArgumentException("key column " + column + " is out of range (input has " + columns + ")");
    }
    return column;
  }

  private static void checkOutput(Field in, Field out, boolean padded) {
    if (!in.getType().equals(out.getType())) {
      throw new IllegalArgumentException("input column " + in.getName() + " has type " + in.getType()
          + " but output column " + out.getName() + " has " + out.getType());
    }
    if (padded && !out.isNullable()) {
      throw new IllegalArgumentException("output column " + out.getName() + " must be nullable for this join");
    }
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
      if (phase == Phase.BUILD) {
        build();
      }
      while (true) {
        if (outRows + pairs == batchRows) {
          return takeOutput();
        }
        if (pairs == pairLeft.length) {
          copyPairs();
        }
        switch (phase) {
          case PROBE -> probeStep();
          case UNMATCHED -> unmatchedStep();
          default -> {
            if (outRows + pairs > 0) {
              return takeOutput();
            }
            close(); // the end: release the build side now
            return null;
          }
        }
      }
    } catch (RuntimeException | Error e) {
      Batches.closeQuietly(this, e);
      throw e;
    }
  }

  /** Reads the whole right input into the hash table. */
  private void build() {
    phase = Phase.PROBE;
    VectorSchemaRoot b;
    while ((b = right.next()) != null) {
      table.add(b);
    }
    right.close();
    table.finish(type.padsRightRows());
    if (table.rowCount() == 0 && (type == JoinType.INNER || type == JoinType.SEMI || type == JoinType.RIGHT)) {
      left.close(); // nothing can match: don't read the probe side
      phase = Phase.DONE;
    }
  }

  /** Reads the next probe batch if needed and adds its output pairs until the pair buffer is full. */
  private void probeStep() {
    if (probe == null) {
      VectorSchemaRoot b = left.next();
      if (b == null) {
        left.close();
        phase = type.padsRightRows() ? Phase.UNMATCHED : Phase.DONE;
        return;
      }
      probe = b;
      int rows = b.getRowCount();
      if (probeHashes.length < rows) {
        probeHashes = new int[rows];
        probeNulls = new boolean[rows];
      }
      probeKeys = JoinHashTable.keyVectors(b, leftKeys);
      table.hashKeys(probeKeys, rows, probeHashes, probeNulls);
      probeRow = 0;
      match = -1;
    }
    probeRows();
    if (probeRow == probe.getRowCount()) {
      copyPairs(); // the pairs refer to this batch: copy them before closing it
      VectorSchemaRoot done = probe;
      probe = null;
      probeKeys = null;
      done.close();
    }
  }

  /** Adds the output pairs of the current probe batch from {@link #probeRow} on while there is room. */
  private void probeRows() {
    int rows = probe.getRowCount();
    boolean track = type.padsRightRows();
    while (probeRow < rows && room() > 0) {
      int r = probeRow;
      if (match < 0) { // a new probe row
        int first = probeNulls[r] ? -1 : table.find(probeKeys, r, probeHashes[r]);
        if (type == JoinType.SEMI || type == JoinType.ANTI) {
          if ((first >= 0) == (type == JoinType.SEMI)) {
            addPair(r, -1);
          }
          probeRow++;
          continue;
        }
        if (first < 0) {
          if (type.padsLeftRows()) {
            addPair(r, -1);
          }
          probeRow++;
          continue;
        }
        match = first; // stays on this row until all its matches are out
      }
      int room = room();
      for (int k = 0; k < room && match >= 0; k++) {
        addPair(r, table.ref(match));
        if (track) {
          table.markMatched(match);
        }
        match = table.next(match);
      }
      if (match < 0) {
        probeRow = r + 1;
      }
    }
  }

  /** Adds unmatched build rows (NULL-padded on the left) while there is room. */
  private void unmatchedStep() {
    int rows = table.rowCount();
    while (unmatchedRow < rows && room() > 0) {
      int g = unmatchedRow++;
      if (!table.matched(g)) {
        addPair(-1, table.ref(g));
      }
    }
    if (unmatchedRow == rows) {
      phase = Phase.DONE;
    }
  }

  private int room() {
    return Math.min(pairLeft.length - pairs, batchRows - outRows - pairs);
  }

  private void addPair(int leftRow, long rightRef) {
    pairLeft[pairs] = leftRow;
    pairRight[pairs] = rightRef;
    pairs++;
  }

  /** Copies the buffered pairs' values into the output vectors, column by column. */
  private void copyPairs() {
    if (pairs == 0) {
      return;
    }
    if (out == null) {
      out = allocateOutput();
    }
    for (int c = 0; c < leftColumns; c++) {
      FieldVector dst = out.get(c);
      FieldVector src = probe == null ? null : probe.getVector(c);
      for (int k = 0; k < pairs; k++) {
        int r = pairLeft[k];
        if (r < 0) {
          dst.setNull(outRows + k);
        } else {
          dst.copyFromSafe(r, outRows + k, src);
        }
      }
    }
    FieldVector[][] build = table.columns();
    for (int c = 0; c < rightColumns; c++) {
      FieldVector dst = out.get(leftColumns + c);
      for (int k = 0; k < pairs; k++) {
        long ref = pairRight[k];
        if (ref < 0) {
          dst.setNull(outRows + k);
        } else {
          dst.copyFromSafe((int) ref, outRows + k, build[(int) (ref >>> 32)][c]);
        }
      }
    }
    outRows += pairs;
    pairs = 0;
  }

  private List<FieldVector> allocateOutput() {
    List<FieldVector> vectors = new ArrayList<>(outSchema.getFields().size());
    try {
      for (Field f : outSchema.getFields()) {
        vectors.add(Batches.allocate(f, allocator, Math.min(batchRows, MAX_PAIRS)));
      }
      return vectors;
    } catch (RuntimeException | Error e) {
      Batches.closeAll(vectors, e);
      throw e;
    }
  }

  /** The output batch built so far (the pending pairs copied); the next output starts empty. */
  private VectorSchemaRoot takeOutput() {
    copyPairs();
    List<FieldVector> vectors = out;
    int rows = outRows;
    out = null;
    outRows = 0;
    try {
      for (FieldVector v : vectors) {
        v.setValueCount(rows);
      }
      return new VectorSchemaRoot(outSchema.getFields(), vectors, rows);
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
    phase = Phase.DONE;
    List<AutoCloseable> all = new ArrayList<>();
    if (out != null) {
      all.addAll(out);
    }
    out = null;
    all.add(probe);
    probe = null;
    probeKeys = null;
    all.add(table);
    all.add(heap); // the table's arrays are garbage from now on
    all.add(left);
    all.add(right);
    Batches.closeAll(all);
  }
}
