package depset.elf;

import java.util.List;

/**
 * What the dynamic loader needs to know of one ELF file.
 *
 * @param is64        ELFCLASS64 (else ELFCLASS32)
 * @param bigEndian   ELFDATA2MSB
 * @param type        e_type: {@value #ET_EXEC} executable, {@value #ET_DYN} shared object or PIE, …
 * @param machine     e_machine ({@value #EM_X86_64} for x86-64)
 * @param interpreter PT_INTERP (the program's loader, "/lib64/ld-linux-x86-64.so.2"), or null
 * @param needed      DT_NEEDED, in order
 * @param soname      DT_SONAME, or null
 * @param rpath       DT_RPATH split at ':' (empty when none)
 * @param runpath     DT_RUNPATH split at ':' (empty when none; when present the loader ignores DT_RPATH)
 * @param dynamic     whether the file has a PT_DYNAMIC segment (false for a static program)
 */
public record ElfFile(boolean is64, boolean bigEndian, int type, int machine, String interpreter, List<String> needed,
                      String soname, List<String> rpath, List<String> runpath, boolean dynamic) {
    public static final int ET_EXEC = 2;
    public static final int ET_DYN = 3;
    public static final int EM_386 = 3;
    public static final int EM_X86_64 = 62;

    public ElfFile {
        needed = List.copyOf(needed);
        rpath = List.copyOf(rpath);
        runpath = List.copyOf(runpath);
    }

    /** True when an object of this class, byte order and machine can be loaded into the same process as {@code o}. */
    public boolean compatibleWith(ElfFile o) {
        return is64 == o.is64 && bigEndian == o.bigEndian && machine == o.machine;
    }
}
