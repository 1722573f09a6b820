package depset.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;

/**
 * The JavaScript libraries the report's graph is drawn with, read from their WebJars on the classpath
 * (versions pinned in the parent pom) and inlined into the page, so that it needs no network when viewed:
 * cytoscape.js draws and queries the graph, dagre computes the layered layout, cytoscape-dagre joins them.
 */
final class ReportLibraries {
    /** A library: its WebJar's Maven coordinates and the file of it the page takes. */
    record Library(String group, String webjar, String file) {
    }

    /** In the order the page needs them: cytoscape-dagre registers itself on the two before it. */
    static final List<Library> LIBRARIES = List.of(
            new Library("org.webjars.npm", "cytoscape", "dist/cytoscape.min.js"),
            new Library("org.webjars.npm", "dagre", "dist/dagre.min.js"),
            new Library("org.webjars.bower", "cytoscape-dagre", "cytoscape-dagre.js"));

    private ReportLibraries() {
    }

    /** The libraries' code, one after the other, safe to put inside a {@code <script>} element. */
    static String script() {
        StringBuilder out = new StringBuilder();
        for (Library l : LIBRARIES) {
            String path = "META-INF/resources/webjars/" + l.webjar() + "/" + version(l) + "/" + l.file();
            out.append(read(path)
                    // "</script" inside the code (only in a string or a comment) would end the element early.
                    .replace("</script", "<\\/script")).append(";\n");
        }
        return out.toString();
    }

    /** The version of the WebJar on the classpath, from the pom.properties every WebJar carries. */
    static String version(Library l) {
        Properties p = new Properties();
        String file = "META-INF/maven/" + l.group() + "/" + l.webjar() + "/pom.properties";
        try (InputStream in = ReportLibraries.class.getClassLoader().getResourceAsStream(file)) {
            if (in == null) {
                throw new IllegalStateException("the " + l.webjar() + " WebJar is not on the classpath");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p.getProperty("version");
    }

    private static String read(String path) {
        try (InputStream in = ReportLibraries.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
