package depset.elf;

import java.io.IOException;

/** A file that is not ELF, or whose ELF structures do not fit inside it; the message says which and where. */
public final class ElfFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public ElfFormatException(String message) {
        super(message);
    }
}
