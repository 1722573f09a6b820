package depset.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The analyzer reads traces only: no class of the module — whatever its package, present or future — reaches
 * the kernel side of fuse-fs (TraceFs, the bindings, the process monitor, the sandbox), jnr-ffi or jnr-fuse,
 * or the modules above it. Of fuse-fs it uses the plain-Java trace format ({@code depset.trace}) and file
 * operations ({@code depset.fsops}); the writers reach the kernel through {@code depset.fsops.PosixFiles} only.
 */
@Tag("unit")
class AnalyzerArchitectureTest {
    /** Every class the analyzer module compiled (not its tests, not the other modules on the class path). */
    private static final JavaClasses ANALYZER = new ClassFileImporter().importPath(Path.of("target", "classes"));

    @Test
    void noAnalyzerPackageDependsOnTheNativeSide() {
        noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("depset.fs..", "depset.natives..", "depset.proc..", "depset.sandbox..",
                        "depset.vm..", "depset.cli..", "jnr..", "ru.serce.jnrfuse..")
                .check(ANALYZER);
    }

    @Test
    void theRuleSeesEveryAnalyzerPackage() {
        Set<String> packages = new TreeSet<>();
        for (JavaClass c : ANALYZER) {
            packages.add(c.getPackageName());
        }
        // The import is of the module's own output: if it found nothing, the rule above would pass vacuously.
        assertThat(packages).contains("depset.graph", "depset.query", "depset.strategy", "depset.manifest",
                "depset.explain", "depset.build", "depset.diff", "depset.meta", "depset.show", "depset.report");
    }

    @Test
    void strategiesDoNotReadTracesThemselves() {
        noClasses().that().resideInAPackage("depset.strategy..")
                .should().dependOnClassesThat().haveSimpleName("TraceReader")
                .check(ANALYZER);
    }
}
