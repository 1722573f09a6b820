package depset.fs;

import static org.assertj.core.api.Assertions.assertThat;

import depset.natives.LibC;
import depset.natives.StatBuffer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pass-through's path handling, called directly (no mount): whatever the backing tree holds,
 * no symlink is followed and nothing outside the backing root is reached.
 */
@Tag("fuse") // no mount, but it creates nodes owned by other users and changes owners: root
@EnabledIf(value = "depset.sandbox.HostChecks#isRoot", disabledReason = "creates files owned by other users: needs root")
class BackingTreeTest {
    @TempDir
    Path dir;
    Path backing;
    Path outside;
    BackingTree tree;
    final Pointer st = Memory.allocateDirect(LibC.RUNTIME, StatBuffer.SIZE);

    @BeforeEach
    void setUp() throws IOException {
        backing = Files.createDirectories(dir.resolve("backing"));
        outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(outside.resolve("secret"), "outside");
        Files.createDirectories(backing.resolve("real"));
        Files.writeString(backing.resolve("real/secret"), "inside");
        tree = new BackingTree(BackingRoot.open(backing));
    }

    @AfterEach
    void tearDown() {
        tree.close();
    }

    @Test
    void aDirectorySwappedForASymlinkIsNotFollowed() throws IOException {
        Files.createSymbolicLink(backing.resolve("d"), outside);
        Files.createSymbolicLink(backing.resolve("root"), Path.of("/"));
        Files.createSymbolicLink(backing.resolve("rel"), Path.of("real"));

        assertThat(tree.lstat("/d/secret", st)).isEqualTo(-LibC.ELOOP);
        assertThat(tree.lstat("/root/etc/passwd", st)).isEqualTo(-LibC.ELOOP);
        assertThat(tree.lstat("/rel/secret", st)).as("even a symlink within the tree").isEqualTo(-LibC.ELOOP);
        assertThat(tree.open("/d/secret", LibC.O_RDONLY)).isEqualTo(-LibC.ELOOP);
        assertThat(tree.open("/d", LibC.O_RDONLY)).as("the last component neither").isEqualTo(-LibC.ELOOP);
        assertThat(tree.mkdir("/d/made", 0755, 0, 0)).isEqualTo(-LibC.ELOOP);
        assertThat(tree.create("/d/made", LibC.O_WRONLY, 0644, 0, 0, new boolean[1])).isEqualTo(-LibC.ELOOP);
        assertThat(tree.unlink("/d/secret")).isEqualTo(-LibC.ELOOP);
        assertThat(tree.rename("/d/secret", "/stolen")).isEqualTo(-LibC.ELOOP);
        assertThat(tree.link("/d/secret", "/stolen")).isEqualTo(-LibC.ELOOP);
        assertThat(tree.opendir("/root")).isIn(-LibC.ELOOP, -LibC.ENOTDIR);
        assertThat(Files.readString(outside.resolve("secret"))).isEqualTo("outside");
        assertThat(outside.resolve("made")).doesNotExist();
        assertThat(backing.resolve("stolen")).doesNotExist();
    }

