package depset.meta;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A tiny Debian root in a temporary directory: a dpkg database with usrmerge, a diversion, an
 * alternative, a doc directory that is a symlink, DEP-5 and free-form copyright files.
 */
public final class MiniDebian {
    private MiniDebian() {
    }

    public static Path build(Path root) throws IOException {
        dir(root, "usr/bin");
        dir(root, "usr/lib/x86_64-linux-gnu");
        Files.createSymbolicLink(root.resolve("bin"), Path.of("usr/bin"));
        Files.createSymbolicLink(root.resolve("lib"), Path.of("usr/lib"));
        file(root, "usr/bin/ls", "ELF ls");
        file(root, "usr/lib/x86_64-linux-gnu/libc.so.6", "ELF libc, a bit longer");
        file(root, "usr/bin/vim.basic", "ELF vim");
        file(root, "usr/share/man/man1/sh.1.gz", "dash's sh page");
        file(root, "usr/share/man/man1/sh.distrib.1.gz", "manpages' sh page");
        file(root, "etc/ld.so.cache", "cache");
        file(root, "srv/app/app.py", "print('hi')");
        dir(root, "etc/alternatives");
        Files.createSymbolicLink(root.resolve("etc/alternatives/editor"), Path.of("/usr/bin/vim.basic"));
        Files.createSymbolicLink(root.resolve("usr/bin/editor"), Path.of("/etc/alternatives/editor"));

        file(root, "var/lib/dpkg/status", """
                Package: coreutils
                Status: install ok installed
                Architecture: amd64
                Version: 9.1-1
                Description: GNU core utilities
                 This package contains the basic file, shell and text manipulation
                 utilities.

                Package: libc6
                Status: install ok installed
                Architecture: amd64
                Multi-Arch: same
                Source: glibc
                Version: 2.36-9+deb12u4

                Package: dash
                Status: install ok installed
                Architecture: amd64
                Version: 0.5.12-2

                Package: manpages
                Status: install ok installed
                Architecture: all
                Version: 6.03-2

                Package: vim
                Status: install ok installed
                Architecture: amd64
                Source: vim (2:9.0.1378-2)
                Version: 2:9.0.1378-2

                Package: oldpkg
                Status: deinstall ok config-files
                Version: 1.0
                """);
        file(root, "var/lib/dpkg/info/coreutils.list", "/.\n/bin\n/bin/ls\n/usr\n/usr/share/doc/coreutils\n"
                + "/usr/share/doc/coreutils/copyright\n");
        file(root, "var/lib/dpkg/info/libc6:amd64.list", "/.\n/lib\n/lib/x86_64-linux-gnu\n"
                + "/lib/x86_64-linux-gnu/libc.so.6\n/usr/share/doc/libc6/copyright\n");
        file(root, "var/lib/dpkg/info/dash.list", "/.\n/usr/share/man/man1/sh.1.gz\n");
        file(root, "var/lib/dpkg/info/manpages.list", "/.\n/usr/share/man/man1/sh.1.gz\n");
        file(root, "var/lib/dpkg/info/vim.list", "/.\n/usr/bin/vim.basic\n/usr/share/doc/vim\n");
        file(root, "var/lib/dpkg/info/oldpkg.list", "/srv/app/app.py\n");
        file(root, "var/lib/dpkg/diversions", "/usr/share/man/man1/sh.1.gz\n/usr/share/man/man1/sh.distrib.1.gz\ndash\n");
        file(root, "var/lib/dpkg/alternatives/editor", "auto\n/usr/bin/editor\neditor.1.gz\n"
                + "/usr/share/man/man1/editor.1.gz\n\n/usr/bin/vim.basic\n30\n/usr/share/man/man1/vim.1.gz\n\n");

        file(root, "usr/share/doc/coreutils/copyright", """
                Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
                Source: ftp://ftp.gnu.org/gnu/coreutils

                Files: *
                Copyright: (C) 1984-2008 Free Software Foundation, Inc.
                License: GPL-3+

                Files: lib/fts.c
                Copyright: (C) 1989 The Regents of the University of California.
                License: GPL-3+ and BSD-4-clause-UC

                License: GPL-3+
                 This program is free software.
                """);
        file(root, "usr/share/doc/libc6/copyright", "This is the Debian prepackaged version of the GNU C Library.\n");
        file(root, "usr/share/doc/dash/copyright", "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n\n"
                + "Files: *\nLicense: BSD-3-clause\n");
        // vim's doc directory is a symlink to vim-common's, with an absolute target as some packages ship:
        // it must resolve inside the root, not on the host.
        dir(root, "usr/share/doc/vim-common");
        Files.createSymbolicLink(root.resolve("usr/share/doc/vim"), Path.of("/usr/share/doc/vim-common"));
        file(root, "usr/share/doc/vim-common/copyright", "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n\n"
                + "Files: *\nLicense: Vim\n\nFiles: runtime/*\nLicense: Vim or GPL-2+\n");
        return root;
    }

    static void dir(Path root, String rel) throws IOException {
        Files.createDirectories(root.resolve(rel));
    }

    static void file(Path root, String rel, String text) throws IOException {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }
}
