package io.sqlotel.shard.demo;

/** Builds the small JSON texts stored in attribute and array columns, with stable key order. */
final class JsonText {
  private JsonText() {}

  /**
   * Builds a JSON object of string values from alternating keys and values.
   *
   * @param keysAndValues key1, value1, key2, value2, ... (all non-null)
   * @return for example {@code {"http.method":"GET","http.status_code":"200"}}
   */
  static String object(String... keysAndValues) {
    if (keysAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("odd number of keys and values");
    }
    StringBuilder sb = new StringBuilder(32 * keysAndValues.length).append('{');
    for (int i = 0; i < keysAndValues.length; i += 2) {
      if (i > 0) {
        sb.append(',');
      }
      quote(sb, keysAndValues[i]).append(':');
      quote(sb, keysAndValues[i + 1]);
    }
    return sb.append('}').toString();
  }

  /**
   * Appends a JSON string literal.
   *
   * @param sb destination
   * @param s text to quote; quotes, backslashes and control characters are escaped
   * @return {@code sb}
   */
  static StringBuilder quote(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c < 0x20) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.append('"');
  }
}