    @Test
    void operationsOnASymlinkActOnTheLinkNotItsTarget() throws IOException {
        Path target = outside.resolve("secret");
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-------"));
        Files.createSymbolicLink(backing.resolve("link"), target);

        assertThat(tree.lstat("/link", st)).isZero();
        assertThat(StatBuffer.isSymlink(StatBuffer.mode(st))).isTrue();
        assertThat(tree.chmod("/link", 0777)).isEqualTo(-LibC.EOPNOTSUPP);
        assertThat(tree.truncate("/link", 0, false)).isEqualTo(-LibC.ELOOP);
        assertThat(tree.chown("/link", 65534, 65534)).isZero();
        assertThat(tree.open("/link", LibC.O_WRONLY)).isEqualTo(-LibC.ELOOP);
        assertThat(tree.create("/link", LibC.O_WRONLY, 0644, 0, 0, new boolean[1])).isEqualTo(-LibC.ELOOP);
        assertThat(tree.readlinkString("/link")).isEqualTo(target.toString());

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).isEqualTo("rw-------");
        assertThat(Files.readString(target)).isEqualTo("outside");
        assertThat(Files.getAttribute(target, "unix:uid")).isEqualTo(0);
        assertThat(Files.getAttribute(backing.resolve("link"), "unix:uid",
                java.nio.file.LinkOption.NOFOLLOW_LINKS)).isEqualTo(65534);
    }

    @Test
    void theRootItselfIsReachable() {
        assertThat(tree.lstat("/", st)).isZero();
        assertThat(StatBuffer.isDirectory(StatBuffer.mode(st))).isTrue();
        int fd = tree.opendir("/");
        assertThat(fd).isNotNegative();
        LibC.INSTANCE.close(fd);
    }

    @Test
    void createdNodesBelongToTheCallerWithTheModeAskedFor() throws IOException {
        assertThat(tree.mkdir("/d", 0775, 1000, 1001)).isZero();
        boolean[] created = new boolean[1];
        int fd = tree.create("/d/f", LibC.O_WRONLY, 0666, 1000, 1001, created);
        assertThat(fd).isNotNegative();
        assertThat(created[0]).isTrue();
        LibC.INSTANCE.close(fd);
        assertThat(tree.symlink("f", "/d/l", 1000, 1001)).isZero();

        assertThat(Files.getAttribute(backing.resolve("d"), "unix:mode")).isEqualTo(040775);
        assertThat(Files.getAttribute(backing.resolve("d/f"), "unix:mode")).as("not cut by the daemon's umask")
                .isEqualTo(0100666);
        for (String p : new String[] {"d", "d/f", "d/l"}) {
            assertThat(Files.getAttribute(backing.resolve(p), "unix:uid", java.nio.file.LinkOption.NOFOLLOW_LINKS))
                    .isEqualTo(1000);
            assertThat(Files.getAttribute(backing.resolve(p), "unix:gid", java.nio.file.LinkOption.NOFOLLOW_LINKS))
                    .isEqualTo(1001);
        }
    }

    @Test
    void aSetGroupIdDirectoryGivesItsGroup() throws IOException {
        Path shared = Files.createDirectories(backing.resolve("shared"));
        Files.setAttribute(shared, "unix:gid", 50);
        Files.setAttribute(shared, "unix:mode", 02775);
        assertThat(tree.mkdir("/shared/sub", 0755, 1000, 1001)).isZero();
        int fd = tree.create("/shared/f", LibC.O_WRONLY, 0644, 1000, 1001, new boolean[1]);
        LibC.INSTANCE.close(fd);
        assertThat(Files.getAttribute(backing.resolve("shared/f"), "unix:gid")).isEqualTo(50);
        assertThat(Files.getAttribute(backing.resolve("shared/sub"), "unix:gid")).isEqualTo(50);
        assertThat((int) Files.getAttribute(backing.resolve("shared/sub"), "unix:mode") & 02000).isEqualTo(02000);
    }

    @Test
    void createOfAnExistingNameOpensItUnlessExclusive() throws IOException {
        Files.writeString(backing.resolve("f"), "old");
        boolean[] created = {true};
        int fd = tree.create("/f", LibC.O_WRONLY, 0644, 1000, 1000, created);
        assertThat(fd).isNotNegative();
        assertThat(created[0]).isFalse();
        LibC.INSTANCE.close(fd);
        assertThat(Files.getAttribute(backing.resolve("f"), "unix:uid")).as("an existing file keeps its owner")
                .isEqualTo(0);
        assertThat(tree.create("/f", LibC.O_WRONLY | LibC.O_EXCL, 0644, 0, 0, created)).isEqualTo(-LibC.EEXIST);
    }
}
