package depset.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Jackson's complaints, as depset's readers report them: which field, what it should hold, where. */
@Tag("unit")
class JsonProblemTest {
    record Entry(String path, int mode, FileType type, boolean exec) {
    }

    record Doc(int version, List<Entry> entries, Map<String, String> hosts) {
        Doc {
            if (hosts == null) {
                throw new IllegalArgumentException("no \"hosts\" field");
            }
        }
    }

    record Strict(int version) {
    }

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private static String problem(String json, Class<?> type) {
        JacksonException e = catchThrowableOfType(JacksonException.class, () -> MAPPER.readValue(json, type));
        assertThat(e).as("Jackson refuses %s", json).isNotNull();
        return JsonProblem.describe(e);
    }

    @Test
    void aDocumentCutShortSaysSoAndWhere() {
        assertThat(problem("{\"version\": 1,\n\"entries\": [", Doc.class))
                .isEqualTo("the document ends inside an object or array (line 2, column 13)");
        assertThat(problem("{\"version\": 1,", Doc.class))
                .isEqualTo("the document ends inside an object or array (line 1, column 15)");
    }

    @Test
    void aValueOfTheWrongKindNamesItsFieldAndTheKindWanted() {
        assertThat(problem("{\"version\": 1, \"entries\": [{\"mode\": 1, \"path\": [1]}], \"hosts\": {}}", Doc.class))
                .startsWith("field entries[0].path should be a string (line 1");
        assertThat(problem("{\"version\": 1, \"entries\": {}, \"hosts\": {}}", Doc.class))
                .startsWith("field entries should be an array (line 1");
        assertThat(problem("{\"version\": 1, \"entries\": [], \"hosts\": []}", Doc.class))
                .startsWith("field hosts should be an object (line 1");
        assertThat(problem("{\"version\": 1, \"entries\": [{\"mode\": 1, \"exec\": [1]}], \"hosts\": {}}", Doc.class))
                .startsWith("field entries[0].exec should be true or false (line 1");
        assertThat(problem("{\"version\": 1, \"entries\": [{\"mode\": 1, \"type\": \"blob\"}], \"hosts\": {}}", Doc.class))
                .startsWith("field entries[0].type should be one of the names [FILE, DIRECTORY");
    }

    @Test
    void aMissingNumberAndARefusedConstructorSayWhatIsMissing() {
        assertThat(problem("{\"version\": 1, \"entries\": [{\"path\": \"/x\"}], \"hosts\": {}}", Doc.class))
                .startsWith("field entries[0].mode is missing or null (line 1");
        assertThat(problem("{\"version\": 1, \"entries\": []}", Doc.class))
                .startsWith("no \"hosts\" field (line 1");
    }

    @Test
    void anUnknownFieldIsNamed() {
        assertThat(problem("{\"version\": 1, \"verison\": 2}", Strict.class))
                .startsWith("unknown field \"verison\" (line 1");
    }

    @Test
    void noProblemShowsJacksonsOrJavasInsides() {
        for (String json : List.of("{\"version\": 1,\n\"entries\": [", "{\"version\": tru}", "[1, 2]",
                "{\"version\": 1, \"entries\": [{\"path\": {}}], \"hosts\": {}}", "{\"version\": \"x\"}",
                "{\"version\": 1, \"entries\": [{\"mode\": null}], \"hosts\": {}}", "{\"version\": 1, \"entries\": []}")) {
            assertThat(problem(json, Doc.class)).as(json)
                    .doesNotContain("Source:", "REDACTED", "java.", "Jackson", "Feature", "`", "\n")
                    .contains("(line ");
        }
    }
}
