package depset.diff;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The JSON form of a {@link ManifestDiff}: the record's fields with entries as in a manifest, plus
 * {@code equal}; keys sorted so that the same diff gives the same bytes.
 */
public final class DiffJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .configure(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY, true)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private DiffJson() {
    }

    public static String toJson(ManifestDiff d) {
        try {
            ObjectNode node = MAPPER.valueToTree(d);
            node.put("equal", d.isEmpty());
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot serialise a diff", e);
        }
    }

    /** Reads a diff written by {@link #toJson}. */
    public static ManifestDiff parse(String json) {
        try {
            ObjectNode node = (ObjectNode) MAPPER.readTree(json);
            node.remove("equal");
            return MAPPER.treeToValue(node, ManifestDiff.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a depset diff: " + depset.trace.JsonProblem.describe(e), e);
        }
    }
}
