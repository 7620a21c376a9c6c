// Read-only guard for the query path.
//
// Durable Object SQLite storage cannot be opened read-only and does not allow `PRAGMA query_only`, so the query
// endpoint checks the statement lexically before it reaches `sql.exec`:
//   * exactly one statement (a `;` may only be followed by whitespace and comments);
//   * the first keyword must be SELECT, WITH, VALUES or EXPLAIN;
//   * no bare (unquoted) word anywhere in the statement may be a writing keyword: INSERT, UPDATE, DELETE, CREATE,
//     DROP, ALTER, ATTACH, DETACH, VACUUM, REINDEX, ANALYZE, PRAGMA, BEGIN, COMMIT, ROLLBACK, SAVEPOINT, RELEASE,
//     and REPLACE unless it is followed by `(` (the replace() function). This catches `WITH ... INSERT ...`.
// The guard is conservative: a column literally named e.g. `update` must be written quoted ("update").
// Words inside string literals, quoted identifiers ("x", `x`, [x]) and comments are ignored.

export class GuardError extends Error {
  constructor(message: string, readonly code: "SQL_ERROR" | "READ_ONLY" | "BAD_REQUEST", readonly status: number) {
    super(message);
  }
}

const READ_START = new Set(["SELECT", "WITH", "VALUES", "EXPLAIN"]);
const TRANSACTION = new Set(["BEGIN", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE"]);
const WRITES = new Set(["INSERT", "UPDATE", "DELETE", "CREATE", "DROP", "ALTER", "ATTACH", "DETACH", "VACUUM",
  "REINDEX", "ANALYZE", "PRAGMA", "BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE", "REPLACE"]);

interface Token { word?: string; punct?: string; }

/** Splits SQL into bare words and punctuation, skipping literals, quoted identifiers and comments. */
export function tokens(sql: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const n = sql.length;
  const skipQuoted = (close: string): void => {
    // i is at the opening quote; doubled closing quotes escape themselves (not for [ ]).
    i++;
    while (i < n) {
      if (sql[i] === close) {
        if (close !== "]" && sql[i + 1] === close) { i += 2; continue; }
        i++;
        return;
      }
      i++;
    }
    throw new GuardError("unterminated quoted text", "SQL_ERROR", 400);
  };
  while (i < n) {
    const c = sql[i];
    if (c === "-" && sql[i + 1] === "-") {
      while (i < n && sql[i] !== "\n") i++;
    } else if (c === "/" && sql[i + 1] === "*") {
      const end = sql.indexOf("*/", i + 2);
      i = end < 0 ? n : end + 2;
    } else if (c === "'") {
      skipQuoted("'");
      out.push({ word: "'" });
    } else if (c === '"') {
      skipQuoted('"');
      out.push({ word: '"' });
    } else if (c === "`") {
      skipQuoted("`");
      out.push({ word: "`" });
    } else if (c === "[") {
      skipQuoted("]");
      out.push({ word: "[" });
    } else if (/[A-Za-z_\u0080-\uffff]/.test(c)) {
      const start = i;
      while (i < n && /[A-Za-z0-9_$\u0080-\uffff]/.test(sql[i])) i++;
      // x'00ff' blob literals: the word is followed by a quote
      out.push({ word: sql.slice(start, i).toUpperCase() });
    } else if (/\s/.test(c)) {
      i++;
    } else {
      out.push({ punct: c });
      i++;
    }
  }
  return out;
}

/** Throws a GuardError unless `sql` is one read-only statement. */
export function checkReadOnly(sql: string): void {
  const toks = tokens(sql);
  // drop trailing semicolons; any other ';' means several statements
  let end = toks.length;
  while (end > 0 && toks[end - 1].punct === ";") end--;
  if (end === 0) throw new GuardError("sql is blank", "BAD_REQUEST", 400);
  for (let k = 0; k < end; k++) {
    if (toks[k].punct === ";") throw new GuardError("only one statement per request", "SQL_ERROR", 400);
  }
  const first = toks[0].word ?? "";
  if (TRANSACTION.has(first)) {
    throw new GuardError("transaction control is not allowed: " + first, "SQL_ERROR", 400);
  }
  if (!READ_START.has(first)) {
    throw new GuardError("read-only shard: only SELECT, WITH, VALUES and EXPLAIN statements are accepted",
      "READ_ONLY", 403);
  }
  for (let k = 0; k < end; k++) {
    const w = toks[k].word;
    if (w && WRITES.has(w)) {
      if (w === "REPLACE" && toks[k + 1]?.punct === "(") continue;
      throw new GuardError("read-only shard: the statement contains " + w, "READ_ONLY", 403);
    }
  }
}
