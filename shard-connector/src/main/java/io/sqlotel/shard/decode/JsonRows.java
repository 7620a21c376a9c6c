package io.sqlotel.shard.decode;

import java.util.List;

/**
 * A whole, small shard answer as Java objects.
 *
 * @param columns the column names, in answer order
 * @param rows the rows, each as long as {@code columns}; values are Long, Double, String or null (see
 *     {@link JsonRowsReader#read})
 * @param meta what the shard reported and what was counted
 */
public record JsonRows(List<String> columns, List<List<Object>> rows, ResponseMeta meta) {}
