package io.sqlotel.coordinator.columnar;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.util.TransferPair;
import org.apache.calcite.rel.type.RelDataType;

/** A column of the input batch: shared without copying for all rows, copied for a selection. */
final class InputRefExpr extends ExprNode {
  private final int index;

  /** The input column {@code index}, whose Arrow type matches {@code type}. */
  InputRefExpr(int index, RelDataType type) {
    super(type);
    this.index = index;
  }

  @Override
  public FieldVector evaluate(VectorSchemaRoot batch, int[] rows, int count, BufferAllocator allocator) {
    FieldVector src = batch.getVector(index);
    if (rows == null) {
      TransferPair tp = src.getTransferPair(allocator);
      tp.splitAndTransfer(0, count); // slices share the buffers (reference counted); the batch keeps its column
      return (FieldVector) tp.getTo();
    }
    FieldVector out = allocate(allocator, count);
    try {
      for (int k = 0; k < count; k++) {
        out.copyFromSafe(rows[k], k, src);
      }
      out.setValueCount(count);
      return out;
    } catch (RuntimeException | Error e) {
      Batches.closeQuietly(out, e);
      throw e;
    }
  }
}
