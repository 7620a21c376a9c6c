package io.sqlotel.shard.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

/**
 * A bounded-time fuzz test of {@link JsonBatchDecoder}: valid shard answers over every supported column type are
 * generated and then broken (truncated, bytes flipped, inserted or deleted, values replaced by deeply nested ones,
 * huge numbers, values of the wrong type, envelope members reordered or duplicated, bytes that are not UTF-8). Each
 * input must decode, or fail with a {@link DecodeException} (the decoder's documented error type), and leave no Arrow
 * memory allocated. The seed is printed, so a failing input can be reproduced.
 */
class JsonBatchDecoderFuzzTest {
  private static final long BUDGET_NANOS = TimeUnit.SECONDS.toNanos(8);
  private static final Schema SCHEMA = JsonBatchDecoderTest.schema(
      "i64", JsonBatchDecoderTest.I64, "i32", JsonBatchDecoderTest.I32, "f64", JsonBatchDecoderTest.F64,
      "txt", ArrowType.Utf8.INSTANCE, "bin", ArrowType.Binary.INSTANCE, "bool", ArrowType.Bool.INSTANCE,
      "ts", JsonBatchDecoderTest.TS);
  private static final String[] WRONG_VALUES = {"true", "false", "null", "\"\"", "\"x\"", "{}", "[]", "[1]",
      "{\"a\": 1}", "1.5", "-0", "1e400", "-1e400", "123456789012345678901234567890", "9223372036854775808",
      "-9223372036854775809", "\"99999999999999999999\"", "\"Infinity\"", "\"NaN\"", "0.0e-99999",
      "\"\\ud800\"", "\"\\u0000\"", "\"AAA=\"", "\"!!!\"", "2", "-1", "1e3", "\"0x10\""};
  private static final String[] TOKENS = {"[", "]", "{", "}", ",", ":", "\"", "\\", "0", "-", "e", "null", "\"meta\"",
      "\"rows\"", "\"columns\"", "\"error\"", " ", "\n"};

