package io.sqlotel.planner;

/** Expected outputs of {@link PushdownCases#SQL}, reviewed by hand. */
final class Generated {
  private Generated() {}

  static final String[][] CASES = {
    {"SELECT COUNT(*) FROM otel_logs",
        "SELECT COUNT(*) FROM \"otel_logs\"",
        "LogicalAggregate(group=[{}], EXPR$0=[$SUM0($0)])\n"
        + "  ShardScan(table=[otel_logs], stage=[AGGREGATE], shards=[24/24], partial=[true])"},
    {"SELECT ServiceName, COUNT(*) FROM otel_logs GROUP BY ServiceName",
        "SELECT \"ServiceName\", COUNT(*) FROM \"otel_logs\" GROUP BY \"ServiceName\"",
        "LogicalAggregate(group=[{0}], EXPR$1=[$SUM0($1)])\n"
        + "  ShardScan(table=[otel_logs], stage=[AGGREGATE], shards=[24/24], partial=[true])"},
    {"SELECT ServiceName, SUM(Duration), MIN(Duration), MAX(SpanName), AVG(Duration) FROM otel_traces GROUP BY ServiceName",
        "SELECT \"ServiceName\", SUM(\"Duration\"), MIN(\"Duration\"), MAX(\"SpanName\"), COUNT(*) AS \"$f4\" FROM \"otel_traces\" NOT INDEXED GROUP BY \"ServiceName\"",
        "LogicalProject(ServiceName=[$0], EXPR$1=[$1], EXPR$2=[$2], EXPR$3=[$3], EXPR$4=[/(CAST($1):DOUBLE NOT NULL, $4)])\n"
        + "  LogicalAggregate(group=[{0}], EXPR$1=[SUM($1)], EXPR$2=[MIN($2)], EXPR$3=[MAX($3)], agg#3=[$SUM0($4)])\n"
        + "    ShardScan(table=[otel_traces], stage=[AGGREGATE], shards=[24/24], partial=[true])"},
    {"SELECT COUNT(*) FROM otel_logs WHERE \"Timestamp\" >= TIMESTAMP '2026-01-01 02:00:00' AND \"Timestamp\" < TIMESTAMP '2026-01-01 04:00:00'",
        "SELECT COUNT(*) FROM \"otel_logs\" WHERE \"Timestamp\" >= 1767232800000000000 AND \"Timestamp\" < 1767240000000000000\n"
        + "covered (2): SELECT COUNT(*) FROM \"otel_logs\"",
        "LogicalAggregate(group=[{}], EXPR$0=[$SUM0($0)])\n"
        + "  ShardScan(table=[otel_logs], stage=[AGGREGATE], shards=[2/24], partial=[true])"},
    {"SELECT COUNT(*) FROM otel_logs WHERE \"Timestamp\" BETWEEN TIMESTAMP '2026-01-01 05:00:00' AND TIMESTAMP '2026-01-01 05:30:00' OR \"Timestamp\" IN (TIMESTAMP '2026-01-01 10:00:00', TIMESTAMP '2026-01-01 23:59:59')",
        "SELECT COUNT(*) FROM \"otel_logs\" WHERE \"Timestamp\" >= 1767243600000000000 AND \"Timestamp\" <= 1767245400000000000 OR \"Timestamp\" = 1767261600000000000 OR \"Timestamp\" = 1767311999000000000",
        "LogicalAggregate(group=[{}], EXPR$0=[$SUM0($0)])\n"
        + "  ShardScan(table=[otel_logs], stage=[AGGREGATE], shards=[3/24], partial=[true])"},
    {"SELECT COUNT(*) FROM otel_logs WHERE \"Timestamp\" > CURRENT_TIMESTAMP - INTERVAL '1' HOUR",
        "SELECT COUNT(*) FROM \"otel_logs\" WHERE \"Timestamp\" > 1767232800000000000\n"
        + "covered (21): SELECT COUNT(*) FROM \"otel_logs\"",
        "LogicalAggregate(group=[{}], EXPR$0=[$SUM0($0)])\n"
        + "  ShardScan(table=[otel_logs], stage=[AGGREGATE], shards=[22/24], partial=[true])"},
    {"SELECT COUNT(*) FROM otel_logs WHERE \"Timestamp\" < TIMESTAMP '2025-01-01 00:00:00'",
        "SELECT COUNT(*) FROM \"otel_logs\" WHERE \"Timestamp\" < 1735689600000000000",
        "LogicalAggregate(group=[{}], EXPR$0=[$SUM0($0)])\n"
        + "  ShardScan(table=[otel_logs], stage=[AGGREGATE], shards=[0/24], partial=[true])"},
    {"SELECT COUNT(*) FROM otel_logs WHERE \"Timestamp\" < TIMESTAMP '2026-01-01 01:00:00' OR SeverityNumber > 20",
        "SELECT COUNT(*) FROM \"otel_logs\" WHERE \"Timestamp\" < 1767229200000000000 OR \"SeverityNumber\" > 20",
        "LogicalAggregate(group=[{}], EXPR$0=[$SUM0($0)])\n"
        + "  ShardScan(table=[otel_logs], stage=[AGGREGATE], shards=[24/24], partial=[true])"},
    {"SELECT FLOOR(\"Timestamp\" TO MINUTE) AS m, SeverityText, COUNT(*) FROM otel_logs GROUP BY FLOOR(\"Timestamp\" TO MINUTE), SeverityText",
        "SELECT ((\"Timestamp\" / 60000000000 - (\"Timestamp\" % 60000000000 < 0)) * 60000000000) AS \"m\", \"SeverityText\", COUNT(*) FROM \"otel_logs\" NOT INDEXED GROUP BY ((\"Timestamp\" / 60000000000 - (\"Timestamp\" % 60000000000 < 0)) * 60000000000), \"SeverityText\"",
        "ShardScan(table=[otel_logs], stage=[AGGREGATE], shards=[24/24])"},
    {"SELECT TIME_BUCKET(INTERVAL '90' MINUTE, \"Timestamp\") AS b, COUNT(*) FROM otel_logs GROUP BY TIME_BUCKET(INTERVAL '90' MINUTE, \"Timestamp\")",
        "SELECT ((\"Timestamp\" / 5400000000000 - (\"Timestamp\" % 5400000000000 < 0)) * 5400000000000) AS \"b\", COUNT(*) FROM \"otel_logs\" GROUP BY ((\"Timestamp\" / 5400000000000 - (\"Timestamp\" % 5400000000000 < 0)) * 5400000000000)",
        "LogicalAggregate(group=[{0}], EXPR$1=[$SUM0($1)])\n"
        + "  ShardScan(table=[otel_logs], stage=[AGGREGATE], shards=[24/24], partial=[true])"},
    {"SELECT COUNT(DISTINCT ServiceName) FROM otel_traces",
        "SELECT \"ServiceName\" FROM \"otel_traces\" GROUP BY \"ServiceName\"",
        "LogicalAggregate(group=[{}], EXPR$0=[COUNT($0)])\n"
        + "  LogicalAggregate(group=[{0}])\n"
        + "    ShardScan(table=[otel_traces], stage=[AGGREGATE], shards=[24/24], partial=[true])"},
    {"SELECT DISTINCT ServiceName FROM otel_traces",
        "SELECT \"ServiceName\" FROM \"otel_traces\" GROUP BY \"ServiceName\"",
        "LogicalAggregate(group=[{0}])\n"
        + "  ShardScan(table=[otel_traces], stage=[AGGREGATE], shards=[24/24], partial=[true])"},
    {"SELECT ServiceName, COUNT(*) AS c FROM otel_traces GROUP BY ServiceName HAVING COUNT(*) > 10 ORDER BY c DESC LIMIT 3",
        "SELECT \"ServiceName\", COUNT(*) AS \"c\" FROM \"otel_traces\" GROUP BY \"ServiceName\"",
        "LogicalSort(sort0=[$1], dir0=[DESC-nulls-last], fetch=[3])\n"
        + "  LogicalFilter(condition=[>($1, 10)])\n"
        + "    LogicalAggregate(group=[{0}], c=[$SUM0($1)])\n"
        + "      ShardScan(table=[otel_traces], stage=[AGGREGATE], shards=[24/24], partial=[true])"},
    {"SELECT ServiceName, SUM(CASE WHEN StatusCode = 'Error' THEN 1 ELSE 0 END) AS errors, COUNT(*) FILTER (WHERE Duration > 1000000) AS slow FROM otel_traces GROUP BY ServiceName",
        "SELECT \"ServiceName\", SUM(CASE WHEN \"StatusCode\" = 'Error' THEN 1 ELSE 0 END) AS \"errors\", COUNT(*) FILTER (WHERE \"Duration\" > 1000000) AS \"slow\" FROM \"otel_traces\" NOT INDEXED GROUP BY \"ServiceName\"",
        "LogicalAggregate(group=[{0}], errors=[SUM($1)], slow=[$SUM0($2)])\n"
        + "  ShardScan(table=[otel_traces], stage=[AGGREGATE], shards=[24/24], partial=[true])"},
    {"SELECT SpanName, Duration FROM otel_traces ORDER BY Duration DESC LIMIT 5 OFFSET 2",
        "SELECT \"SpanName\", \"Duration\" FROM \"otel_traces\" ORDER BY \"Duration\" DESC LIMIT 7",
        "LogicalSort(sort0=[$1], dir0=[DESC-nulls-last], offset=[2], fetch=[5])\n"
        + "  ShardScan(table=[otel_traces], stage=[SORT], shards=[24/24], collation=[[1 DESC-nulls-last]])"},
    {"SELECT Body FROM otel_logs LIMIT 10",
        "SELECT \"Body\" FROM \"otel_logs\" LIMIT 10",
        "LogicalSort(fetch=[10])\n"
        + "  ShardScan(table=[otel_logs], stage=[SORT], shards=[24/24])"},
    {"SELECT Body FROM otel_logs WHERE Body LIKE 'payment%'",
        "SELECT \"Body\" FROM \"otel_logs\" WHERE \"Body\" GLOB 'payment*'",
        "ShardScan(table=[otel_logs], stage=[PROJECT], shards=[24/24])"},
    {"SELECT ServiceName, STDDEV_POP(Duration) FROM otel_traces GROUP BY ServiceName",
        "SELECT \"ServiceName\", COUNT(\"Duration\"), SUM(\"$xd0\"), SUM(\"$dev20\") FROM (SELECT \"ServiceName\", \"Duration\", CAST(\"Duration\" AS REAL) AS \"$xd0\", (CAST(\"Duration\" AS REAL) - (AVG(CAST(\"Duration\" AS REAL)) OVER (PARTITION BY \"ServiceName\" RANGE BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING))) * (CAST(\"Duration\" AS REAL) - (AVG(CAST(\"Duration\" AS REAL)) OVER (PARTITION BY \"ServiceName\" RANGE BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING))) AS \"$dev20\" FROM \"otel_traces\" NOT INDEXED) AS \"t1\" GROUP BY \"ServiceName\"",
        "LogicalAggregate(group=[{0}], EXPR$1=[$STDDEV_POP_MERGE($1, $2, $3)])\n"
        + "  ShardScan(table=[otel_traces], stage=[AGGREGATE], shards=[24/24], partial=[true])"},
    {"SELECT \"Timestamp\" + INTERVAL '1' HOUR, CHAR_LENGTH(Body) FROM otel_logs WHERE Body = '中文 🚀'",
        "SELECT (\"Timestamp\" + 3600000000000), LENGTH(\"Body\") FROM \"otel_logs\" WHERE \"Body\" = '中文 🚀'",
        "ShardScan(table=[otel_logs], stage=[PROJECT], shards=[24/24])"},
    {"SELECT CASE WHEN SeverityNumber > 9 THEN 'bad' ELSE 'fine' END AS s FROM otel_logs",
        "SELECT CASE WHEN \"SeverityNumber\" > 9 THEN 'bad' ELSE 'fine' END AS \"s\" FROM \"otel_logs\"",
        "ShardScan(table=[otel_logs], stage=[PROJECT], shards=[24/24])"},
    {"SELECT ServiceName, AVG(Duration) AS a FROM otel_traces WHERE \"Timestamp\" >= TIMESTAMP '2026-01-01 07:00:00' AND \"Timestamp\" < TIMESTAMP '2026-01-01 08:00:00' GROUP BY ServiceName HAVING COUNT(*) > 5 ORDER BY a DESC LIMIT 3",
        "SELECT \"ServiceName\", CAST(SUM(\"Duration\") AS REAL) / COUNT(*) AS \"a\" FROM \"otel_traces\" WHERE \"Timestamp\" >= 1767250800000000000 AND \"Timestamp\" < 1767254400000000000 GROUP BY \"ServiceName\" HAVING COUNT(*) > 5 ORDER BY 2 DESC LIMIT 3\n"
        + "covered (1): SELECT \"ServiceName\", CAST(SUM(\"Duration\") AS REAL) / COUNT(*) AS \"a\" FROM \"otel_traces\" NOT INDEXED GROUP BY \"ServiceName\" HAVING COUNT(*) > 5 ORDER BY 2 DESC LIMIT 3",
        "LogicalSort(sort0=[$1], dir0=[DESC-nulls-last], fetch=[3])\n"
        + "  ShardScan(table=[otel_traces], stage=[SORT], shards=[1/24], collation=[[1 DESC-nulls-last]])"},
    {"SELECT FLOOR(\"Timestamp\" TO HOUR) AS h, COUNT(*) AS c FROM otel_logs GROUP BY FLOOR(\"Timestamp\" TO HOUR) HAVING COUNT(*) > 100 ORDER BY c DESC LIMIT 2",
        "SELECT ((\"Timestamp\" / 3600000000000 - (\"Timestamp\" % 3600000000000 < 0)) * 3600000000000) AS \"h\", COUNT(*) AS \"c\" FROM \"otel_logs\" GROUP BY ((\"Timestamp\" / 3600000000000 - (\"Timestamp\" % 3600000000000 < 0)) * 3600000000000) HAVING COUNT(*) > 100 ORDER BY 2 DESC LIMIT 2",
        "LogicalSort(sort0=[$1], dir0=[DESC-nulls-last], fetch=[2])\n"
        + "  ShardScan(table=[otel_logs], stage=[SORT], shards=[24/24], collation=[[1 DESC-nulls-last]])"},
    {"SELECT STDDEV_SAMP(Duration) FROM otel_traces WHERE \"Timestamp\" < TIMESTAMP '2026-01-01 01:00:00'",
        "SELECT COUNT(\"Duration\"), SUM(\"$xd0\"), SUM(\"$dev20\") FROM (SELECT \"Duration\", CAST(\"Duration\" AS REAL) AS \"$xd0\", (CAST(\"Duration\" AS REAL) - (AVG(CAST(\"Duration\" AS REAL)) OVER (RANGE BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING))) * (CAST(\"Duration\" AS REAL) - (AVG(CAST(\"Duration\" AS REAL)) OVER (RANGE BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING))) AS \"$dev20\" FROM \"otel_traces\" WHERE \"Timestamp\" < 1767229200000000000) AS \"t2\"\n"
        + "covered (1): SELECT COUNT(\"Duration\"), SUM(\"$xd0\"), SUM(\"$dev20\") FROM (SELECT \"Duration\", CAST(\"Duration\" AS REAL) AS \"$xd0\", (CAST(\"Duration\" AS REAL) - (AVG(CAST(\"Duration\" AS REAL)) OVER (RANGE BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING))) * (CAST(\"Duration\" AS REAL) - (AVG(CAST(\"Duration\" AS REAL)) OVER (RANGE BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING))) AS \"$dev20\" FROM \"otel_traces\") AS \"t1\"",
        "LogicalAggregate(group=[{}], EXPR$0=[$STDDEV_SAMP_MERGE($0, $1, $2)])\n"
        + "  ShardScan(table=[otel_traces], stage=[AGGREGATE], shards=[1/24], partial=[true])"},
    {"SELECT ServiceName, COUNT(*), APPROX_PERCENTILE(Duration, 0.5), APPROX_PERCENTILE(Duration, 0.99) FROM otel_traces GROUP BY ServiceName",
        "SELECT \"ServiceName\", CAST(SIGN(CAST(\"Duration\" AS REAL)) AS INTEGER) AS \"$sign\", CAST(CEIL(LN(ABS(CAST(\"Duration\" AS REAL))) / 2.0000666706669435E-2) AS INTEGER) AS \"$bucket\", COUNT(*), COUNT(*) AS \"$n\" FROM \"otel_traces\" NOT INDEXED GROUP BY \"ServiceName\", CAST(SIGN(CAST(\"Duration\" AS REAL)) AS INTEGER), CAST(CEIL(LN(ABS(CAST(\"Duration\" AS REAL))) / 2.0000666706669435E-2) AS INTEGER)",
        "LogicalAggregate(group=[{0}], EXPR$1=[$SUM0($3)], EXPR$2=[$APPROX_PERCENTILE_MERGE($1, $2, $4, $5)], EXPR$3=[$APPROX_PERCENTILE_MERGE($1, $2, $4, $6)])\n"
        + "  LogicalProject($f0=[$0], $f1=[$1], $f2=[$2], $f3=[$3], $f4=[$4], $f5=[CAST(0.5:DECIMAL(2, 1)):DOUBLE NOT NULL], $f6=[CAST(0.99:DECIMAL(3, 2)):DOUBLE NOT NULL])\n"
        + "    ShardScan(table=[otel_traces], stage=[AGGREGATE], shards=[24/24], partial=[true])"},
    {"SELECT ServiceName, PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY Duration), PERCENTILE_DISC(0.9) WITHIN GROUP (ORDER BY Duration DESC), COUNT(*), AVG(Duration) FROM otel_traces GROUP BY ServiceName",
        "SELECT \"ServiceName\", \"Duration\", COUNT(*), SUM(\"Duration\") AS \"$f3\", COUNT(*) AS \"$n\" FROM \"otel_traces\" NOT INDEXED GROUP BY \"ServiceName\", \"Duration\"",
        "LogicalProject(ServiceName=[$0], EXPR$1=[$1], EXPR$2=[$2], EXPR$3=[$3], EXPR$4=[/(CAST($4):DOUBLE NOT NULL, $3)])\n"
        + "  LogicalAggregate(group=[{0}], EXPR$1=[$PERCENTILE_CONT_MERGE($1, $4, $5, $6)], EXPR$2=[$PERCENTILE_DISC_MERGE($1, $4, $7, $8)], EXPR$3=[$SUM0($2)], agg#3=[SUM($3)])\n"
        + "    LogicalProject(ServiceName=[$0], $x=[$1], $p0=[$2], $p1=[$3], $n=[$4], $q0=[0.5E0:DOUBLE], $desc0=[false], $q1=[0.9E0:DOUBLE], $desc1=[true])\n"
        + "      ShardScan(table=[otel_traces], stage=[AGGREGATE], shards=[24/24], partial=[true])"},
    {"SELECT TIME_BUCKET(INTERVAL '5' MINUTE, \"Timestamp\") AS b, PERCENTILE_DISC(0.25) WITHIN GROUP (ORDER BY Duration / 1000) FROM otel_traces WHERE StatusCode = 'Error' GROUP BY TIME_BUCKET(INTERVAL '5' MINUTE, \"Timestamp\")",
        "SELECT ((\"Timestamp\" / 300000000000 - (\"Timestamp\" % 300000000000 < 0)) * 300000000000) AS \"b\", \"Duration\" / 1000 AS \"$f2\", COUNT(*) AS \"$n\" FROM \"otel_traces\" NOT INDEXED WHERE \"StatusCode\" = 'Error' GROUP BY ((\"Timestamp\" / 300000000000 - (\"Timestamp\" % 300000000000 < 0)) * 300000000000), \"Duration\" / 1000",
        "LogicalAggregate(group=[{0}], EXPR$1=[$PERCENTILE_DISC_MERGE($1, $2, $3, $4)])\n"
        + "  LogicalProject(b=[$0], $x=[$1], $n=[$2], $q0=[0.25E0:DOUBLE], $desc0=[false])\n"
        + "    ShardScan(table=[otel_traces], stage=[AGGREGATE], shards=[24/24], partial=[true])"},
    {"SELECT PERCENTILE_CONT(1) WITHIN GROUP (ORDER BY Duration) FROM otel_traces WHERE \"Timestamp\" < TIMESTAMP '2026-01-01 01:00:00'",
        "SELECT \"Duration\", COUNT(*) AS \"$n\" FROM \"otel_traces\" WHERE \"Timestamp\" < 1767229200000000000 GROUP BY \"Duration\"\n"
        + "covered (1): SELECT \"Duration\", COUNT(*) AS \"$n\" FROM \"otel_traces\" NOT INDEXED GROUP BY \"Duration\"",
        "LogicalAggregate(group=[{}], EXPR$0=[$PERCENTILE_CONT_MERGE($0, $1, $2, $3)])\n"
        + "  LogicalProject($x=[$0], $n=[$1], $q0=[1.0E0:DOUBLE], $desc0=[false])\n"
        + "    ShardScan(table=[otel_traces], stage=[AGGREGATE], shards=[1/24], partial=[true])"},
    {"SELECT ServiceName, PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY Duration), STDDEV_POP(Duration) FROM otel_traces GROUP BY ServiceName",
        "SELECT \"ServiceName\", \"Duration\" FROM \"otel_traces\"",
        "LogicalAggregate(group=[{0}], EXPR$1=[$PERCENTILE_CONT_MERGE($2, $3, $4, $5)], EXPR$2=[STDDEV_POP($2)])\n"
        + "  LogicalProject($f0=[$0], $f1=[$1], $f2=[$2], $f3=[1:BIGINT], $f4=[0.5E0:DOUBLE], $f5=[false])\n"
        + "    LogicalProject(ServiceName=[$0], $f1=[0.5:DECIMAL(2, 1)], Duration=[$1])\n"
        + "      ShardScan(table=[otel_traces], stage=[PROJECT], shards=[24/24])"},
    {"SELECT ServiceName, PERCENTILE_CONT(0.99) WITHIN GROUP (ORDER BY Duration), APPROX_PERCENTILE(Duration, 0.99), MAX(Duration) FROM otel_traces GROUP BY ServiceName",
        "SELECT \"ServiceName\", \"Duration\", CAST(SIGN(CAST(\"Duration\" AS REAL)) AS INTEGER) AS \"$sign\", CAST(CEIL(LN(ABS(CAST(\"Duration\" AS REAL))) / 2.0000666706669435E-2) AS INTEGER) AS \"$bucket\", MAX(\"Duration\"), COUNT(*) AS \"$n\" FROM \"otel_traces\" NOT INDEXED GROUP BY \"ServiceName\", \"Duration\", CAST(SIGN(CAST(\"Duration\" AS REAL)) AS INTEGER), CAST(CEIL(LN(ABS(CAST(\"Duration\" AS REAL))) / 2.0000666706669435E-2) AS INTEGER)",
        "LogicalAggregate(group=[{0}], EXPR$1=[$PERCENTILE_CONT_MERGE($1, $3, $6, $7)], EXPR$2=[$APPROX_PERCENTILE_MERGE($4, $5, $3, $8)], EXPR$3=[MAX($2)])\n"
        + "  LogicalProject(ServiceName=[$0], $x=[$1], $p0=[$4], $n=[$5], $sign=[$2], $bucket=[$3], $q0=[0.99E0:DOUBLE], $desc0=[false], $aq0=[0.99E0:DOUBLE])\n"
        + "    ShardScan(table=[otel_traces], stage=[AGGREGATE], shards=[24/24], partial=[true])"},
    {"SELECT JSON_VALUE(SpanAttributes, '$.\"http.method\"') AS m, COUNT(*) FROM otel_traces WHERE JSON_VALUE(ResourceAttributes, 'lax $.\"service.name\"') = 'cart' GROUP BY JSON_VALUE(SpanAttributes, '$.\"http.method\"')",
        "SELECT (CASE json_type(\"SpanAttributes\" , '$.\"http.method\"') WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' WHEN 'object' THEN NULL WHEN 'array' THEN NULL ELSE json_extract(\"SpanAttributes\" , '$.\"http.method\"') END)  AS \"m\", COUNT(*) FROM \"otel_traces\" NOT INDEXED WHERE (CASE json_type(\"ResourceAttributes\" , '$.\"service.name\"') WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' WHEN 'object' THEN NULL WHEN 'array' THEN NULL ELSE json_extract(\"ResourceAttributes\" , '$.\"service.name\"') END)  = 'cart' GROUP BY (CASE json_type(\"SpanAttributes\" , '$.\"http.method\"') WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' WHEN 'object' THEN NULL WHEN 'array' THEN NULL ELSE json_extract(\"SpanAttributes\" , '$.\"http.method\"') END) ",
        "LogicalAggregate(group=[{0}], EXPR$1=[$SUM0($1)])\n"
        + "  ShardScan(table=[otel_traces], stage=[AGGREGATE], shards=[24/24], partial=[true])"},
    {"SELECT ServiceName, COUNT(*) FROM otel_traces WHERE \"Timestamp\" >= TIMESTAMP '2026-01-01 01:30:00' AND \"Timestamp\" < TIMESTAMP '2026-01-01 05:00:00' AND SpanKind = 'Server' GROUP BY ServiceName",
        "SELECT \"ServiceName\", COUNT(*) FROM \"otel_traces\" WHERE \"Timestamp\" >= 1767231000000000000 AND \"Timestamp\" < 1767243600000000000 AND \"SpanKind\" = 'Server' GROUP BY \"ServiceName\"\n"
        + "covered (3): SELECT \"ServiceName\", COUNT(*) FROM \"otel_traces\" NOT INDEXED WHERE \"SpanKind\" = 'Server' GROUP BY \"ServiceName\"",
        "LogicalAggregate(group=[{0}], EXPR$1=[$SUM0($1)])\n"
        + "  ShardScan(table=[otel_traces], stage=[AGGREGATE], shards=[4/24], partial=[true])"},
    {"SELECT DISTINCT ServiceName FROM otel_logs WHERE \"Timestamp\" >= TIMESTAMP '2026-01-01 20:30:00'",
        "SELECT \"ServiceName\" FROM \"otel_logs\" WHERE \"Timestamp\" >= 1767299400000000000 GROUP BY \"ServiceName\"\n"
        + "covered (3): SELECT \"ServiceName\" FROM \"otel_logs\" GROUP BY \"ServiceName\"",
        "LogicalAggregate(group=[{0}])\n"
        + "  ShardScan(table=[otel_logs], stage=[AGGREGATE], shards=[4/24], partial=[true])"},
    {"SELECT SpanName, COUNT(*) FROM otel_traces WHERE ServiceName = 'cart' GROUP BY SpanName",
        "SELECT \"SpanName\", COUNT(*) FROM \"otel_traces\" WHERE \"ServiceName\" = 'cart' GROUP BY \"SpanName\"",
        "LogicalAggregate(group=[{0}], EXPR$1=[$SUM0($1)])\n"
        + "  ShardScan(table=[otel_traces], stage=[AGGREGATE], shards=[24/24], partial=[true])"},
    {"SELECT Body FROM otel_logs WHERE \"Timestamp\" >= TIMESTAMP '2026-01-01 22:00:00' ORDER BY \"Timestamp\" DESC LIMIT 5",
        "SELECT \"Body\", \"Timestamp\" FROM \"otel_logs\" WHERE \"Timestamp\" >= 1767304800000000000 ORDER BY \"Timestamp\" DESC LIMIT 5\n"
        + "covered (2): SELECT \"Body\", \"Timestamp\" FROM \"otel_logs\" ORDER BY \"Timestamp\" DESC LIMIT 5",
        "LogicalProject(Body=[$0])\n"
        + "  LogicalSort(sort0=[$1], dir0=[DESC-nulls-last], fetch=[5])\n"
        + "    ShardScan(table=[otel_logs], stage=[SORT], shards=[2/24], collation=[[1 DESC-nulls-last]])"},
    {"SELECT SpanAttributes['http.method'] AS m, COUNT(*) FROM otel_traces WHERE ResourceAttributes['service.name'] = 'cart' GROUP BY SpanAttributes['http.method']",
        "SELECT json_extract(\"SpanAttributes\", '$.\"http.method\"') AS \"m\", COUNT(*) FROM \"otel_traces\" NOT INDEXED WHERE json_extract(\"ResourceAttributes\", '$.\"service.name\"') = 'cart' GROUP BY json_extract(\"SpanAttributes\", '$.\"http.method\"')",
        "LogicalAggregate(group=[{0}], EXPR$1=[$SUM0($1)])\n"
        + "  ShardScan(table=[otel_traces], stage=[AGGREGATE], shards=[24/24], partial=[true])"},
    {"SELECT ServiceName, COUNT(*) FROM otel_traces WHERE CAST(SpanAttributes['http.status_code'] AS INTEGER) >= 500 GROUP BY ServiceName",
        "SELECT \"ServiceName\", COUNT(*) FROM \"otel_traces\" NOT INDEXED WHERE CAST(json_extract(\"SpanAttributes\", '$.\"http.status_code\"') AS INTEGER) >= 500 GROUP BY \"ServiceName\"",
        "LogicalAggregate(group=[{0}], EXPR$1=[$SUM0($1)])\n"
        + "  ShardScan(table=[otel_traces], stage=[AGGREGATE], shards=[24/24], partial=[true])"},
    {"SELECT \"Timestamp\", TraceId, SpanAttributes FROM otel_traces WHERE SpanAttributes['http.route'] = '/api/cart' ORDER BY \"Timestamp\" DESC LIMIT 10",
        "SELECT \"Timestamp\", \"TraceId\", \"SpanAttributes\" FROM \"otel_traces\" WHERE json_extract(\"SpanAttributes\", '$.\"http.route\"') = '/api/cart' ORDER BY \"Timestamp\" DESC LIMIT 10",
        "LogicalSort(sort0=[$0], dir0=[DESC-nulls-last], fetch=[10])\n"
        + "  ShardScan(table=[otel_traces], stage=[SORT], shards=[24/24], collation=[[0 DESC-nulls-last]])"},
    {"SELECT LogAttributes['a\"b'], LogAttributes['it''s'], ScopeAttributes['x'] FROM otel_logs WHERE LogAttributes['k'] IS NULL",
        "SELECT (SELECT value FROM json_each(\"LogAttributes\") WHERE key = 'a\"b'), json_extract(\"LogAttributes\", '$.\"it''s\"'), json_extract(\"ScopeAttributes\", '$.\"x\"') FROM \"otel_logs\" WHERE json_extract(\"LogAttributes\", '$.\"k\"') IS NULL",
        "ShardScan(table=[otel_logs], stage=[PROJECT], shards=[24/24])"},
    {"SELECT Attributes['host'] AS h, AVG(\"Value\") FROM otel_metrics_gauge WHERE MetricName = 'cpu' GROUP BY Attributes['host']",
        "SELECT json_extract(\"Attributes\", '$.\"host\"') AS \"h\", SUM(\"Value\") AS \"$f1\", COUNT(\"Value\") AS \"$f2\" FROM \"otel_metrics_gauge\" WHERE \"MetricName\" = 'cpu' GROUP BY json_extract(\"Attributes\", '$.\"host\"')",
        "LogicalProject(h=[$0], EXPR$1=[/($1, $2)])\n"
        + "  LogicalAggregate(group=[{0}], agg#0=[SUM($1)], agg#1=[$SUM0($2)])\n"
        + "    ShardScan(table=[otel_metrics_gauge], stage=[AGGREGATE], shards=[24/24], partial=[true])"},
    {"SELECT SpanAttributes['http.route'] AS route, APPROX_PERCENTILE(Duration, 0.95) FROM otel_traces WHERE SpanAttributes['http.method'] = 'GET' GROUP BY SpanAttributes['http.route']",
        "SELECT json_extract(\"SpanAttributes\", '$.\"http.route\"') AS \"route\", CAST(SIGN(CAST(\"Duration\" AS REAL)) AS INTEGER) AS \"$sign\", CAST(CEIL(LN(ABS(CAST(\"Duration\" AS REAL))) / 2.0000666706669435E-2) AS INTEGER) AS \"$bucket\", COUNT(*) AS \"$n\" FROM \"otel_traces\" NOT INDEXED WHERE json_extract(\"SpanAttributes\", '$.\"http.method\"') = 'GET' GROUP BY json_extract(\"SpanAttributes\", '$.\"http.route\"'), CAST(SIGN(CAST(\"Duration\" AS REAL)) AS INTEGER), CAST(CEIL(LN(ABS(CAST(\"Duration\" AS REAL))) / 2.0000666706669435E-2) AS INTEGER)",
        "LogicalAggregate(group=[{0}], EXPR$1=[$APPROX_PERCENTILE_MERGE($1, $2, $3, $4)])\n"
        + "  LogicalProject($f0=[$0], $f1=[$1], $f2=[$2], $f3=[$3], $f4=[CAST(0.95:DECIMAL(3, 2)):DOUBLE NOT NULL])\n"
        + "    ShardScan(table=[otel_traces], stage=[AGGREGATE], shards=[24/24], partial=[true])"},
    {"SELECT FLOOR(\"Timestamp\" TO MINUTE) AS t, UPPER(ServiceName) AS s, SpanAttributes['peer.service'] FROM otel_traces",
        "SELECT ((\"Timestamp\" / 60000000000 - (\"Timestamp\" % 60000000000 < 0)) * 60000000000) AS \"t\", \"ServiceName\", json_extract(\"SpanAttributes\", '$.\"peer.service\"') FROM \"otel_traces\"",
        "LogicalProject(t=[$0], s=[UPPER($1)], EXPR$2=[$2])\n"
        + "  ShardScan(table=[otel_traces], stage=[PROJECT], shards=[24/24])"},
  };
}
