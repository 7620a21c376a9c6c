package io.sqlotel.coordinator.columnar;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.TransferPair;

/** Building, copying and releasing Arrow batches; every method frees what it allocated if it fails. */
final class Batches {
  private Batches() {}

  /** A new empty vector for {@code field} with room for {@code rows} values (more are allocated on demand). */
  static FieldVector allocate(Field field, BufferAllocator allocator, int rows) {
    FieldVector v = field.createVector(allocator);
    try {
      if (v instanceof BaseFixedWidthVector f) {
        f.allocateNew(Math.max(rows, 1));
      } else if (v instanceof BaseVariableWidthVector w) {
        w.allocateNew(Math.max(rows, 1) * 16L, Math.max(rows, 1));
      } else {
        v.setInitialCapacity(Math.max(rows, 1));
        v.allocateNew();
      }
      return v;
    } catch (RuntimeException | Error e) {
      v.close();
      throw e;
    }
  }

  /**
   * A batch of {@code schema} with the rows {@code refs[from, from+count)} of {@code sources}, copied column by
   * column; a reference is {@code (sourceIndex << 32) | row}. Sources keep their data.
   */
  static VectorSchemaRoot gather(Schema schema, List<VectorSchemaRoot> sources, long[] refs, int from, int count,
      BufferAllocator allocator) {
    List<FieldVector> out = new ArrayList<>(schema.getFields().size());
    try {
      for (int c = 0; c < schema.getFields().size(); c++) {
        FieldVector v = allocate(schema.getFields().get(c), allocator, count);
        out.add(v);
        for (int k = 0; k < count; k++) {
          long ref = refs[from + k];
          v.copyFromSafe((int) ref, k, sources.get((int) (ref >>> 32)).getVector(c));
        }
        v.setValueCount(count);
      }
      return new VectorSchemaRoot(schema.getFields(), out, count);
    } catch (RuntimeException | Error e) {
      closeAll(out, e);
      throw e;
    }
  }

  /** A batch of {@code schema} holding the rows {@code rows[0, count)} of {@code in} (which keeps its data). */
  static VectorSchemaRoot select(Schema schema, VectorSchemaRoot in, int[] rows, int count,
      BufferAllocator allocator) {
    List<FieldVector> out = new ArrayList<>(schema.getFields().size());
    try {
      for (int c = 0; c < schema.getFields().size(); c++) {
        FieldVector v = allocate(schema.getFields().get(c), allocator, count);
        out.add(v);
        FieldVector src = in.getVector(c);
        for (int k = 0; k < count; k++) {
          v.copyFromSafe(rows[k], k, src);
        }
        v.setValueCount(count);
      }
      return new VectorSchemaRoot(schema.getFields(), out, count);
    } catch (RuntimeException | Error e) {
      closeAll(out, e);
      throw e;
    }
  }

  /**
   * A batch of {@code schema} made of {@code vectors} (ownership passes to the batch): vectors whose field differs
   * from the schema's (name, nullability) are transferred, without copying, into vectors of the schema's field.
   *
   * @throws IllegalArgumentException if the counts or the Arrow types differ (the vectors are closed)
   */
  static VectorSchemaRoot root(Schema schema, List<FieldVector> vectors, int rowCount, BufferAllocator allocator) {
    List<FieldVector> out = new ArrayList<>(vectors.size());
    try {
      List<Field> fields = schema.getFields();
      if (fields.size() != vectors.size()) {
        throw new IllegalArgumentException("expected " + fields.size() + " columns, got " + vectors.size());
      }
      for (int c = 0; c < fields.size(); c++) {
        FieldVector v = vectors.get(c);
        Field f = fields.get(c);
        if (v.getField().equals(f)) {
          out.add(v);
          continue;
        }
        if (!v.getField().getType().equals(f.getType())) {
          throw new IllegalArgumentException("column " + c + " (" + f.getName() + ") has type "
              + v.getField().getType() + ", expected " + f.getType());
        }
        FieldVector to = f.createVector(allocator);
        out.add(to);
        TransferPair tp = v.makeTransferPair(to);
        tp.transfer();
        v.close();
      }
      return new VectorSchemaRoot(fields, out, rowCount);
    } catch (RuntimeException | Error e) {
      closeAll(out, e);
      closeAll(vectors, e);
      throw e;
    }
  }

  /**
   * {@code in} under {@code schema}: itself if the schemas are equal, else its vectors moved (no copy) into vectors of
   * the schema's fields. Ownership of {@code in} passes to this method.
   *
   * @throws IllegalArgumentException if the column counts or Arrow types differ ({@code in} is closed)
   */
  static VectorSchemaRoot conform(VectorSchemaRoot in, Schema schema, BufferAllocator allocator) {
    if (in.getSchema().equals(schema)) {
      return in;
    }
    List<FieldVector> vectors = new ArrayList<>(in.getFieldVectors());
    int rows = in.getRowCount();
    return root(schema, vectors, rows, allocator);
  }

  /** Whether two schemas have the same number of columns with the same Arrow types (names may differ). */
  static boolean sameTypes(Schema a, Schema b) {
    if (a.getFields().size() != b.getFields().size()) {
      return false;
    }
    for (int i = 0; i < a.getFields().size(); i++) {
      if (!a.getFields().get(i).getType().equals(b.getFields().get(i).getType())) {
        return false;
      }
    }
    return true;
  }

  /** Closes every element (nulls skipped); failures are added to {@code primary} as suppressed. */
  static void closeAll(Iterable<? extends AutoCloseable> resources, Throwable primary) {
    for (AutoCloseable r : resources) {
      closeQuietly(r, primary);
    }
  }

  /** Closes {@code r} if not null; a failure is added to {@code primary} as suppressed. */
  static void closeQuietly(AutoCloseable r, Throwable primary) {
    if (r == null) {
      return;
    }
    try {
      r.close();
    } catch (Exception e) {
      if (primary != null && primary != e) {
        primary.addSuppressed(e);
      }
    }
  }

  /** Closes every element (nulls skipped), then rethrows the first failure. */
  static void closeAll(Iterable<? extends AutoCloseable> resources) {
    RuntimeException first = null;
    for (AutoCloseable r : resources) {
      try {
        if (r != null) {
          r.close();
        }
      } catch (Exception e) {
        if (first == null) {
          first = e instanceof RuntimeException re ? re : new IllegalStateException(e);
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
