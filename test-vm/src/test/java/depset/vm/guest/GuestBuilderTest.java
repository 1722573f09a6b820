package depset.vm.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/** Real debootstrapped guests, in the shared cache (the first run builds them, about a minute each). */
@Tag("guest")
@EnabledIf(value = "depset.vm.guest.GuestBuilder#canBuildGuests",
        disabledReason = "the guest tier needs root, /dev/fuse, libfuse2 and debootstrap")
@Timeout(value = 60, unit = TimeUnit.MINUTES)
class GuestBuilderTest {

    @Test
    void theLsGuestIsBuiltOnceAndThenCached() throws Exception {
        GuestBuilder builder = GuestBuilder.fromEnvironment();
        Guest first = builder.obtain(GuestRecipes.ls());
        Guest second = builder.obtain(GuestRecipes.ls());
        assertThat(second.cacheHit()).isTrue();
        assertThat(second.root()).isEqualTo(first.root());
        assertThat(second.root().getFileName().toString()).isEqualTo(GuestRecipes.ls().cacheKey());
        assertThat(second.root().resolve("bin/ls")).exists();
        assertThat(second.root().resolve("bin/login")).exists();
        assertThat(second.root().resolve("usr/sbin/policy-rc.d")).doesNotExist();
    }

    @Test
    void theLampGuestHasItsServicesPageAndNoPolicyLeft() throws Exception {
        Guest lamp = GuestBuilder.fromEnvironment().obtain(GuestRecipes.lamp());
        Path r = lamp.root();
        assertThat(r.resolve("usr/sbin/apache2")).exists();
        assertThat(r.resolve("usr/sbin/mariadbd")).exists();
        assertThat(r.resolve("sbin/ifconfig")).exists();
        assertThat(r.resolve("etc/apache2/mods-enabled/php8.2.load")).exists();
        assertThat(r.resolve("var/www/html/row.php")).exists();
        assertThat(r.resolve("var/lib/mysql/depset/greeting.frm")).exists();
        assertThat(r.resolve("usr/sbin/policy-rc.d")).doesNotExist();
        assertThat(r.resolve("tmp/depset-setup.sh")).doesNotExist();
    }

    @Test
    void anUnreachableMirrorSaysSoAndWhatToSet(@TempDir Path cache) {
        // 192.0.2.0/24 is TEST-NET-1: never routed.
        GuestBuilder builder = new GuestBuilder(new GuestCache(cache), Optional.of("http://192.0.2.1/debian"));
        assertThatThrownBy(() -> builder.obtain(GuestRecipes.ls()))
                .isInstanceOf(GuestBuildException.class)
                .hasMessageContaining("http://192.0.2.1/debian is unreachable")
                .hasMessageContaining(GuestBuilder.MIRROR_VARIABLE)
                .hasMessageNotContaining("\n");
        assertThat(cache.resolve(GuestRecipes.ls().cacheKey())).doesNotExist();
    }
}
