package io.sqlotel.bench;

import java.util.List;
import java.util.Locale;

/** Number formatting and table building for the reports (Markdown and CSV). */
public final class Fmt {
  private Fmt() {}

  /** Milliseconds: 2 decimals below 10, 1 below 100, none above; "–" for NaN. */
  public static String ms(double ms) {
    if (Double.isNaN(ms)) {
      return "–";
    }
    if (Math.abs(ms) < 10) {
      return String.format(Locale.ROOT, "%.2f", ms);
    }
    return Math.abs(ms) < 100 ? String.format(Locale.ROOT, "%.1f", ms) : String.format(Locale.ROOT, "%.0f", ms);
  }

  /** A ratio with 2 significant decimals and a trailing ×; "–" for NaN or infinity. */
  public static String ratio(double r) {
    if (Double.isNaN(r) || Double.isInfinite(r)) {
      return "–";
    }
    return r >= 100 ? String.format(Locale.ROOT, "%.0f×", r)
        : r >= 10 ? String.format(Locale.ROOT, "%.1f×", r) : String.format(Locale.ROOT, "%.2f×", r);
  }

  /** Bytes in B/KB/MB/GB (powers of 1024); "–" for negative. */
  public static String bytes(long b) {
    if (b < 0) {
      return "–";
    }
    if (b < 1024) {
      return b + " B";
    }
    double v = b;
    String[] units = {"KB", "MB", "GB", "TB"};
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, v < 10 ? "%.2f %s" : v < 100 ? "%.1f %s" : "%.0f %s", v, units[u]);
  }

  /** A count with thousands separators; "–" for negative. */
  public static String count(long n) {
    return n < 0 ? "–" : String.format(Locale.ROOT, "%,d", n);
  }

  /** A number for CSV: plain, "" for NaN or negative sentinel values. */
  public static String csv(double v) {
    return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.3f", v);
  }

  /** A count for CSV: "" for the -1 sentinel. */
  public static String csv(long v) {
    return v < 0 ? "" : Long.toString(v);
  }

  /** Quotes a CSV field when needed. */
  public static String csvText(String s) {
    if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
      return "\"" + s.replace("\"", "\"\"") + "\"";
    }
    return s;
  }

  /** One Markdown table row. */
  public static String mdRow(List<String> cells) {
    StringBuilder sb = new StringBuilder("|");
    for (String c : cells) {
      sb.append(' ').append(c.replace("|", "\\|")).append(" |");
    }
    return sb.append('\n').toString();
  }

  /** A Markdown header row plus its separator; columns whose name starts with '>' are right-aligned. */
  public static String mdHeader(List<String> names) {
    StringBuilder head = new StringBuilder("|");
    StringBuilder sep = new StringBuilder("|");
    for (String n : names) {
      boolean right = n.startsWith(">");
      head.append(' ').append(right ? n.substring(1) : n).append(" |");
      sep.append(right ? "---:|" : "---|");
    }
    return head.append('\n').append(sep).append('\n').toString();
  }

  /** One CSV line. */
  public static String csvRow(List<String> cells) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      sb.append(i == 0 ? "" : ",").append(csvText(cells.get(i)));
    }
    return sb.append('\n').toString();
  }
}