  @Test
  void malformedAnswersOnlyEverRaiseDecodeExceptionsAndLeakNothing() {
    long seed = System.nanoTime();
    Random rnd = new Random(seed);
    Map<String, Integer> outcomes = new LinkedHashMap<>();
    long inputs = 0;
    long start = System.nanoTime();
    try (BufferAllocator root = new RootAllocator()) {
      while (System.nanoTime() - start < BUDGET_NANOS) {
        String valid = validAnswer(rnd);
        int kind = rnd.nextInt(10);
        byte[] input = mutate(valid.getBytes(StandardCharsets.UTF_8), kind, rnd);
        inputs++;
        String outcome;
        try (BufferAllocator a = root.newChildAllocator("fuzz", 0, Long.MAX_VALUE)) {
          outcome = decode(input, a, 1 + rnd.nextInt(8));
          assertEquals(0, a.getAllocatedMemory(), () -> "memory leaked for input (seed " + seed + "): "
              + show(input));
        } catch (AssertionError e) {
          throw e;
        } catch (RuntimeException | Error e) {
          throw new AssertionError("seed " + seed + ": mutation " + kind + " raised " + e + " for input: "
              + show(input), e);
        }
        outcomes.merge("mutation " + kind + " -> " + outcome, 1, Integer::sum);
      }
      assertEquals(0, root.getAllocatedMemory());
    }
    System.out.printf("JsonBatchDecoderFuzzTest: seed %d, %d inputs in %d ms, 0 unexpected exceptions, 0 leaks;"
        + " outcomes %s%n", seed, inputs, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), outcomes);
    assertTrue(inputs > 1000, "the fuzzer ran: " + inputs);
  }

  /** Decodes to the end; returns "ok" or "DecodeException"; anything else propagates. */
  private static String decode(byte[] input, BufferAllocator a, int batchRows) {
    try (JsonBatchDecoder d = new JsonBatchDecoder(new ByteArrayInputStream(input), SCHEMA, a, batchRows, "fuzz")) {
      for (VectorSchemaRoot b = d.next(); b != null; b = d.next()) {
        b.close();
      }
      return "ok";
    } catch (DecodeException e) {
      return "DecodeException";
    }
  }

  private static String validAnswer(Random rnd) {
    StringBuilder sb = new StringBuilder("{\"columns\": [\"i64\", \"i32\", \"f64\", \"txt\", \"bin\", \"bool\","
        + " \"ts\"], \"rows\": [");
    int rows = rnd.nextInt(12);
    for (int r = 0; r < rows; r++) {
      sb.append(r == 0 ? "" : ",").append('[');
      sb.append(nullOr(rnd, rnd.nextBoolean() ? Long.toString(rnd.nextLong()) : "\"" + rnd.nextLong() + "\""));
      sb.append(',').append(nullOr(rnd, Integer.toString(rnd.nextInt())));
      sb.append(',').append(nullOr(rnd, rnd.nextInt(10) == 0 ? "\"Infinity\"" : Double.toString(rnd.nextGaussian()
          * 1e6)));
      sb.append(',').append(nullOr(rnd, "\"" + text(rnd) + "\""));
      byte[] blob = new byte[rnd.nextInt(6)];
      rnd.nextBytes(blob);
      sb.append(',').append(nullOr(rnd, "\"" + Base64.getEncoder().encodeToString(blob) + "\""));
      sb.append(',').append(nullOr(rnd, rnd.nextBoolean() ? "true" : "0"));
      sb.append(',').append(nullOr(rnd, Long.toString(1_767_225_600_000_000_000L + rnd.nextInt(1 << 30))));
      sb.append(']');
    }
    return sb.append("], \"meta\": {\"rows_read\": ").append(rows).append(", \"duration_ms\": 0.5}}").toString();
  }

  private static String nullOr(Random rnd, String value) {
    return rnd.nextInt(8) == 0 ? "null" : value;
  }

  private static String text(Random rnd) {
    String[] parts = {"a", "é", "商品", "🚀", "\\\"", "\\\\", "\\n", "\\u00e9", " ", "x"};
    StringBuilder sb = new StringBuilder();
    for (int i = rnd.nextInt(6); i > 0; i--) {
      sb.append(parts[rnd.nextInt(parts.length)]);
    }
    return sb.toString();
  }

  private static byte[] mutate(byte[] in, int kind, Random rnd) {
    switch (kind) {
      case 0: // truncation
        return java.util.Arrays.copyOf(in, rnd.nextInt(in.length + 1));
      case 1: { // byte flips
        byte[] out = in.clone();
        for (int i = 1 + rnd.nextInt(4); i > 0; i--) {
          out[rnd.nextInt(out.length)] = (byte) rnd.nextInt(256);
        }
        return out;
      }
      case 2: // a structural token inserted
        return splice(in, rnd.nextInt(in.length + 1), 0, TOKENS[rnd.nextInt(TOKENS.length)], rnd);
      case 3: { // a range deleted
        int from = rnd.nextInt(in.length);
        return splice(in, from, rnd.nextInt(Math.min(40, in.length - from) + 1), "", rnd);
      }
      case 4: { // a value replaced by a deeply nested one
        int depth = 1 + rnd.nextInt(rnd.nextBoolean() ? 40 : 20_000);
        boolean arrays = rnd.nextBoolean();
        String open = arrays ? "[" : "{\"a\":";
        String close = arrays ? "]" : "}";
        return replaceValue(in, open.repeat(depth) + "1" + close.repeat(depth), rnd);
      }
      case 5: // a value of the wrong type or a huge number
        return replaceValue(in, WRONG_VALUES[rnd.nextInt(WRONG_VALUES.length)], rnd);
      case 6: { // bytes that are not UTF-8
        String[] bad = {"\u00ff", "\u00c3\u0028", "\u00e2\u0028\u00a1", "\u00f0\u0090\u0028\u00bc", "\u00c0\u00af"};
        byte[] raw = bad[rnd.nextInt(bad.length)].getBytes(StandardCharsets.ISO_8859_1);
        int at = rnd.nextInt(in.length + 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(in, 0, at);
        out.write(raw, 0, raw.length);
        out.write(in, at, in.length - at);
        return out.toByteArray();
      }
      case 7: { // envelope members broken: reordered, duplicated, missing, or followed by content
        String s = new String(in, StandardCharsets.UTF_8);
        String[] variants = {
            s.replace("\"meta\": {", "\"meta\": {\"rows_read\": \"x\", "),
            s.replace(", \"meta\": {\"rows_read\"", ", \"error\": {\"message\": \"boom\"}, \"meta\": {\"rows_read\""),
            s.replace("{\"columns\"", "{\"meta\": {}, \"columns\""),
            s.substring(0, s.lastIndexOf(", \"meta\"")) + "}",
            s + " {}",
            s.replace("\"rows\": [", "\"columns\": [\"again\"], \"rows\": ["),
            s.replace("\"i32\", ", ""),
            s.replace("\"rows\": [", "\"rows\": {").replace("], \"meta\"", "}, \"meta\""),
            "[" + s + "]",
            ""};
        return variants[rnd.nextInt(variants.length)].getBytes(StandardCharsets.UTF_8);
      }
      case 8: { // a huge text value
        return replaceValue(in, "\"" + "x".repeat(1 + rnd.nextInt(1 << 18)) + "\"", rnd);
      }
      default: // unchanged: must decode
        return in;
    }
  }

  /** Replaces a random scalar inside the rows by {@code value}. */
  private static byte[] replaceValue(byte[] in, String value, Random rnd) {
    String s = new String(in, StandardCharsets.UTF_8);
    int rows = s.indexOf("\"rows\": [");
    List<int[]> scalars = new ArrayList<>();
    int depth = 0;
    boolean inString = false;
    int startOfScalar = -1;
    for (int i = rows + 9; i < s.length() && depth >= 0; i++) {
      char c = s.charAt(i);
      if (inString) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          inString = false;
        }
        continue;
      }
      if (c == '"') {
        inString = true;
        if (startOfScalar < 0) {
          startOfScalar = i;
        }
      } else if (c == '[') {
        depth++;
      } else if (c == ']' || c == ',') {
        if (startOfScalar >= 0 && depth == 1) {
          scalars.add(new int[] {startOfScalar, i});
        }
        startOfScalar = -1;
        if (c == ']') {
          depth--;
        }
      } else if (c != ' ' && startOfScalar < 0 && depth == 1) {
        startOfScalar = i;
      }
    }
    if (scalars.isEmpty()) {
      return splice(in, rows < 0 ? 0 : rows, 0, value, rnd);
    }
    int[] r = scalars.get(rnd.nextInt(scalars.size()));
    return (s.substring(0, r[0]) + value + s.substring(r[1])).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] splice(byte[] in, int at, int remove, String insert, Random rnd) {
    byte[] ins = insert.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream(in.length + ins.length);
    out.write(in, 0, at);
    out.write(ins, 0, ins.length);
    out.write(in, at + remove, in.length - at - remove);
    return out.toByteArray();
  }

  private static String show(byte[] input) {
    String s = new String(input, StandardCharsets.UTF_8);
    return s.length() > 600 ? s.substring(0, 600) + "...(" + input.length + " bytes)" : s;
  }
}
