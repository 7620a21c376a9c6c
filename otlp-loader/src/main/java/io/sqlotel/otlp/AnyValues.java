package io.sqlotel.otlp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * OTLP {@code AnyValue} and attribute lists as the Collector's ClickHouse exporter stores them: a value becomes the
 * text of pdata's {@code Value.AsString()} (string as is, {@code true}, {@code 10}, {@code 637.704}, bytes as
 * base64, arrays and maps as JSON), and an attribute list becomes a JSON object of such strings.
 */
final class AnyValues {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private AnyValues() {}

  /** Returns the attribute list (array of {@code {key, value}}) as a JSON object text of strings; {@code {}} if none. */
  static String attributesJson(JsonNode keyValues) {
    return toJson(attributesMap(keyValues));
  }

  /** Returns the attribute list as an ordered map of strings (a repeated key keeps its last value). */
  static Map<String, String> attributesMap(JsonNode keyValues) {
    Map<String, String> m = new LinkedHashMap<>();
    if (keyValues != null && keyValues.isArray()) {
      for (JsonNode kv : keyValues) {
        m.put(Json.text(kv, "key"), asString(Json.get(kv, "value")));
      }
    }
    return m;
  }

  /** Returns {@code AsString()} of an AnyValue node (missing or empty → {@code ""}). */
  static String asString(JsonNode v) {
    if (has(v, "stringValue")) {
      return Json.get(v, "stringValue").asText();
    }
    if (has(v, "boolValue")) {
      return Boolean.toString(Json.bool(v, "boolValue"));
    }
    if (has(v, "intValue")) {
      return Long.toString(Json.int64(v, "intValue"));
    }
    if (has(v, "doubleValue")) {
      return formatDouble(Json.dbl(v, "doubleValue"));
    }
    if (has(v, "bytesValue")) {
      return Json.get(v, "bytesValue").asText();
    }
    if (has(v, "arrayValue") || has(v, "kvlistValue")) {
      return toJson(raw(v));
    }
    return "";
  }

  /** Returns the AnyValue as a plain Java value for JSON output (maps with sorted keys, as Go's encoder writes). */
  static Object raw(JsonNode v) {
    if (has(v, "stringValue")) {
      return Json.get(v, "stringValue").asText();
    }
    if (has(v, "boolValue")) {
      return Json.bool(v, "boolValue");
    }
    if (has(v, "intValue")) {
      return Json.int64(v, "intValue");
    }
    if (has(v, "doubleValue")) {
      double d = Json.dbl(v, "doubleValue");
      return Double.isFinite(d) ? new BigDecimal(formatDouble(d)) : formatDouble(d);
    }
    if (has(v, "bytesValue")) {
      return Json.get(v, "bytesValue").asText();
    }
    if (has(v, "arrayValue")) {
      List<Object> list = new ArrayList<>();
      for (JsonNode e : Json.array(Json.get(v, "arrayValue"), "values")) {
        list.add(raw(e));
      }
      return list;
    }
    if (has(v, "kvlistValue")) {
      Map<String, Object> m = new TreeMap<>();
      for (JsonNode kv : Json.array(Json.get(v, "kvlistValue"), "values")) {
        m.put(Json.text(kv, "key"), raw(Json.get(kv, "value")));
      }
      return m;
    }
    return null;
  }

  /**
   * Formats a double as JavaScript (and pdata) do: plain decimal digits for 1e-6 &lt;= |d| &lt; 1e21, else
   * exponent notation ({@code 1e+21}, {@code 1e-7}); shortest round-trip digits.
   */
  static String formatDouble(double d) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "+Inf" : "-Inf";
    }
    if (d == 0) {
      return "0";
    }
    BigDecimal bd = new BigDecimal(Double.toString(d)).stripTrailingZeros();
    double abs = Math.abs(d);
    if (abs >= 1e-6 && abs < 1e21) {
      return bd.toPlainString();
    }
    String digits = bd.unscaledValue().abs().toString();
    int exponent = digits.length() - 1 - bd.scale();
    String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
    return (d < 0 ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+") + Math.abs(exponent);
  }

  static String toJson(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new AssertionError("cannot serialise plain values", e);
    }
  }

  private static boolean has(JsonNode v, String field) {
    return Json.has(v, field);
  }
}
