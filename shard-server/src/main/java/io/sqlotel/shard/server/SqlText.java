package io.sqlotel.shard.server;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Lexical helpers over SQLite SQL text: splitting a script into statements and finding a statement's
 * first keyword, while skipping string literals, quoted identifiers and comments.
 *
 * <p>This is a tokenizer, not a parser. It knows SQLite's quoting rules ({@code '...'}, {@code "..."},
 * {@code `...`}, {@code [...]}, doubled quotes inside quotes) and comments (from {@code --} to the end of
 * the line, and C-style block comments). It does not understand {@code CREATE TRIGGER ... BEGIN ...; END} bodies, whose
 * inner semicolons it treats as statement separators; the shard server is read-only, so such statements
 * are refused anyway.
 */
public final class SqlText {
  private SqlText() {}

  /**
   * Splits a script into statements at top-level semicolons.
   *
   * @param script SQL text, possibly holding several statements, comments and blank space
   * @return the statements in order, each without its terminating semicolon and trimmed of surrounding
   *     white space; fragments holding only white space and comments are dropped, so a blank script gives
   *     an empty list
   * @throws NullPointerException if {@code script} is null
   */
  public static List<String> statements(String script) {
    requireNonNull(script, "script is null");
    List<String> out = new ArrayList<>();
    int start = 0;
    int i = 0;
    int n = script.length();
    while (i < n) {
      char c = script.charAt(i);
      if (c == ';') {
        addIfMeaningful(out, script.substring(start, i));
        start = i + 1;
        i++;
      } else {
        i = skipToken(script, i);
      }
    }
    addIfMeaningful(out, script.substring(start));
    return out;
  }

  /**
   * Returns the first keyword of a statement, upper-cased, skipping leading white space and comments.
   *
   * @param sql one SQL statement
   * @return the leading run of letters (for example {@code "SELECT"}, {@code "WITH"}, {@code "BEGIN"}), or
   *     the empty string when the statement does not start with a letter or is blank
   * @throws NullPointerException if {@code sql} is null
   */
  public static String firstKeyword(String sql) {
    requireNonNull(sql, "sql is null");
    int i = skipBlank(sql, 0);
    int start = i;
    while (i < sql.length() && isAsciiLetter(sql.charAt(i))) {
      i++;
    }
    return sql.substring(start, i).toUpperCase(Locale.ROOT);
  }

  /**
   * Tells whether the text holds nothing but white space, comments and semicolons.
   *
   * @param sql SQL text
   * @return true when no statement would be executed
   * @throws NullPointerException if {@code sql} is null
   */
  public static boolean isBlank(String sql) {
    return statements(sql).isEmpty();
  }

  private static void addIfMeaningful(List<String> out, String fragment) {
    if (skipBlank(fragment, 0) < fragment.length()) {
      out.add(fragment.strip());
    }
  }

  /** Returns the index after white space and comments starting at {@code i}. */
  private static int skipBlank(String s, int i) {
    int n = s.length();
    while (i < n) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '-' && i + 1 < n && s.charAt(i + 1) == '-') {
        i = skipLineComment(s, i);
      } else if (c == '/' && i + 1 < n && s.charAt(i + 1) == '*') {
        i = skipBlockComment(s, i);
      } else {
        return i;
      }
    }
    return n;
  }

  /** Returns the index after the token (quoted run, comment or single character) at {@code i}. */
  private static int skipToken(String s, int i) {
    int n = s.length();
    char c = s.charAt(i);
    switch (c) {
      case '\'':
      case '"':
      case '`':
        return skipQuoted(s, i, c);
      case '[':
        int close = s.indexOf(']', i + 1);
        return close < 0 ? n : close + 1;
      case '-':
        return i + 1 < n && s.charAt(i + 1) == '-' ? skipLineComment(s, i) : i + 1;
      case '/':
        return i + 1 < n && s.charAt(i + 1) == '*' ? skipBlockComment(s, i) : i + 1;
      default:
        return i + 1;
    }
  }

  /** Skips a quoted run; a doubled quote character is an escaped quote. Unterminated runs end the text. */
  private static int skipQuoted(String s, int i, char quote) {
    int n = s.length();
    int j = i + 1;
    while (j < n) {
      if (s.charAt(j) == quote) {
        if (j + 1 < n && s.charAt(j + 1) == quote) {
          j += 2;
          continue;
        }
        return j + 1;
      }
      j++;
    }
    return n;
  }

  private static int skipLineComment(String s, int i) {
    int nl = s.indexOf('\n', i + 2);
    return nl < 0 ? s.length() : nl + 1;
  }

  private static int skipBlockComment(String s, int i) {
    int end = s.indexOf("*/", i + 2);
    return end < 0 ? s.length() : end + 2;
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
  }
}
