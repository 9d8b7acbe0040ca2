package dev.healthmon.notify;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.healthmon.core.model.ConfigMap;
import dev.healthmon.core.model.InvalidConfigException;
import org.jspecify.annotations.Nullable;

/**
 * The validated configuration of one notification provider: where and how to send, and how hard to try.
 *
 * <pre>{@code
 * ProviderConfig ntfy = ProviderConfig.of("ntfy",
 *         Map.of("provider", "ntfy", "url", "https://ntfy.example.com", "topic", "healthmon", "repeat", "1h"));
 * }</pre>
 *
 * <p>Keys common to every provider: {@code provider} (required), {@code url}, {@code format}
 * ({@code markdown}|{@code plain}), {@code repeat} (re-send a down while it lasts), {@code timeout} (per attempt,
 * 10s), {@code retries} (3), {@code backoff} (first retry delay, 1s, doubled with jitter), {@code maxBackoff}
 * (1m), {@code maxRetryAfter} (5m), {@code queue} (messages waiting, 100), {@code concurrency} (deliveries in
 * flight, 4) and {@code breakerWait} (how long an open circuit rests before a probe, 1m).
 */
public final class ProviderConfig {

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    static final String TELEGRAM_API = "https://api.telegram.org";
    private static final Set<String> COMMON = Set.of("name", "provider", "url", "format", "repeat", "timeout",
            "retries", "backoff", "maxBackoff", "maxRetryAfter", "queue", "concurrency", "breakerWait");
    private static final Map<ProviderType, Set<String>> SPECIFIC = Map.of(
            ProviderType.WEBHOOK, Set.of("template", "method", "contentType", "payload"),
            ProviderType.NTFY, Set.of("topic", "token", "priority", "tags"),
            ProviderType.GOTIFY, Set.of("token", "priority"),
            ProviderType.DISCORD, Set.of(),
            ProviderType.SLACK, Set.of(),
            ProviderType.TELEGRAM, Set.of("token", "chatId"));
    private static final Map<String, Integer> NTFY_PRIORITIES = Map.of(
            "min", 1, "low", 2, "default", 3, "high", 4, "urgent", 5, "max", 5);

    private final String name;
    private final ProviderType type;
    private final URI url;
    private final TextFormat format;
    private final Map<String, String> options;
    private final List<String> tags;
    private final @Nullable Integer priority;
    private final @Nullable Duration repeat;
    private final Resilience resilience;

    private ProviderConfig(String name, ProviderType type, URI url, TextFormat format, Map<String, String> options,
            List<String> tags, @Nullable Integer priority, @Nullable Duration repeat, Resilience resilience) {
        this.name = name;
        this.type = type;
        this.url = url;
        this.format = format;
        this.options = Map.copyOf(options);
        this.tags = List.copyOf(tags);
        this.priority = priority;
        this.repeat = repeat;
        this.resilience = resilience;
    }

    /**
     * Returns the validated configuration of the provider {@code name} from its YAML map (DESIGN.md section 6).
     *
     * @throws InvalidConfigException naming {@code notifications.<name>.<key>} and the problem, such as
     *         {@code notifications.ntfy.topic: missing topic}
     */
    public static ProviderConfig of(String name, Map<String, ?> settings) {
        requireNonNull(name, "name");
        requireNonNull(settings, "settings");
        if (name.isBlank()) {
            throw new InvalidConfigException("notifications.name", "missing name");
        }
        ConfigMap in = ConfigMap.of("notifications." + name + ".", settings);
        String declaredName = in.text("name");
        if (declaredName != null && !declaredName.equals(name)) {
            throw in.invalid("name", "name '" + declaredName + "' differs from '" + name + "'");
        }
        String typeText = in.required("provider");
        ProviderType type = ProviderType.of(typeText).orElseThrow(() -> in.invalid("provider",
                "unknown provider '" + typeText + "' (expected one of: " + Stream.of(ProviderType.values())
                        .map(ProviderType::toString).collect(Collectors.joining(", ")) + ")"));
        in.allowOnly(Stream.concat(COMMON.stream(), SPECIFIC.get(type).stream()).collect(Collectors.toSet()),
                "provider " + type);
        URI url = in.httpUrl("url", type == ProviderType.TELEGRAM ? TELEGRAM_API : null);
        TextFormat format = switch (in.text("format", "markdown").toLowerCase(Locale.ROOT)) {
            case "markdown" -> TextFormat.MARKDOWN;
            case "plain" -> TextFormat.PLAIN;
            default -> throw in.invalid("format",
                    "unknown format '" + in.text("format") + "' (expected: markdown or plain)");
        };
        Map<String, String> options = new HashMap<>();
        for (String key : SPECIFIC.get(type)) {
            if (key.equals("tags") || key.equals("priority")) {
                continue;
            }
            String value = in.text(key);
            if (value != null) {
                options.put(key, value);
            }
        }
        Integer priority = priority(type, in);
        switch (type) {
            case NTFY -> {
                String topic = in.required("topic");
                if (topic.startsWith("/")) {
                    throw in.invalid("topic", "topic must not start with '/'");
                }
            }
            case GOTIFY -> in.required("token");
            case TELEGRAM -> {
                in.required("token");
                in.required("chatId");
            }
            case WEBHOOK -> WebhookEncoder.validate(in, options);
            default -> {
                // discord and slack need nothing beyond the url
            }
        }
        Resilience resilience = new Resilience(
                in.positiveDuration("timeout", DEFAULT_TIMEOUT),
                in.integer("retries", 3, 0, 100),
                in.positiveDuration("backoff", Duration.ofSeconds(1)),
                in.positiveDuration("maxBackoff", Duration.ofMinutes(1)),
                in.positiveDuration("maxRetryAfter", Duration.ofMinutes(5)),
                in.integer("queue", 100, 1, 1_000_000),
                in.integer("concurrency", 4, 1, 1_000),
                in.positiveDuration("breakerWait", Duration.ofMinutes(1)));
        return new ProviderConfig(name, type, url, format, options, type == ProviderType.NTFY ? in.list("tags")
                : List.of(), priority, in.positiveDuration("repeat"), resilience);
    }

