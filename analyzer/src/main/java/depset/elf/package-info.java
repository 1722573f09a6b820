/**
 * Reading what the dynamic loader would read, without running it: ELF headers ({@link depset.elf.ElfReader}),
 * the loader's cache ({@link depset.elf.LdSoCache}) and its search ({@link depset.elf.LibraryResolver}).
 * Everything here reads files of a source root as untrusted bytes: every offset is checked against
 * the file's size before it is used, and a malformed file gives an {@link depset.elf.ElfFormatException}.
 */
package depset.elf;
