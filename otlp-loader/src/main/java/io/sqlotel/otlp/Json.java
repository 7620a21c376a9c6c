package io.sqlotel.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.math.BigInteger;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Field access on OTLP/JSON trees: protojson accepts both the lowerCamelCase JSON name and the original
 * snake_case field name, and 64-bit integers as JSON strings or numbers.
 */
final class Json {
  private static final Map<String, String> SNAKE = new ConcurrentHashMap<>();
  private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

  private Json() {}

  /** Returns field {@code camel} (or its snake_case spelling) of {@code node}; a missing node if absent or null. */
  static JsonNode get(JsonNode node, String camel) {
    if (node == null || !node.isObject()) {
      return MissingNode.getInstance();
    }
    JsonNode v = node.get(camel);
    if (v == null || v.isNull()) {
      v = node.get(SNAKE.computeIfAbsent(camel, Json::snake));
    }
    return v == null || v.isNull() ? MissingNode.getInstance() : v;
  }

  /** Returns a string field, {@code ""} when absent. */
  static String text(JsonNode node, String camel) {
    JsonNode v = get(node, camel);
    return v.isMissingNode() ? "" : v.asText();
  }

  /** True if the field is present and not null. */
  static boolean has(JsonNode node, String camel) {
    return !get(node, camel).isMissingNode();
  }

  /**
   * Returns an integer field (JSON number or decimal string), {@code 0} when absent.
   *
   * @throws BadRecordException if it is not an integer or does not fit a signed 64-bit long
   */
  static long int64(JsonNode node, String camel) {
    JsonNode v = get(node, camel);
    if (v.isMissingNode()) {
      return 0;
    }
    if (v.canConvertToExactIntegral() && v.canConvertToLong()) {
      return v.asLong();
    }
    BigInteger big = bigInteger(v, camel);
    if (big.bitLength() > 63) {
      throw new BadRecordException(camel + " " + big + " is beyond the signed 64-bit range");
    }
    return big.longValue();
  }

  /**
   * Returns a uint64 nanosecond timestamp field, {@code 0} when absent.
   *
   * @throws BadRecordException if negative or above {@link Long#MAX_VALUE} ns (year 2262): SQLite INTEGER is signed
   */
  static long timestamp(JsonNode node, String camel) {
    JsonNode v = get(node, camel);
    if (v.isMissingNode()) {
      return 0;
    }
    BigInteger big = bigInteger(v, camel);
    if (big.signum() < 0 || big.compareTo(LONG_MAX) > 0) {
      throw new BadRecordException(camel + " " + big + " ns is beyond the signed 64-bit range (max "
          + Long.MAX_VALUE + " ns, 2262-04-11T23:47:16Z)");
    }
    return big.longValue();
  }

  /** Returns a double field (number, decimal string, "NaN", "Infinity", "-Infinity"); null when absent. */
  static Double dbl(JsonNode node, String camel) {
    JsonNode v = get(node, camel);
    return v.isMissingNode() ? null : asDouble(v, camel);
  }

  static double asDouble(JsonNode v, String what) {
    if (v.isNumber()) {
      return v.asDouble();
    }
    if (v.isTextual()) {
      try {
        return Double.parseDouble(v.asText());
      } catch (NumberFormatException e) {
        throw new BadRecordException(what + " is not a number: " + v);
      }
    }
    throw new BadRecordException(what + " is not a number: " + v);
  }

  /** Returns a boolean field ({@code true}/{@code false} or their strings), false when absent. */
  static boolean bool(JsonNode node, String camel) {
    JsonNode v = get(node, camel);
    return v.isBoolean() ? v.asBoolean() : "true".equals(v.asText());
  }

  static BigInteger bigInteger(JsonNode v, String what) {
    if (v.isIntegralNumber()) {
      return v.bigIntegerValue();
    }
    if (v.isTextual()) {
      try {
        return new BigInteger(v.asText().trim());
      } catch (NumberFormatException e) {
        // fall through
      }
    }
    throw new BadRecordException(what + " is not an integer: " + v);
  }

  /** Returns the elements of an array field; empty when absent. */
  static Iterable<JsonNode> array(JsonNode node, String camel) {
    JsonNode v = get(node, camel);
    if (v.isMissingNode()) {
      return java.util.List.of();
    }
    if (!v.isArray()) {
      throw new BadRecordException(camel + " is not an array");
    }
    return v;
  }

  static String snake(String camel) {
    StringBuilder sb = new StringBuilder(camel.length() + 4);
    for (int i = 0; i < camel.length(); i++) {
      char c = camel.charAt(i);
      if (Character.isUpperCase(c)) {
        sb.append('_').append(Character.toLowerCase(c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
