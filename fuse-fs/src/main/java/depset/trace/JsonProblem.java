package depset.trace;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.util.Collection;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What is wrong with a JSON document that depset reads (a trace line, a manifest, a flows file, a
 * verify result), as one line for its user. Jackson's own messages name Java types, Jackson's
 * settings and, for a constructor that failed, a NullPointerException's text; this says which
 * field, what it should hold, and where.
 */
public final class JsonProblem {
    // "[Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); line: 1, column: 1]"
    private static final Pattern SOURCE = Pattern.compile("\\[Source: [^\\]]*?line: (\\d+), column: (\\d+)\\]");

    private JsonProblem() {
    }

    /** One line: what is wrong, the field it is in when known, and the line and column. */
    public static String describe(JacksonException e) {
        return what(e) + where(e.getLocation());
    }

    /** As {@link #describe} without the line and column, for a reader that names the line itself. */
    public static String what(JacksonException e) {
        String what;
        if (e instanceof JsonMappingException m && m.getCause() instanceof JacksonException inner) {
            // A syntax error met while binding, wrapped with the path to where it was met.
            what = inner instanceof JsonEOFException ? what(inner) : field(m) + what(inner);
        } else if (e instanceof JsonEOFException
                || String.valueOf(e.getOriginalMessage()).startsWith("Unexpected end-of-input")) {
            what = "the document ends inside an object or array";
        } else if (e instanceof UnrecognizedPropertyException u) {
            what = "unknown field \"" + u.getPropertyName() + "\"";
        } else if (e instanceof InvalidNullException n) {
            what = field(n) + "is missing or null";
        } else if (e instanceof ValueInstantiationException v) {
            Throwable cause = v.getCause();
            what = field(v) + (cause instanceof IllegalArgumentException && cause.getMessage() != null
                    ? cause.getMessage() : "a required field is missing or null");
        } else if (e instanceof MismatchedInputException m && String.valueOf(m.getOriginalMessage())
                .startsWith("Cannot map `null`")) {
            what = field(m) + "is missing or null"; // a primitive's field, absent or null
        } else if (e instanceof MismatchedInputException m) {
            what = field(m) + (m.getTargetType() == null ? firstLine(m.getOriginalMessage())
                    : "should be " + kind(m.getTargetType()));
        } else {
            what = firstLine(e.getOriginalMessage());
        }
        return SOURCE.matcher(what).replaceAll("line $1, column $2");
    }

    /** "field entries[0].path " for a problem inside the document, "" at its top. */
    private static String field(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                path.append('[').append(r.getIndex()).append(']');
            }
        }
        return path.length() == 0 ? "" : "field " + path + " ";
    }

    private static String kind(Class<?> type) {
        if (type == String.class || type == char.class || type == Character.class) {
            return "a string";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type.isPrimitive() || Number.class.isAssignableFrom(type)) {
            return "a number";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (type.isEnum()) {
            return "one of the names " + java.util.Arrays.toString(type.getEnumConstants());
        }
        return Map.class.isAssignableFrom(type) || type.isRecord() ? "an object" : "a value of another kind";
    }

    private static String where(JsonLocation at) {
        if (at == null || at.getLineNr() < 1) {
            return "";
        }
        return " (line " + at.getLineNr() + (at.getColumnNr() > 0 ? ", column " + at.getColumnNr() : "") + ")";
    }

    /**
     * The first line of an exception's message ("unknown error" without one): a parser's message
     * goes on with its input and its own settings, which say nothing to the user.
     */
    public static String firstLine(String msg) {
        if (msg == null) {
            return "unknown error";
        }
        int cut = msg.indexOf('\n');
        return cut < 0 ? msg : msg.substring(0, cut);
    }
}
