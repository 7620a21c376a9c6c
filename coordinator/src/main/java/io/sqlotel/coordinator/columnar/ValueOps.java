package io.sqlotel.coordinator.columnar;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.util.ByteFunctionHelpers;
import org.apache.arrow.memory.util.hash.MurmurHasher;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * Hashing, equality and ordering of non-null values of one Arrow type, read straight from the vectors (no boxing).
 * Both vectors passed to a method must be of that type. Text and binary compare as unsigned bytes (SQLite's BINARY
 * collation), numbers numerically ({@code -0.0 = 0.0}), booleans {@code false < true}.
 */
enum ValueOps {
  BIGINT {
    @Override
    int hash(FieldVector v, int i) {
      return mix(((BigIntVector) v).get(i));
    }

    @Override
    int compare(FieldVector a, int i, FieldVector b, int j) {
      return Long.compare(((BigIntVector) a).get(i), ((BigIntVector) b).get(j));
    }
  },
  INT {
    @Override
    int hash(FieldVector v, int i) {
      return mix(((IntVector) v).get(i));
    }

    @Override
    int compare(FieldVector a, int i, FieldVector b, int j) {
      return Integer.compare(((IntVector) a).get(i), ((IntVector) b).get(j));
    }
  },
  TIMESTAMP {
    @Override
    int hash(FieldVector v, int i) {
      return mix(((TimeStampVector) v).get(i));
    }

    @Override
    int compare(FieldVector a, int i, FieldVector b, int j) {
      return Long.compare(((TimeStampVector) a).get(i), ((TimeStampVector) b).get(j));
    }
  },
  BOOL {
    @Override
    int hash(FieldVector v, int i) {
      return mix(((BitVector) v).get(i));
    }

    @Override
    int compare(FieldVector a, int i, FieldVector b, int j) {
      return Integer.compare(((BitVector) a).get(i), ((BitVector) b).get(j));
    }
  },
  FLOAT8 {
    @Override
    int hash(FieldVector v, int i) {
      double d = ((Float8Vector) v).get(i);
      return mix(Double.doubleToLongBits(d == 0.0 ? 0.0 : d)); // -0.0 hashes like 0.0; NaNs are canonical
    }

    @Override
    int compare(FieldVector a, int i, FieldVector b, int j) {
      double x = ((Float8Vector) a).get(i);
      double y = ((Float8Vector) b).get(j);
      return x < y ? -1 : x > y ? 1 : x == y ? 0 : Double.compare(x, y);
    }
  },
  DECIMAL {
    @Override
    int hash(FieldVector v, int i) {
      ArrowBuf buf = ((DecimalVector) v).getDataBuffer();
      long at = (long) i * DecimalVector.TYPE_WIDTH;
      return mix(buf.getLong(at) * 31 + buf.getLong(at + 8));
    }

    @Override
    boolean equal(FieldVector a, int i, FieldVector b, int j) {
      ArrowBuf x = ((DecimalVector) a).getDataBuffer();
      ArrowBuf y = ((DecimalVector) b).getDataBuffer();
      long xi = (long) i * DecimalVector.TYPE_WIDTH;
      long yj = (long) j * DecimalVector.TYPE_WIDTH;
      return x.getLong(xi) == y.getLong(yj) && x.getLong(xi + 8) == y.getLong(yj + 8);
    }

    @Override
    int compare(FieldVector a, int i, FieldVector b, int j) {
      ArrowBuf x = ((DecimalVector) a).getDataBuffer();
      ArrowBuf y = ((DecimalVector) b).getDataBuffer();
      long xi = (long) i * DecimalVector.TYPE_WIDTH;
      long yj = (long) j * DecimalVector.TYPE_WIDTH;
      int c = Long.compare(x.getLong(xi + 8), y.getLong(yj + 8)); // high word, signed (128-bit two's complement)
      return c != 0 ? c : Long.compareUnsigned(x.getLong(xi), y.getLong(yj));
    }
  },
  BYTES {
    @Override
    int hash(FieldVector v, int i) {
      BaseVariableWidthVector w = (BaseVariableWidthVector) v;
      int start = w.getStartOffset(i);
      return MurmurHasher.hashCode(w.getDataBuffer(), start, w.getEndOffset(i) - start, 0x5eed);
    }

    @Override
    boolean equal(FieldVector a, int i, FieldVector b, int j) {
      BaseVariableWidthVector x = (BaseVariableWidthVector) a;
      BaseVariableWidthVector y = (BaseVariableWidthVector) b;
      int xs = x.getStartOffset(i);
      int xe = x.getEndOffset(i);
      int ys = y.getStartOffset(j);
      int ye = y.getEndOffset(j);
      return xe - xs == ye - ys
          && ByteFunctionHelpers.equal(x.getDataBuffer(), xs, xe, y.getDataBuffer(), ys, ye) == 1;
    }

    @Override
    int compare(FieldVector a, int i, FieldVector b, int j) {
      BaseVariableWidthVector x = (BaseVariableWidthVector) a;
      BaseVariableWidthVector y = (BaseVariableWidthVector) b;
      int xs = x.getStartOffset(i);
      int ys = y.getStartOffset(j);
      return Bytes.compare(x.getDataBuffer(), xs, x.getEndOffset(i) - xs, y.getDataBuffer(), ys,
          y.getEndOffset(j) - ys);
    }
  };

  /** A hash of the non-null value {@code v[i]}, consistent with {@link #equal}. */
  abstract int hash(FieldVector v, int i);

  /** Orders the non-null values {@code a[i]} and {@code b[j]}: negative, zero or positive. */
  abstract int compare(FieldVector a, int i, FieldVector b, int j);

  /** Whether the non-null values {@code a[i]} and {@code b[j]} are equal. */
  boolean equal(FieldVector a, int i, FieldVector b, int j) {
    return compare(a, i, b, j) == 0;
  }

  /**
   * The operations for {@code type}.
   *
   * @throws IllegalArgumentException for a type the columnar operators do not handle
   */
  static ValueOps of(ArrowType type) {
    if (type instanceof ArrowType.Int t && t.getIsSigned() && t.getBitWidth() == 64) {
      return BIGINT;
    } else if (type instanceof ArrowType.Int t && t.getIsSigned() && t.getBitWidth() == 32) {
      return INT;
    } else if (type instanceof ArrowType.FloatingPoint t && t.getPrecision() == FloatingPointPrecision.DOUBLE) {
      return FLOAT8;
    } else if (type instanceof ArrowType.Utf8 || type instanceof ArrowType.Binary) {
      return BYTES;
    } else if (type instanceof ArrowType.Bool) {
      return BOOL;
    } else if (type instanceof ArrowType.Timestamp t && t.getUnit() == TimeUnit.NANOSECOND) {
      return TIMESTAMP;
    } else if (type instanceof ArrowType.Decimal t && t.getBitWidth() == 128) {
      return DECIMAL;
    }
    throw new IllegalArgumentException("unsupported column type for columnar operators: " + type);
  }

  /** A well-spread 32-bit hash of a 64-bit value (the finalizer of MurmurHash3). */
  static int mix(long x) {
    x ^= x >>> 33;
    x *= 0xff51afd7ed558ccdL;
    x ^= x >>> 33;
    x *= 0xc4ceb9fe1a85ec53L;
    x ^= x >>> 33;
    return (int) x;
  }
}
