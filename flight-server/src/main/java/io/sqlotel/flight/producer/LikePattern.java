package io.sqlotel.flight.producer;

import java.util.regex.Pattern;

/**
 * A JDBC / Flight SQL metadata search pattern: {@code %} matches any sequence, {@code _} any one character, and
 * {@code \} escapes the next character (the search string escape we advertise).
 *
 * <p>Matching ignores case, as sqlotel's SQL identifiers do. A null pattern matches everything.
 */
public final class LikePattern {
  private static final LikePattern ANY = new LikePattern(null);

  private final Pattern regex;

  private LikePattern(Pattern regex) {
    this.regex = regex;
  }

  /**
   * Compiles a pattern.
   *
   * @param pattern the pattern, or null for "no filter"
   */
  public static LikePattern of(String pattern) {
    if (pattern == null) {
      return ANY;
    }
    StringBuilder re = new StringBuilder();
    StringBuilder literal = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '\\' && i + 1 < pattern.length()) {
        literal.append(pattern.charAt(++i));
      } else if (c == '%' || c == '_') {
        flush(re, literal);
        re.append(c == '%' ? ".*" : ".");
      } else {
        literal.append(c);
      }
    }
    flush(re, literal);
    return new LikePattern(Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE
        | Pattern.DOTALL));
  }

  /** Whether {@code value} matches; a null value matches only the null pattern. */
  public boolean matches(String value) {
    if (regex == null) {
      return true;
    }
    return value != null && regex.matcher(value).matches();
  }

  private static void flush(StringBuilder re, StringBuilder literal) {
    if (!literal.isEmpty()) {
      re.append(Pattern.quote(literal.toString()));
      literal.setLength(0);
    }
  }
}