    private static @Nullable Integer priority(ProviderType type, ConfigMap in) {
        String text = in.text("priority");
        if (text == null) {
            return null;
        }
        if (type == ProviderType.NTFY) {
            Integer named = NTFY_PRIORITIES.get(text.toLowerCase(Locale.ROOT));
            return named != null ? named : in.integer("priority", 3, 1, 5);
        }
        return in.integer("priority", 5, 0, 10);
    }

    /** Returns the provider's name, unique among providers; monitors' {@code notify:} lists use it. */
    public String name() {
        return name;
    }

    /** Returns the kind of provider, which decides the wire format. */
    public ProviderType type() {
        return type;
    }

    /** Returns the base URL; for Telegram {@code https://api.telegram.org} unless configured. */
    public URI url() {
        return url;
    }

    /** Returns how the fields are written in the message text. */
    public TextFormat format() {
        return format;
    }

    /** Returns the ntfy topic, or {@code null} for other providers. */
    public @Nullable String topic() {
        return options.get("topic");
    }

    /** Returns the access token (ntfy, gotify, telegram), or {@code null} when there is none. */
    public @Nullable String token() {
        return options.get("token");
    }

    /** Returns the Telegram chat id, or {@code null} for other providers. */
    public @Nullable String chatId() {
        return options.get("chatId");
    }

    /** Returns the webhook template ({@code discord} or {@code slack}), or {@code null} when there is none. */
    public @Nullable String template() {
        return options.get("template");
    }

    /** Returns the webhook's HTTP method, {@code POST} unless configured. */
    public String method() {
        return options.getOrDefault("method", "POST").toUpperCase(Locale.ROOT);
    }

    /** Returns the webhook's content type, {@code application/json} unless configured. */
    public String contentType() {
        return options.getOrDefault("contentType", "application/json");
    }

    /** Returns the webhook's custom payload with its {@code $title}-style placeholders, or {@code null}. */
    public @Nullable String payload() {
        return options.get("payload");
    }

    /** Returns the configured priority (ntfy 1 to 5, gotify 0 to 10), or {@code null} for the default. */
    public @Nullable Integer priority() {
        return priority;
    }

    /** Returns the ntfy tags; empty when there are none. */
    public List<String> tags() {
        return tags;
    }

    /** Returns how often a down is sent again while the outage lasts, or {@code null} for never. */
    public @Nullable Duration repeat() {
        return repeat;
    }

    /** Returns the time one delivery attempt may take. */
    public Duration timeout() {
        return resilience.timeout();
    }

    /** Returns how many times a failed delivery is retried. */
    public int retries() {
        return resilience.retries();
    }

    /** Returns the delay before the first retry; later retries double it, with jitter. */
    public Duration backoff() {
        return resilience.backoff();
    }

    /** Returns the longest delay between retries. */
    public Duration maxBackoff() {
        return resilience.maxBackoff();
    }

    /** Returns the longest {@code Retry-After} honoured. */
    public Duration maxRetryAfter() {
        return resilience.maxRetryAfter();
    }

    /** Returns how many messages may wait for delivery; beyond that the oldest is dropped. */
    public int queue() {
        return resilience.queue();
    }

    /** Returns how many deliveries may be in flight at once. */
    public int concurrency() {
        return resilience.concurrency();
    }

    /** Returns how long an open circuit rejects deliveries before one probe is let through. */
    public Duration breakerWait() {
        return resilience.breakerWait();
    }

    @Override
    public String toString() {
        return name + " (" + type + ")";
    }

    private record Resilience(Duration timeout, int retries, Duration backoff, Duration maxBackoff,
            Duration maxRetryAfter, int queue, int concurrency, Duration breakerWait) {
    }
}
