package depset.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every link in the repository's Markdown documents points at a file of the repository (and, with a
 * {@code #fragment}, at a heading of it): no document may send a reader outside the repository or nowhere.
 */
@Tag("unit")
class DocsLinksTest {
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6} (.+)$", Pattern.MULTILINE);
    private static final Pattern CODE_BLOCK = Pattern.compile("(?ms)^```.*?^```");

    @Test
    void everyRelativeLinkResolvesInsideTheRepository() throws IOException {
        Path root = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath()
                .getParent().normalize();
        List<Path> docs = new ArrayList<>();
        try (Stream<Path> top = Files.list(root); Stream<Path> inDocs = Files.list(root.resolve("docs"))) {
            top.filter(p -> p.toString().endsWith(".md")).forEach(docs::add);
            inDocs.filter(p -> p.toString().endsWith(".md")).forEach(docs::add);
        }
        assertThat(docs).extracting(p -> p.getFileName().toString()).contains("README.md", "design.md");
        List<String> broken = new ArrayList<>();
        for (Path doc : docs) {
            String text = CODE_BLOCK.matcher(Files.readString(doc, StandardCharsets.UTF_8)).replaceAll("");
            Matcher m = LINK.matcher(text);
            while (m.find()) {
                String link = m.group(1);
                if (link.startsWith("http://") || link.startsWith("https://") || link.startsWith("mailto:")) {
                    continue;
                }
                String where = root.relativize(doc) + ": " + link;
                int hash = link.indexOf('#');
                String file = hash < 0 ? link : link.substring(0, hash);
                Path target = file.isEmpty() ? doc : doc.getParent().resolve(file).normalize();
                if (!target.startsWith(root)) {
                    broken.add(where + " (outside the repository)");
                } else if (!Files.exists(target)) {
                    broken.add(where + " (no such file)");
                } else if (hash >= 0 && !anchors(target).contains(link.substring(hash + 1))) {
                    broken.add(where + " (no such heading)");
                }
            }
        }
        assertThat(broken).as("links that lead nowhere or out of the repository").isEmpty();
    }

    /** GitHub's anchors for the headings of a Markdown file. */
    private static Set<String> anchors(Path file) throws IOException {
        Set<String> out = new HashSet<>();
        String text = CODE_BLOCK.matcher(Files.readString(file, StandardCharsets.UTF_8)).replaceAll("");
        Matcher m = HEADING.matcher(text);
        while (m.find()) {
            String slug = m.group(1).trim().toLowerCase(Locale.ROOT)
                    .replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
            out.add(slug);
        }
        return out;
    }
}
