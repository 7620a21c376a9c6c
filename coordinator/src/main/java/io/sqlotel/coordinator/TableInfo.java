package io.sqlotel.coordinator;

import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A table the engine serves, for metadata calls.
 *
 * @param name the table name as declared in the catalog
 * @param schema its columns as an Arrow schema
 */
public record TableInfo(String name, Schema schema) {}
