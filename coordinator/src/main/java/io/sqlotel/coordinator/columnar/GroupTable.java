package io.sqlotel.coordinator.columnar;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * The groups of a hash aggregate: assigns dense group ids (0, 1, ... in order of first appearance) to the distinct
 * key tuples of the input batches. The distinct keys are stored in growing Arrow vectors (one per key column, row
 * {@code g} = group {@code g}); an open-addressing table of group ids is probed with hashes computed column by
 * column. NULL is a key value of its own (all NULLs of a column form one group). With no key columns there is exactly
 * one group, which exists before any input. The table's heap arrays (8 to 16 bytes of slots and 4 to 8 bytes of hashes
 * per group) are charged to a {@link HeapCharge} before they grow, the key vectors to the allocator.
 */
final class GroupTable implements AutoCloseable {
  /** Named in the error when the limit is reached. */
  static final String WHAT = "the group table";
  private static final int NULL_HASH = 0x6b43a9b5;
  private static final int INITIAL_CAPACITY = 64;

  private final int[] keyColumns;
  private final ValueOps[] ops;
  private final HeapCharge heap;
  private final List<FieldVector> keys = new ArrayList<>();
  private int[] slots;
  private int[] groupHashes;
  private int groupCount;

  /**
   * Creates an empty table.
   *
   * @param keyColumns the key columns' indexes in the input batches
   * @param keyFields the key columns' fields (their types decide the state vectors)
   * @param allocator allocates the key vectors
   * @param heap charged with the table's arrays (released by its owner, not by {@link #close()})
   * @throws org.apache.arrow.memory.OutOfMemoryException if the allocator's limit leaves no room
   */
  GroupTable(int[] keyColumns, List<Field> keyFields, BufferAllocator allocator, HeapCharge heap) {
    this.keyColumns = keyColumns.clone();
    this.ops = new ValueOps[keyColumns.length];
    this.heap = heap;
    heap.grow(2L * Integer.BYTES * INITIAL_CAPACITY, WHAT);
    this.slots = new int[INITIAL_CAPACITY];
    this.groupHashes = new int[INITIAL_CAPACITY];
    try {
      for (int k = 0; k < keyColumns.length; k++) {
        ops[k] = ValueOps.of(keyFields.get(k).getType());
        keys.add(Batches.allocate(keyFields.get(k), allocator, INITIAL_CAPACITY));
      }
    } catch (RuntimeException | Error e) {
      Batches.closeAll(keys, e);
      throw e;
    }
    Arrays.fill(slots, -1);
    groupCount = keyColumns.length == 0 ? 1 : 0;
  }

  /** The number of groups so far. */
  int groupCount() {
    return groupCount;
  }

  /** The distinct values of key column {@code k}; row {@code g} belongs to group {@code g}. */
  FieldVector keyVector(int k) {
    return keys.get(k);
  }

  /**
   * Finds or adds the group of each row of {@code batch}; returns the group ids, one per row.
   *
   * @throws org.apache.arrow.memory.OutOfMemoryException if the keys or the table exceed the allocator's limit
   */
  int[] groupIds(VectorSchemaRoot batch) {
    int rows = batch.getRowCount();
    int[] ids = new int[rows];
    if (keyColumns.length == 0) {
      return ids; // the single global group
    }
    FieldVector[] in = new FieldVector[keyColumns.length];
    for (int k = 0; k < in.length; k++) {
      in[k] = batch.getVector(keyColumns[k]);
    }
    int[] hashes = hashes(in, rows);
    for (int r = 0; r < rows; r++) {
      ids[r] = findOrAdd(in, r, hashes[r]);
    }
    for (FieldVector v : keys) {
      v.setValueCount(groupCount);
    }
    return ids;
  }

  /** Hashes of the key tuples of {@code rows} rows, computed one key column at a time. */
  private int[] hashes(FieldVector[] in, int rows) {
    int[] h = new int[rows];
    for (int k = 0; k < in.length; k++) {
      FieldVector v = in[k];
      ValueOps op = ops[k];
      for (int r = 0; r < rows; r++) {
        h[r] = h[r] * 31 + (v.isNull(r) ? NULL_HASH : op.hash(v, r));
      }
    }
    for (int r = 0; r < rows; r++) {
      h[r] = ValueOps.mix(h[r]);
    }
    return h;
  }

  private int findOrAdd(FieldVector[] in, int row, int hash) {
    int mask = slots.length - 1;
    int s = hash & mask;
    while (true) {
      int g = slots[s];
      if (g < 0) {
        return add(in, row, hash, s);
      }
      if (groupHashes[g] == hash && keyEquals(in, row, g)) {
        return g;
      }
      s = (s + 1) & mask;
    }
  }

  private boolean keyEquals(FieldVector[] in, int row, int g) {
    for (int k = 0; k < in.length; k++) {
      FieldVector a = in[k];
      FieldVector b = keys.get(k);
      boolean aNull = a.isNull(row);
      boolean bNull = b.isNull(g);
      if (aNull != bNull || (!aNull && !ops[k].equal(a, row, b, g))) {
        return false;
      }
    }
    return true;
  }

  private int add(FieldVector[] in, int row, int hash, int slot) {
    int g = groupCount++;
    for (int k = 0; k < in.length; k++) {
      keys.get(k).copyFromSafe(row, g, in[k]); // groups are appended in order, as variable-width vectors require
    }
    if (g == groupHashes.length) {
      groupHashes = Arrays.copyOf(groupHashes, heap.growArray(g, g + 1, Integer.BYTES, WHAT));
    }
    groupHashes[g] = hash;
    slots[slot] = g;
    if (groupCount * 2 > slots.length) {
      rehash(slots.length * 2);
    }
    return g;
  }

  private void rehash(int capacity) {
    heap.grow((long) Integer.BYTES * capacity, WHAT);
    int[] table = new int[capacity];
    Arrays.fill(table, -1);
    int mask = capacity - 1;
    for (int g = 0; g < groupCount; g++) {
      int s = groupHashes[g] & mask;
      while (table[s] >= 0) {
        s = (s + 1) & mask;
      }
      table[s] = g;
    }
    heap.release((long) Integer.BYTES * slots.length); // the old table is garbage now
    slots = table;
  }

  @Override
  public void close() {
    Batches.closeAll(keys);
    keys.clear();
  }
}
