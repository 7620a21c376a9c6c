package io.sqlotel.shard.decode;

import java.util.List;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * The Arrow field of an attribute map ({@code MAP<VARCHAR, VARCHAR>}): {@code Map(keysSorted=false)} of a non-null
 * {@code entries} struct holding a non-null Utf8 {@code key} and a nullable Utf8 {@code value}, the layout the Arrow
 * columnar format specifies for Map (and the names Arrow Java's {@code MapVector} uses).
 */
public final class StringMapField {
  /** The name of the entries struct. */
  public static final String ENTRIES = "entries";
  /** The name of the key field. */
  public static final String KEY = "key";
  /** The name of the value field. */
  public static final String VALUE = "value";

  private StringMapField() {}

  /** A string-map field called {@code name}. */
  public static Field of(String name, boolean nullable) {
    Field key = new Field(KEY, FieldType.notNullable(ArrowType.Utf8.INSTANCE), null);
    Field value = new Field(VALUE, FieldType.nullable(ArrowType.Utf8.INSTANCE), null);
    Field entries = new Field(ENTRIES, FieldType.notNullable(ArrowType.Struct.INSTANCE), List.of(key, value));
    return new Field(name, new FieldType(nullable, new ArrowType.Map(false), null), List.of(entries));
  }

  /** Whether {@code field} is a map of Utf8 keys to Utf8 values (whatever the child names). */
  public static boolean isStringMap(Field field) {
    if (!(field.getType() instanceof ArrowType.Map) || field.getChildren().size() != 1) {
      return false;
    }
    List<Field> kv = field.getChildren().get(0).getChildren();
    return kv.size() == 2 && kv.get(0).getType() instanceof ArrowType.Utf8
        && kv.get(1).getType() instanceof ArrowType.Utf8;
  }
}
