package depset.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The writers reach the kernel only through the plain-Java {@code depset.fsops.PosixFiles}: never the
 * bindings, jnr, the mount or the sandbox (verify runs the sandbox from the cli).
 */
@Tag("unit")
class BuildArchitectureTest {
    @Test
    void writersUseOnlyThePlainJavaFileOperations() {
        JavaClasses build = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("depset.build");
        noClasses().that().resideInAPackage("depset.build..")
                .should().dependOnClassesThat()
                .resideInAnyPackage("depset.fs..", "depset.natives..", "depset.proc..", "depset.sandbox..", "jnr..")
                .check(build);
    }
}
