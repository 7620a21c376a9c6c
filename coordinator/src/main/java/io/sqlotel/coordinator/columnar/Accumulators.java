package io.sqlotel.coordinator.columnar;

import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/** Chooses the {@link Accumulator} for an aggregate call from its argument and result types. */
final class Accumulators {
  /** Named in the error when per-group states of fixed size reach the memory limit. */
  static final String STATES = "aggregate states";
  /**
   * The heap bytes charged per BigDecimal state: an estimate for up to 38 digits (64-bit JVM, compressed references)
   * of the object, its BigInteger and that one's magnitude array.
   */
  static final long DECIMAL_BYTES = 112;

  private Accumulators() {}

  /**
   * The accumulator of {@code call}.
   *
   * @param arg the argument column's field, or null for {@code COUNT(*)}
   * @param result the result column's field
   * @param heap charged with the accumulator's heap memory as its state grows (shared by the aggregate's calls)
   * @throws IllegalArgumentException if the combination of function, argument type and result type is not supported
   */
  static Accumulator create(AggCall call, Field arg, Field result, HeapCharge heap) {
    ArrowType in = arg == null ? null : arg.getType();
    ArrowType out = result.getType();
    boolean zero = call.kind() == AggCall.Kind.SUM0;
    switch (call.kind()) {
      case COUNT -> {
        if (isInteger(out)) {
          return new CountAccumulator(heap);
        }
      }
      case SUM, SUM0 -> {
        if (isInteger(in) && isInteger(out)) {
          return new LongSumAccumulator(zero, heap);
        } else if (isDouble(out) && (isInteger(in) || isDouble(in) || in instanceof ArrowType.Decimal)) {
          return new DoubleSumAccumulator(zero, heap);
        } else if (out instanceof ArrowType.Decimal && (isInteger(in) || in instanceof ArrowType.Decimal)) {
          return new DecimalSumAccumulator(zero, heap);
        }
      }
      case MIN, MAX -> {
        boolean max = call.kind() == AggCall.Kind.MAX;
        if (in != null && in.equals(out)) {
          switch (ValueOps.of(in)) {
            case BIGINT, INT, TIMESTAMP, BOOL -> {
              return new LongMinMaxAccumulator(max, heap);
            }
            case FLOAT8 -> {
              return new DoubleMinMaxAccumulator(max, heap);
            }
            case BYTES -> {
              return new BytesMinMaxAccumulator(max, heap);
            }
            case DECIMAL -> {
              return new DecimalMinMaxAccumulator(max, heap);
            }
            default -> throw new AssertionError(in);
          }
        }
      }
      case PERCENTILE_CONT, PERCENTILE_DISC -> {
        boolean integers = isInteger(in);
        if (in != null && (integers || isDouble(in))
            && (call.kind() == AggCall.Kind.PERCENTILE_CONT ? isDouble(out) : integers ? isInteger(out) : isDouble(out))) {
          return new PercentileAccumulator(call, integers, heap);
        }
      }
      default -> throw new AssertionError(call.kind());
    }
    throw new IllegalArgumentException("unsupported aggregate " + call.kind() + " of "
        + (in == null ? "*" : in.toString()) + " to " + out);
  }

  private static boolean isInteger(ArrowType t) {
    return t instanceof ArrowType.Int i && i.getIsSigned() && (i.getBitWidth() == 64 || i.getBitWidth() == 32);
  }

  private static boolean isDouble(ArrowType t) {
    return t instanceof ArrowType.FloatingPoint f && f.getPrecision() == FloatingPointPrecision.DOUBLE;
  }
}
