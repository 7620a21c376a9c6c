package io.sqlotel.coordinator.columnar;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Renders numbers as SQLite's {@code CAST(x AS TEXT)} does: a REAL with 15 significant digits in {@code %g} style,
 * always with a decimal point ({@code 1.0}, {@code 0.1}, {@code 1.0e+20}, {@code 1.23456789012346e+17}),
 * {@code Inf}/{@code -Inf} for infinities, and NULL (here: null) for NaN.
 */
final class SqliteText {
  private static final MathContext DIGITS_15 = new MathContext(15, RoundingMode.HALF_EVEN);

  private SqliteText() {}

  /** The text of a REAL value, or null for NaN. */
  static String ofDouble(double d) {
    if (Double.isNaN(d)) {
      return null;
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "Inf" : "-Inf";
    }
    if (d == 0) {
      return "0.0";
    }
    BigDecimal r = new BigDecimal(d).round(DIGITS_15).stripTrailingZeros();
    int exponent = r.precision() - r.scale() - 1;
    if (exponent < -4 || exponent >= 15) {
      String digits = r.unscaledValue().abs().toString();
      StringBuilder s = new StringBuilder();
      if (r.signum() < 0) {
        s.append('-');
      }
      s.append(digits.charAt(0)).append('.');
      s.append(digits.length() > 1 ? digits.substring(1) : "0");
      s.append('e').append(exponent < 0 ? '-' : '+');
      int e = Math.abs(exponent);
      if (e < 10) {
        s.append('0');
      }
      return s.append(e).toString();
    }
    String plain = r.toPlainString();
    return plain.indexOf('.') < 0 ? plain + ".0" : plain;
  }
}
