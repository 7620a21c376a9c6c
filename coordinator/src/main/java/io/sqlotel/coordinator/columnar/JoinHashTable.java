package io.sqlotel.coordinator.columnar;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * The build side of a hash join: the build batches as received (no copy) and a hash table over their key columns.
 *
 * <p>Build rows are numbered {@code 0, 1, ...} in input order; {@link #ref} gives a row's {@code (batch << 32) | row}.
 * As in {@link GroupTable}, an open-addressing table of stored hashes holds one slot per distinct key tuple; a slot
 * points at the first build row with that key and {@link #next} chains the others in input order. Rows with a NULL
 * key are kept (for outer joins) but never enter the table. Usage: {@link #add} every batch, then {@link #finish}.
 *
 * <p>The per-row heap arrays (row refs, hashes, chains, slots, matches: 25 to 47 bytes per build row) are charged to
 * a {@link HeapCharge} before they are allocated; the batches are the allocator's already.
 */
final class JoinHashTable implements AutoCloseable {
  /** Named in the error when the limit is reached. */
  static final String WHAT = "the hash join's build table";
  private static final int MAX_ROWS = 1 << 29;
  /** The bytes charged per row while adding: its ref, its hash and (rounded up) its bit in {@code nullKeys}. */
  private static final long ROW_BYTES = Long.BYTES + Integer.BYTES + 1;

  private final int[] keyColumns;
  private final JoinKey[] keys;
  private final HeapCharge heap;
  private final List<VectorSchemaRoot> batches = new ArrayList<>();
  private final List<FieldVector[]> keyVectors = new ArrayList<>();
  private final BitSet nullKeys = new BitSet();
  private long[] refs = new long[0];
  private int[] hashes = new int[0];
  private int rows;
  private int[] chain;
  private int[] slots;
  private boolean[] matched;
  private FieldVector[][] columns;

  /**
   * Creates an empty build side.
   *
   * @param keyColumns the key columns' indexes in the build batches
   * @param keys the key pairs' operations, one per key column
   * @param heap charged with the table's arrays (released by its owner, not by {@link #close()})
   */
  JoinHashTable(int[] keyColumns, JoinKey[] keys, HeapCharge heap) {
    this.keyColumns = keyColumns.clone();
    this.keys = keys.clone();
    this.heap = heap;
  }

  /**
   * Adds a build batch, whose ownership passes to this table (also if this method fails).
   *
   * @throws IllegalStateException if the build side exceeds {@value #MAX_ROWS} rows
   * @throws org.apache.arrow.memory.OutOfMemoryException if the table's arrays would exceed the allocator's limit
   */
  void add(VectorSchemaRoot batch) {
    int n = batch.getRowCount();
    if (n == 0) {
      batch.close();
      return;
    }
    try {
      batches.add(batch);
    } catch (RuntimeException | Error e) {
      Batches.closeQuietly(batch, e);
      throw e;
    }
    if (rows + (long) n > MAX_ROWS) {
      throw new IllegalStateException("the build side of the hash join exceeds " + MAX_ROWS + " rows");
    }
    FieldVector[] kv = keyVectors(batch, keyColumns);
    keyVectors.add(kv);
    if (rows + n > refs.length) {
      int capacity = heap.growArray(refs.length, rows + n, ROW_BYTES, WHAT);
      refs = Arrays.copyOf(refs, capacity);
      hashes = Arrays.copyOf(hashes, capacity);
    }
    int[] h = new int[n];
    boolean[] nulls = new boolean[n];
    hashKeys(kv, n, h, nulls);
    long bi = (long) (batches.size() - 1) << 32;
    for (int r = 0; r < n; r++) {
      refs[rows + r] = bi | r;
      hashes[rows + r] = h[r];
      if (nulls[r]) {
        nullKeys.set(rows + r);
      }
    }
    rows += n;
  }

  /**
   * Builds the hash table; with {@code trackMatches}, {@link #markMatched} records matched rows.
   *
   * @throws org.apache.arrow.memory.OutOfMemoryException if the table's arrays would exceed the allocator's limit
   */
  void finish(boolean trackMatches) {
    columns = new FieldVector[batches.size()][];
    for (int b = 0; b < columns.length; b++) {
      columns[b] = batches.get(b).getFieldVectors().toArray(new FieldVector[0]);
    }
    int keyed = rows - nullKeys.cardinality();
    int capacity = 16;
    while (capacity < 2L * keyed) { // load factor <= 1/2
      capacity <<= 1;
    }
    heap.grow((long) Integer.BYTES * (capacity + rows) + (trackMatches ? rows : 0), WHAT); // slots, chain, matched
    slots = new int[capacity];
    Arrays.fill(slots, -1);
    chain = new int[rows];
    int mask = slots.length - 1;
    for (int g = rows - 1; g >= 0; g--) { // backwards, so that prepending keeps each chain in input order
      if (nullKeys.get(g)) {
        continue;
      }
      int h = hashes[g];
      int s = h & mask;
      while (true) {
        int head = slots[s];
        if (head < 0) {
          chain[g] = -1;
          slots[s] = g;
          break;
        }
        if (hashes[head] == h && buildKeysEqual(g, head)) {
          chain[g] = head;
          slots[s] = g;
          break;
        }
        s = (s + 1) & mask;
      }
    }
    matched = trackMatches ? new boolean[rows] : null;
  }

  /** The number of build rows (NULL keys included). */
  int rowCount() {
    return rows;
  }

  /** Row {@code g}'s {@code (batch << 32) | row}. */
  long ref(int g) {
    return refs[g];
  }

  /** The build batches' vectors, {@code [batch][column]} (after {@link #finish}). */
  FieldVector[][] columns() {
    return columns;
  }

  /**
   * The first build row whose key equals the probe key (non-null) at {@code row} of {@code probeKeys} with hash
   * {@code hash} (see {@link #hashKeys}), or {@code -1}.
   */
  int find(FieldVector[] probeKeys, int row, int hash) {
    int mask = slots.length - 1;
    int s = hash & mask;
    while (true) {
      int g = slots[s];
      if (g < 0 || (hashes[g] == hash && keysEqual(probeKeys, row, g))) {
        return g;
      }
      s = (s + 1) & mask;
    }
  }

  /** The next build row with the same key as row {@code g}, or {@code -1}. */
  int next(int g) {
    return chain[g];
  }

  /** Records that build row {@code g} matched a probe row (requires {@code trackMatches}). */
  void markMatched(int g) {
    matched[g] = true;
  }

  /** Whether build row {@code g} matched a probe row (requires {@code trackMatches}). */
  boolean matched(int g) {
    return matched[g];
  }

  /** The vectors of {@code columns} of {@code batch}. */
  static FieldVector[] keyVectors(VectorSchemaRoot batch, int[] columns) {
    FieldVector[] out = new FieldVector[columns.length];
    for (int k = 0; k < columns.length; k++) {
      out[k] = batch.getVector(columns[k]);
    }
    return out;
  }

  /**
   * Sets {@code hashOut[r]} to the hash of the key tuple of row {@code r}, and {@code nullOut[r]} to whether one of
   * its keys is NULL, for the first {@code rows} rows of the key vectors {@code in}, one key column at a time.
   */
  void hashKeys(FieldVector[] in, int rows, int[] hashOut, boolean[] nullOut) {
    Arrays.fill(hashOut, 0, rows, 0);
    Arrays.fill(nullOut, 0, rows, false);
    for (int k = 0; k < in.length; k++) {
      FieldVector v = in[k];
      JoinKey key = keys[k];
      for (int r = 0; r < rows; r++) {
        if (v.isNull(r)) {
          nullOut[r] = true;
        } else {
          hashOut[r] = hashOut[r] * 31 + key.hash(v, r);
        }
      }
    }
    for (int r = 0; r < rows; r++) {
      hashOut[r] = ValueOps.mix(hashOut[r]);
    }
  }

  private boolean keysEqual(FieldVector[] probe, int row, int g) {
    long ref = refs[g];
    FieldVector[] build = keyVectors.get((int) (ref >>> 32));
    int j = (int) ref;
    for (int k = 0; k < probe.length; k++) {
      if (!keys[k].equal(probe[k], row, build[k], j)) {
        return false;
      }
    }
    return true;
  }

  private boolean buildKeysEqual(int g, int h) {
    return keysEqual(keyVectors.get((int) (refs[g] >>> 32)), (int) refs[g], h);
  }

  @Override
  public void close() {
    columns = null;
    keyVectors.clear();
    List<VectorSchemaRoot> all = new ArrayList<>(batches);
    batches.clear();
    Batches.closeAll(all);
  }
}
