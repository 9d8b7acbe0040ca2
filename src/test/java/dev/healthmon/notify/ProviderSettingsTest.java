package dev.healthmon.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.healthmon.core.model.ConfigMap;
import org.junit.jupiter.api.Test;

/** The registration of providers: one list of kinds that matches the sealed type. */
class ProviderSettingsTest {

    // every provider's required keys; a reader ignores the keys of others (the common reader rejects them)
    private static final ConfigMap REQUIRED = ConfigMap.of("", Map.of("topic", "t", "token", "x", "chatId", "1",
            "key", "x"));

    @Test
    void everyPermittedProviderIsRegisteredOnceUnderItsOwnName() {
        Set<Class<?>> registered = ProviderSettings.KINDS.stream()
                .map(kind -> kind.read(REQUIRED).getClass())
                .collect(Collectors.toSet());

        assertThat(registered).containsExactlyInAnyOrderElementsOf(
                Arrays.asList(ProviderSettings.class.getPermittedSubclasses()));
        assertThat(ProviderSettings.KINDS).hasSameSizeAs(registered)
                .extracting(ProviderKind::name).doesNotHaveDuplicates();
    }
}
