package depset.meta;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class ControlFileTest {
    @Test
    void parsesParagraphsContinuationsAndCommentsCaseInsensitively() {
        List<Map<String, String>> p = ControlFile.parse("""
                # a comment
                Package: a
                Description: short
                 long line one
                 .
                 long line two

                
                package: b
                stray line without a colon
                Version: 1:2.0-1
                """);
        assertThat(p).hasSize(2);
        assertThat(p.get(0).get("package")).isEqualTo("a");
        assertThat(p.get(0).get("Description")).isEqualTo("short\nlong line one\n.\nlong line two");
        assertThat(p.get(1).get("Package")).isEqualTo("b");
        assertThat(p.get(1).get("Version")).isEqualTo("1:2.0-1");
    }

    @Test
    void handlesCrlfAndAMissingFinalNewline() {
        List<Map<String, String>> p = ControlFile.parse("A: 1\r\nB: 2\r\n\r\nC: 3");
        assertThat(p).hasSize(2);
        assertThat(p.get(0)).containsEntry("B", "2");
        assertThat(p.get(1)).containsEntry("C", "3");
    }
}
