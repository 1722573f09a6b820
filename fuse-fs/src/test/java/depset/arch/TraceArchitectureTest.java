package depset.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The trace format is the contract between the recorder and the analyzer, so it is plain Java: no jnr, and
 * nothing of the kernel side it sits beside in this module.
 */
@Tag("unit")
class TraceArchitectureTest {
    private static final JavaClasses TRACE = new ClassFileImporter().importPath(Path.of("target", "classes"))
            .that(com.tngtech.archunit.base.DescribedPredicate.describe("in depset.trace",
                    c -> c.getPackageName().equals("depset.trace")));

    @Test
    void traceDependsOnNoNativeCode() {
        assertThat(TRACE).isNotEmpty();
        noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("depset.fs..", "depset.natives..", "depset.proc..", "depset.sandbox..",
                        "depset.fsops..", "jnr..", "ru.serce.jnrfuse..")
                .check(TRACE);
    }
}
