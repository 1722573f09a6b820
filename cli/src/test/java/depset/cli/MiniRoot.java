package depset.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A tiny root tree for tests: a few host programs with their libraries and loader (found by ldd). */
final class MiniRoot {
    private static final Pattern LIB = Pattern.compile("(/\\S+)");

    private MiniRoot() {
    }

    static Path create(Path dir, String... programs) throws IOException, InterruptedException {
        for (String sub : List.of("bin", "etc", "tmp")) {
            Files.createDirectories(dir.resolve(sub));
        }
        for (String program : programs) {
            Path host = Path.of(program).toRealPath();
            copy(host, dir.resolve(program.substring(1)));
            Process ldd = new ProcessBuilder("ldd", host.toString()).redirectErrorStream(true).start();
            String libs = new String(ldd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            ldd.waitFor();
            Matcher m = LIB.matcher(libs);
            while (m.find()) {
                Path lib = Path.of(m.group(1));
                if (Files.isRegularFile(lib)) {
                    copy(lib.toRealPath(), dir.resolve(lib.toString().substring(1)));
                }
            }
        }
        Files.writeString(dir.resolve("etc/hostname"), "mini\n");
        return dir;
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
    }
}
