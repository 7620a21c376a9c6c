package io.sqlotel.shard.decode;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/** Renders numbers as SQLite renders them when it converts a value to TEXT ({@code CAST(x AS TEXT)}). */
final class SqliteText {
  private static final MathContext FIFTEEN_DIGITS = new MathContext(15, RoundingMode.HALF_UP);

  private SqliteText() {}

  /**
   * Formats a REAL like SQLite's {@code "%!.15g"}: 15 significant digits (ties away from zero), trailing zeros dropped but at least one
   * fractional digit ({@code 100.0}), exponent form outside {@code [1e-4, 1e15)} ({@code 1.0e+20}, {@code 1.5e-07}),
   * {@code Inf}/{@code -Inf} for infinities. NaN, which SQLite stores as NULL, becomes {@code NaN}.
   */
  static String formatReal(double d) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "Inf" : "-Inf";
    }
    if (d == 0) {
      return "0.0";
    }
    BigDecimal rounded = new BigDecimal(d).round(FIFTEEN_DIGITS);
    String digits = rounded.unscaledValue().abs().toString();
    int exponent = digits.length() - 1 - rounded.scale();
    int end = digits.length();
    while (end > 1 && digits.charAt(end - 1) == '0') {
      end--;
    }
    digits = digits.substring(0, end);

    StringBuilder sb = new StringBuilder(24);
    if (d < 0) {
      sb.append('-');
    }
    if (exponent < -4 || exponent >= 15) {
      sb.append(digits.charAt(0)).append('.').append(digits.length() > 1 ? digits.substring(1) : "0");
      int abs = Math.abs(exponent);
      sb.append('e').append(exponent < 0 ? '-' : '+').append(abs < 10 ? "0" : "").append(abs);
    } else if (exponent >= 0) {
      int intDigits = exponent + 1;
      if (digits.length() <= intDigits) {
        sb.append(digits).append("0".repeat(intDigits - digits.length())).append(".0");
      } else {
        sb.append(digits, 0, intDigits).append('.').append(digits, intDigits, digits.length());
      }
    } else {
      sb.append("0.").append("0".repeat(-exponent - 1)).append(digits);
    }
    return sb.toString();
  }

  /** Formats a JSON integer literal as SQLite prints an INTEGER ({@code -0} becomes {@code 0}). */
  static String formatIntegerLiteral(String literal) {
    return "-0".equals(literal) ? "0" : literal;
  }
}
