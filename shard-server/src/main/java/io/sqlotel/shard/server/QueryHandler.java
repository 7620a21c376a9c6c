package io.sqlotel.shard.server;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Serves {@code POST /query}: parses the body, runs the one statement on a pooled read-only connection and
 * streams the result as JSON straight from the {@link ResultSet}, one row at a time.
 */
final class QueryHandler {
  /** Largest accepted request body, in bytes (SQL plus parameters). */
  static final int MAX_BODY_BYTES = 8 * 1024 * 1024;

  /** Bytes buffered before a chunk goes to the socket. */
  private static final int OUTPUT_BUFFER_BYTES = 64 * 1024;

  /** Answers up to this many bytes are sent whole with a Content-Length; longer ones stream in chunks. */
  private static final int WHOLE_ANSWER_BYTES = 64 * 1024;

  // Transaction control is refused because a BEGIN would leave the pooled connection inside a transaction
  // (pinning an old snapshot) for whichever request uses it next; every request already runs in its own
  // implicit read transaction.
  private static final Set<String> TRANSACTION_KEYWORDS =
      Set.of("BEGIN", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE");

  private final ConnectionPool pool;
  private final JsonFactory factory;
  private final ValueWriter values;
  private final Consumer<String> requestLog;

  /**
   * @param pool read-only connections
   * @param factory Jackson factory (shared, thread-safe)
   * @param integersAsStrings write INTEGER values as JSON strings
   * @param requestLog receives the SQL of every well-formed request, before it runs
   */
  QueryHandler(ConnectionPool pool, JsonFactory factory, boolean integersAsStrings, Consumer<String> requestLog) {
    this.pool = requireNonNull(pool, "pool is null");
    this.factory = requireNonNull(factory, "factory is null");
    this.values = new ValueWriter(integersAsStrings);
    this.requestLog = requireNonNull(requestLog, "requestLog is null");
  }

  /**
   * Handles one exchange whose method and credentials were already checked.
   *
   * @param ex the exchange; this method sends the response but does not close the exchange
   * @return a one-line summary for the request log line (rows, milliseconds, error code)
   * @throws IOException if the client went away or writing failed
   * @throws InterruptedException if interrupted while waiting for a connection
   */
  String handle(Exchange ex) throws IOException, InterruptedException {
    QueryRequest request;
    try {
      byte[] body = HttpResponses.readBody(ex.requestBody(), MAX_BODY_BYTES);
      request = QueryRequest.parse(factory, body);
    } catch (QueryRequest.BadRequestException e) {
      return fail(ex, new ShardError(ErrorCode.BAD_REQUEST, e.getMessage()));
    }
    requestLog.accept(request.sql());
    ShardError refusal = checkStatement(request.sql());
    if (refusal != null) {
      return fail(ex, refusal) + " sql=" + abbreviate(request.sql());
    }
    Connection c = pool.acquire();
    if (c == null) {
      return fail(ex, new ShardError(ErrorCode.UNAVAILABLE, "shard server is shutting down"));
    }
    try {
      return execute(ex, c, request) + " sql=" + abbreviate(request.sql());
    } finally {
      pool.release(c);
    }
  }

  /** Returns why the statement text is refused before reaching SQLite, or null when it may run. */
  private static ShardError checkStatement(String sql) {
    List<String> statements = SqlText.statements(sql);
    if (statements.isEmpty()) {
      return new ShardError(ErrorCode.BAD_REQUEST, "\"sql\" holds no statement");
    }
    if (statements.size() > 1) {
      // SQLite's prepare would silently ignore everything after the first statement.
      return new ShardError(ErrorCode.SQL_ERROR,
          "multiple statements are not allowed: found " + statements.size());
    }
    String keyword = SqlText.firstKeyword(statements.get(0));
    if (TRANSACTION_KEYWORDS.contains(keyword)) {
      return new ShardError(ErrorCode.SQL_ERROR,
          "transaction control statements are not allowed: " + keyword);
    }
    return null;
  }

  private String execute(Exchange ex, Connection c, QueryRequest request) throws IOException {
    long startNanos = System.nanoTime();
    try (PreparedStatement ps = c.prepareStatement(request.sql())) {
      ResultSet rs;
      try {
        int expected = ps.getParameterMetaData().getParameterCount();
        if (expected != request.params().size()) {
          return fail(ex, new ShardError(ErrorCode.BAD_REQUEST, "statement has " + expected
              + " parameters but the request supplied " + request.params().size()));
        }
        bind(ps, request.params());
        // sqlite-jdbc steps to the first row here, so most runtime errors surface before streaming.
        rs = ps.execute() ? ps.getResultSet() : null;
      } catch (SQLException e) {
        return fail(ex, ShardError.fromSql(e));
      }
      return stream(ex, rs, startNanos);
    } catch (SQLException e) {
      // Thrown by prepareStatement (bad SQL) or, harmlessly late, by closing the statement.
      if (ex.responseCode() < 0) {
        return fail(ex, ShardError.fromSql(e));
      }
      return "statement close failed: " + e.getMessage();
    }
  }

  private static void bind(PreparedStatement ps, List<Object> params) throws SQLException {
    for (int i = 0; i < params.size(); i++) {
      Object p = params.get(i);
      int index = i + 1;
      if (p == null) {
        ps.setNull(index, java.sql.Types.NULL);
      } else if (p instanceof Long) {
        ps.setLong(index, (Long) p);
      } else if (p instanceof Double) {
        ps.setDouble(index, (Double) p);
      } else if (p instanceof String) {
        ps.setString(index, (String) p);
      } else if (p instanceof byte[]) {
        ps.setBytes(index, (byte[]) p);
      } else {
        throw new AssertionError("QueryRequest produced a parameter of " + p.getClass());
      }
    }
  }

  /**
   * Sends status 200 and writes {@code {"columns": [...], "rows": [...], "meta"|"error": {...}}}. Rows are
   * written as they are stepped; an answer of up to {@value #WHOLE_ANSWER_BYTES} bytes is sent whole with its
   * length, a longer one streams with chunked encoding from the row past that size on, so memory use does not grow
   * with the result.
   */
  private String stream(Exchange ex, ResultSet rs, long startNanos) throws IOException {
    ex.setHeader("Content-Type", HttpResponses.JSON_CONTENT_TYPE);
    ResponseBody body = new ResponseBody();
    Answer answer = new Answer(rs, factory.createGenerator(body, JsonEncoding.UTF8), startNanos);
    if (answer.writeRows(body)) {
      answer.finish();
      ex.sendWhole(200, body.heldBytes());
    } else {
      ex.sendStreaming(200, out -> {
        BufferedOutputStream buffered = new BufferedOutputStream(out, OUTPUT_BUFFER_BYTES);
        body.switchTo(buffered);
        answer.writeRows(null);
        answer.finish();
        buffered.flush();
      });
    }
    String summary = "rows=" + answer.rows + " ms=" + (System.nanoTime() - startNanos) / 1_000_000;
    ShardError failure = answer.failure;
    return failure == null ? summary : summary + " error=" + failure.code() + " (" + failure.message() + ")";
  }

  /** The JSON answer of one result set, written in steps: rows until a size is reached, then the rest. */
  private final class Answer {
    private final ResultSet rs; // null for a statement without a result
    private final JsonGenerator gen;
    private final long startNanos;
    private boolean begun;
    private int columnCount;
    long rows;
    ShardError failure;

    Answer(ResultSet rs, JsonGenerator gen, long startNanos) {
      this.rs = rs;
      this.gen = gen;
      this.startNanos = startNanos;
    }

    /**
     * Writes the columns (first call) and rows until the result ends or fails, or, when {@code held} is non-null,
     * until more than {@value #WHOLE_ANSWER_BYTES} bytes are held there.
     *
     * @return true when the rows are complete (or failed), false when stopped at the size
     */
    boolean writeRows(ResponseBody held) throws IOException {
      if (failure != null) {
        return true;
      }
      try {
        if (!begun) {
          begun = true;
          gen.writeStartObject();
          gen.writeArrayFieldStart("columns");
          if (rs != null) {
            ResultSetMetaData md = rs.getMetaData();
            columnCount = md.getColumnCount();
            for (int i = 1; i <= columnCount; i++) {
              gen.writeString(md.getColumnLabel(i));
            }
          }
          gen.writeEndArray();
          gen.writeArrayFieldStart("rows");
        }
        if (rs != null) {
          while (rs.next()) {
            values.writeRow(rs, columnCount, gen);
            rows++;
            if (held != null && held.held() + gen.getOutputBuffered() > WHOLE_ANSWER_BYTES) {
              return false;
            }
          }
        }
      } catch (SQLException e) {
        failure = ShardError.fromSql(e);
      }
      return true;
    }

    /** Closes whatever arrays are open, writes "meta" or "error" and ends the object; closes the generator. */
    void finish() throws IOException {
      while (gen.getOutputContext().inArray()) {
        gen.writeEndArray();
      }
      if (failure == null) {
        gen.writeObjectFieldStart("meta");
        gen.writeNumberField("rows_read", rows);
        gen.writeNumberField("duration_ms", Math.round((System.nanoTime() - startNanos) / 1_000.0) / 1_000.0);
        gen.writeEndObject();
      } else {
        HttpResponses.writeErrorField(gen, failure);
      }
      gen.writeEndObject();
      gen.close();
    }
  }

  private String fail(Exchange ex, ShardError error) throws IOException {
    HttpResponses.sendError(ex, factory, error);
    return "error=" + error.code() + " (" + error.message() + ")";
  }

  /** The SQL on one line (runs of whitespace become one space), cut after 200 characters; no regex per request. */
  static String abbreviate(String sql) {
    StringBuilder sb = new StringBuilder(Math.min(sql.length(), 204));
    boolean space = false;
    for (int i = 0; i < sql.length(); i++) {
      char ch = sql.charAt(i);
      if (Character.isWhitespace(ch)) {
        space = sb.length() > 0;
        continue;
      }
      if (space) {
        if (sb.length() == 200) {
          return sb + "...";
        }
        sb.append(' ');
        space = false;
      }
      if (sb.length() == 200) {
        return sb + "...";
      }
      sb.append(ch);
    }
    return sb.toString();
  }
}
