package dev.healthmon.notify;

import java.util.List;

import reactor.core.publisher.Mono;

/**
 * The settings of one provider beyond the common keys, one record per provider: each reads and validates its own
 * keys and turns a message into its own wire format.
 *
 * <p>Adding a provider is one file (a record with its {@code KIND}) and one line in {@link #KINDS} plus its name in
 * {@code permits}.
 */
sealed interface ProviderSettings permits WebhookSettings, NtfySettings, GotifySettings, DiscordSettings,
        SlackSettings, TelegramSettings,
        EmailSettings, TeamsSettings, PagerDutySettings, PushoverSettings, MatrixSettings,
        MattermostSettings, RocketChatSettings, GoogleChatSettings, AlertmanagerSettings, AppriseSettings {

    /** The providers, in the order the unknown-provider error lists them. */
    List<ProviderKind> KINDS = List.of(
            WebhookSettings.KIND,
            NtfySettings.KIND,
            GotifySettings.KIND,
            DiscordSettings.KIND,
            SlackSettings.KIND,
            TelegramSettings.KIND,
            EmailSettings.KIND,
            TeamsSettings.KIND,
            PagerDutySettings.KIND,
            PushoverSettings.KIND,
            MatrixSettings.KIND,
            MattermostSettings.KIND,
            RocketChatSettings.KIND,
            GoogleChatSettings.KIND,
            AlertmanagerSettings.KIND,
            AppriseSettings.KIND);

    /**
     * Returns a cold {@code Mono} that makes one attempt to deliver {@code letter} through {@code transport} and
     * completes when the provider accepted it; a refusal or a network failure arrives as an error (see
     * {@link Transport#http(Outbound)}). Timeouts, retries and the circuit breaker are the caller's.
     */
    Mono<Void> send(Letter letter, Transport transport);
}
