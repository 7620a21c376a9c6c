package io.sqlotel.flight;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * User names and salted password hashes for Flight's basic authentication, read from a file with one line per
 * user: {@code user:salt:sha256hex(salt + password)} (UTF-8, the hash in hexadecimal). Blank lines and lines starting
 * with {@code #} are ignored. A line can be made with
 * <pre>{@code
 * s=$(openssl rand -hex 8); printf '%s:%s:%s\n' alice "$s" "$(printf '%s%s' "$s" 'secret' | sha256sum | cut -d' ' -f1)"
 * }</pre>
 */
public final class BasicUsers {
  private static final HexFormat HEX = HexFormat.of();
  /** Compared against when the user is unknown, so both cases take about the same time. */
  private static final Entry NOBODY = new Entry("", new byte[32]);

  private record Entry(String salt, byte[] hash) {}

  private final Map<String, Entry> users;

  private BasicUsers(Map<String, Entry> users) {
    this.users = Map.copyOf(users);
  }

  /**
   * Reads a users file.
   *
   * @throws IOException if it cannot be read
   * @throws IllegalArgumentException if a line is malformed or a user appears twice (the message names the line,
   *     never its hash)
   */
  public static BasicUsers load(Path file) throws IOException {
    requireNonNull(file, "file is null");
    return parse(Files.readAllLines(file, StandardCharsets.UTF_8), file.toString());
  }

  /** Parses the lines of a users file; {@code source} names it in error messages. */
  public static BasicUsers parse(List<String> lines, String source) {
    Map<String, Entry> users = new HashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String where = source + " line " + (i + 1);
      String[] parts = line.split(":", -1);
      if (parts.length != 3 || parts[0].isEmpty()) {
        throw new IllegalArgumentException(where + ": expected user:salt:sha256hex(salt+password)");
      }
      String hash = parts[2];
      if (hash.length() != 64 || !hash.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
        throw new IllegalArgumentException(where + ": the hash must be 64 hexadecimal digits (SHA-256)");
      }
      if (users.put(parts[0], new Entry(parts[1], HEX.parseHex(hash.toLowerCase()))) != null) {
        throw new IllegalArgumentException(where + ": user " + parts[0] + " appears twice");
      }
    }
    if (users.isEmpty()) {
      throw new IllegalArgumentException(source + ": no users");
    }
    return new BasicUsers(users);
  }

  /** The user names. */
  public Set<String> names() {
    return users.keySet();
  }

  /** Whether {@code password} is the password of {@code user}; the comparison takes constant time. */
  public boolean verify(String user, String password) {
    if (user == null || password == null) {
      return false;
    }
    Entry e = users.get(user);
    Entry against = e == null ? NOBODY : e;
    boolean same = MessageDigest.isEqual(against.hash(), hash(against.salt(), password));
    return e != null && same;
  }

  /** {@code sha256(salt + password)}, UTF-8, as the file stores it (in hexadecimal). */
  public static String hashHex(String salt, String password) {
    return HEX.formatHex(hash(salt, password));
  }

  private static byte[] hash(String salt, String password) {
    try {
      return MessageDigest.getInstance("SHA-256").digest((salt + password).getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("no SHA-256", e);
    }
  }

  @Override
  public String toString() {
    return "BasicUsers" + users.keySet();
  }
}
