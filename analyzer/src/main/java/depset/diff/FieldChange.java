package depset.diff;

/**
 * One metadata field that differs between two entries of the same path.
 *
 * @param field  "type", "mode", "owner", "size" or "target"
 * @param before the value in the first set, as text (mode in octal, owner as uid:gid)
 * @param after  the value in the second set
 */
public record FieldChange(String field, String before, String after) {
}
