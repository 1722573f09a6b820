package depset.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The analyzer reads traces only: it never reaches the kernel side of fuse-fs, nor jnr. */
@Tag("unit")
class AnalyzerArchitectureTest {
    private static final JavaClasses ANALYZER = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("depset.graph", "depset.query", "depset.strategy", "depset.manifest", "depset.explain");

    @Test
    void analyzerDoesNotDependOnTheNativeSide() {
        noClasses().that().resideInAnyPackage("depset.graph..", "depset.query..", "depset.strategy..",
                        "depset.manifest..", "depset.explain..")
                .should().dependOnClassesThat()
                .resideInAnyPackage("depset.fs..", "depset.natives..", "depset.proc..", "depset.sandbox..", "jnr..")
                .check(ANALYZER);
    }

    @Test
    void strategiesDoNotReadTracesThemselves() {
        noClasses().that().resideInAPackage("depset.strategy..")
                .should().dependOnClassesThat().haveSimpleName("TraceReader")
                .check(ANALYZER);
    }
}
