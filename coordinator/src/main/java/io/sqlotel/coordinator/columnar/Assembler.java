package io.sqlotel.coordinator.columnar;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.FieldVector;

/**
 * Collects the results of expression branches evaluated on subsets of the rows (CASE, COALESCE) and assembles them
 * in row order, which variable-width vectors require. Owns the branch vectors it is given.
 */
final class Assembler implements AutoCloseable {
  private final List<FieldVector> parts = new ArrayList<>();
  private final int[] partOf;
  private final int[] indexInPart;

  /** An assembler for {@code count} result rows, all NULL until assigned. */
  Assembler(int count) {
    partOf = new int[count];
    indexInPart = new int[count];
    Arrays.fill(partOf, -1);
  }

  /** Adds a branch result (ownership passes here); returns its part number. */
  int add(FieldVector part) {
    parts.add(part);
    return parts.size() - 1;
  }

  /** Row {@code pos} of the result takes element {@code index} of part {@code part}. */
  void assign(int pos, int part, int index) {
    partOf[pos] = part;
    indexInPart[pos] = index;
  }

  /** Copies the assigned values into {@code out} (a fresh vector of the parts' type), in row order. */
  void copyInto(FieldVector out) {
    for (int k = 0; k < partOf.length; k++) {
      if (partOf[k] >= 0) {
        out.copyFromSafe(indexInPart[k], k, parts.get(partOf[k]));
      }
    }
    out.setValueCount(partOf.length);
  }

  @Override
  public void close() {
    Batches.closeAll(parts);
    parts.clear();
  }
}
