package io.sqlotel.coordinator;

import java.util.List;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A query that has been parsed, validated and planned, but not executed.
 *
 * @param sql the SQL text as the client sent it
 * @param resultSchema the Arrow schema of the result
 * @param parameterSchema the Arrow schema of the {@code ?} parameters (one field per parameter, in order)
 */
public record PreparedQuery(String sql, Schema resultSchema, Schema parameterSchema) {}
