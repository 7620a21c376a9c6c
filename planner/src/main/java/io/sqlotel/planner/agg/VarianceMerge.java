package io.sqlotel.planner.agg;

import java.util.List;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.impl.AggregateFunctionImpl;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.InferTypes;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.validate.SqlUserDefinedAggFunction;
import org.apache.calcite.util.Optionality;

/**
 * The final (coordinator) phase of VAR_POP, VAR_SAMP, STDDEV_POP and STDDEV_SAMP: merges per-shard partials
 * {@code (n, sum, m2)} — count, sum and sum of squared deviations from the shard-group's own mean — with the
 * pairwise update of Chan, Golub and LeVeque ("Algorithms for computing the sample variance", 1979):
 * {@code M2 = M2a + M2b + delta^2 * na * nb / (na + nb)}, {@code delta = mean_b - mean_a}. Unlike the textbook
 * {@code sum(x^2) - sum(x)^2 / n}, it does not cancel catastrophically when the mean is large against the spread
 * (nanosecond durations and timestamps).
 */
public final class VarianceMerge {
  /** Creates the merge logic (stateless; states are {@link State}s). */
  public VarianceMerge() {}

  /** Which statistic the merge returns. */
  public enum Kind { VAR_POP, VAR_SAMP, STDDEV_POP, STDDEV_SAMP }

  /** The merge state: count, mean, sum of squared deviations. */
  public static final class State {
    long n;
    double mean;
    double m2;
  }

  /** Calcite's reflective aggregate protocol: a fresh state. */
  public State init() {
    return new State();
  }

  /**
   * Adds one shard's partial.
   *
   * @param n the shard-group's count of non-null values
   * @param sum their sum (as DOUBLE)
   * @param m2 the sum of squared deviations from the shard-group's mean
   */
  public State add(State s, Long n, Double sum, Double m2) {
    if (n == null || n == 0 || sum == null) {
      return s;
    }
    double meanB = sum / n;
    double m2b = m2 == null ? 0 : m2;
    long total = s.n + n;
    double delta = meanB - s.mean;
    s.mean += delta * n / total;
    s.m2 += m2b + delta * delta * ((double) s.n * n / total);
    s.n = total;
    return s;
  }

  /** Merges two states (Calcite's protocol). */
  public State merge(State a, State b) {
    if (b.n == 0) {
      return a;
    }
    State r = new State();
    add(r, a.n, a.mean * a.n, a.m2);
    add(r, b.n, b.mean * b.n, b.m2);
    return r;
  }

  static Double result(State s, Kind kind) {
    boolean sample = kind == Kind.VAR_SAMP || kind == Kind.STDDEV_SAMP;
    if (s.n == 0 || (sample && s.n < 2)) {
      return null;
    }
    double var = Math.max(0, s.m2) / (sample ? s.n - 1 : s.n);
    return kind == Kind.STDDEV_POP || kind == Kind.STDDEV_SAMP ? Math.sqrt(var) : var;
  }

  /** VAR_POP's merge. */
  public static final class VarPop extends Base {
    /** The result. */
    public Double result(State s) {
      return VarianceMerge.result(s, Kind.VAR_POP);
    }
  }

  /** VAR_SAMP's merge. */
  public static final class VarSamp extends Base {
    /** The result. */
    public Double result(State s) {
      return VarianceMerge.result(s, Kind.VAR_SAMP);
    }
  }

  /** STDDEV_POP's merge. */
  public static final class StddevPop extends Base {
    /** The result. */
    public Double result(State s) {
      return VarianceMerge.result(s, Kind.STDDEV_POP);
    }
  }

  /** STDDEV_SAMP's merge. */
  public static final class StddevSamp extends Base {
    /** The result. */
    public Double result(State s) {
      return VarianceMerge.result(s, Kind.STDDEV_SAMP);
    }
  }

  /** The shared init/add/merge of the four merges. */
  public static class Base {
    private final VarianceMerge impl = new VarianceMerge();

    /** A fresh state. */
    public State init() {
      return impl.init();
    }

    /** Adds one partial {@code (n, sum, m2)}. */
    public State add(State s, Long n, Double sum, Double m2) {
      return impl.add(s, n, sum, m2);
    }

    /** Merges two states. */
    public State merge(State a, State b) {
      return impl.merge(a, b);
    }
  }

  /**
   * The final aggregate function for {@code kind}: {@code $KIND_MERGE(n BIGINT, sum DOUBLE, m2 DOUBLE) → DOUBLE}.
   *
   * @param returnType the original call's type (DOUBLE, nullable or not, as Calcite typed the original call)
   */
  public static SqlUserDefinedAggFunction function(SqlKind kind, org.apache.calcite.rel.type.RelDataType returnType) {
    Class<?> impl = switch (kind) {
      case VAR_POP -> VarPop.class;
      case VAR_SAMP -> VarSamp.class;
      case STDDEV_POP -> StddevPop.class;
      case STDDEV_SAMP -> StddevSamp.class;
      default -> throw new AssertionError("not a variance: " + kind);
    };
    return new SqlUserDefinedAggFunction(new SqlIdentifier("$" + kind + "_MERGE", SqlParserPos.ZERO),
        SqlKind.OTHER_FUNCTION, ReturnTypes.explicit(returnType),
        InferTypes.FIRST_KNOWN,
        OperandTypes.operandMetadata(
            List.of(SqlTypeFamily.NUMERIC, SqlTypeFamily.NUMERIC, SqlTypeFamily.NUMERIC),
            VarianceMerge::paramTypes, i -> List.of("n", "sum", "m2").get(i), i -> false),
        AggregateFunctionImpl.create(impl), false, false, Optionality.FORBIDDEN);
  }

  private static List<org.apache.calcite.rel.type.RelDataType> paramTypes(RelDataTypeFactory f) {
    return List.of(f.createTypeWithNullability(f.createSqlType(SqlTypeName.BIGINT), true),
        f.createTypeWithNullability(f.createSqlType(SqlTypeName.DOUBLE), true),
        f.createTypeWithNullability(f.createSqlType(SqlTypeName.DOUBLE), true));
  }
}
