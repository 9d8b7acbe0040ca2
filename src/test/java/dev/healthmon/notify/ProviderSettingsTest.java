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
    private static final ConfigMap REQUIRED = ConfigMap.of("", Map.ofEntries(
            Map.entry("topic", "t"),
            Map.entry("token", "azGDORePK8gMaC0QOYAMyEEuzJnyUi"),
            Map.entry("chatId", "1"),
            Map.entry("url", "smtp://127.0.0.1"),
            Map.entry("from", "healthmon@example.com"),
            Map.entry("to", "ops@example.com"),
            Map.entry("routingKey", "R0123456789abcdef0123456789ABCDE"),
            Map.entry("user", "uQiRzpo4DXghDmr9QzzfQu27cmVRsG"),
            Map.entry("room", "!ops:example.org"),
            Map.entry("accessToken", "syt_secret"),
            Map.entry("key", "x")));

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
