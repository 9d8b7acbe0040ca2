package dev.healthmon.notify;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.healthmon.core.model.ConfigMap;
import dev.healthmon.core.model.InvalidConfigException;
import dev.healthmon.core.model.MonitorEvent.Notification;
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
 * (1m), {@code maxRetryAfter} (5m), {@code queue} (messages waiting in memory, 100; beyond it they wait in
 * the outbox), {@code park} (messages kept in memory in all when there is no history store, 10,000),
 * {@code concurrency} (deliveries in flight, 4), {@code breakerWait} (how long an open circuit rests before a probe,
 * and how long a message whose retries all failed waits before it is tried again, 1m), {@code kinds} (the
 * notification kinds it takes: {@code down}, {@code up}, {@code degraded}, {@code recovered}, {@code certificate};
 * all by default) and {@code groupWait} (gather the downs and ups of that long into one message; 0, the default,
 * sends each at once). Each provider's own
 * keys are read and described by its record, such as {@code NtfySettings}.
 */
public final class ProviderConfig {

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    private static final Set<String> COMMON = Set.of("name", "provider", "url", "format", "repeat", "timeout",
            "retries", "backoff", "maxBackoff", "maxRetryAfter", "queue", "concurrency", "breakerWait", "kinds",
            "groupWait", "park");

    private final String name;
    private final ProviderKind kind;
    private final URI url;
    private final TextFormat format;
    private final @Nullable Duration repeat;
    private final Resilience resilience;
    private final ProviderSettings settings;
    private final Set<Notification.Kind> kinds;
    private final Duration groupWait;

    private ProviderConfig(String name, ProviderKind kind, URI url, TextFormat format, @Nullable Duration repeat,
            Resilience resilience, ProviderSettings settings, Set<Notification.Kind> kinds, Duration groupWait) {
        this.name = name;
        this.kind = kind;
        this.url = url;
        this.format = format;
        this.repeat = repeat;
        this.resilience = resilience;
        this.settings = settings;
        this.kinds = kinds;
        this.groupWait = groupWait;
    }

    /**
     * Returns the validated configuration of the provider {@code name} from its YAML map (DESIGN.md section 6):
     * the common keys are read here, the provider's own keys by its {@link ProviderSettings} record.
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
        ProviderKind kind = kind(in);
        Set<String> keys = new HashSet<>(COMMON);
        keys.addAll(kind.keys());
        in.allowOnly(keys, "provider " + kind);
        URI url = kind.url().apply(in);
        TextFormat format = switch (in.text("format", "markdown").toLowerCase(Locale.ROOT)) {
            case "markdown" -> TextFormat.MARKDOWN;
            case "plain" -> TextFormat.PLAIN;
            default -> throw in.invalid("format",
                    "unknown format '" + in.text("format") + "' (expected: markdown or plain)");
        };
        ProviderSettings own = kind.read(in);
        Resilience resilience = new Resilience(
                in.positiveDuration("timeout", DEFAULT_TIMEOUT),
                in.integer("retries", 3, 0, 100),
                in.positiveDuration("backoff", Duration.ofSeconds(1)),
                in.positiveDuration("maxBackoff", Duration.ofMinutes(1)),
                in.positiveDuration("maxRetryAfter", Duration.ofMinutes(5)),
                in.integer("queue", 100, 1, 1_000_000),
                in.integer("concurrency", 4, 1, 1_000),
                in.positiveDuration("breakerWait", Duration.ofMinutes(1)),
                in.integer("park", 10_000, 1, 10_000_000));
        Duration groupWait = in.duration("groupWait");
        if (groupWait != null && groupWait.isNegative()) {
            throw in.invalid("groupWait", "negative groupWait " + groupWait + " (expected: >= 0, 0 for off)");
        }
        return new ProviderConfig(name, kind, url, format, in.positiveDuration("repeat"), resilience, own, kinds(in, kind),
                groupWait == null ? Duration.ZERO : groupWait);
    }

    /** Returns the provider's name, unique among providers; monitors' {@code notify:} lists use it. */
    public String name() {
        return name;
    }

    /** Returns the kind of provider as written in {@code provider:}, such as {@code "ntfy"}. */
    public String provider() {
        return kind.name();
    }

    /** Returns the base URL; for Telegram {@code https://api.telegram.org} unless configured. */
    public URI url() {
        return url;
    }

    /** Returns how the fields are written in the message text. */
    public TextFormat format() {
        return format;
    }

    /** Returns the provider's own settings, which also encode its messages. */
    ProviderSettings settings() {
        return settings;
    }

    /** Returns the notification kinds this provider takes; every kind unless {@code kinds} says otherwise. */
    public Set<Notification.Kind> kinds() {
        return kinds;
    }

    /** Returns whether this provider takes notifications of {@code kind}. */
    public boolean takes(Notification.Kind kind) {
        return kinds.contains(kind);
    }

    /** Returns how long downs and ups are gathered into one message; zero sends each at once. */
    public Duration groupWait() {
        return groupWait;
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

    /**
     * Returns how many messages may wait in memory for delivery; beyond that they wait in the outbox and are queued
     * again once the queue has drained.
     */
    public int queue() {
        return resilience.queue();
    }

    /**
     * Returns how many messages may wait in memory in all (queued, in flight, and waiting for room in the queue)
     * when there is no history store's outbox to keep them; a message beyond that is delivered if the queue has
     * room and lost, logged and counted, if not.
     */
    public int park() {
        return resilience.park();
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
        return name + " (" + kind + ")";
    }

    private static Set<Notification.Kind> kinds(ConfigMap in, ProviderKind provider) {
        if (in.raw("kinds") == null) {
            return provider.takes();
        }
        Set<Notification.Kind> kinds = EnumSet.noneOf(Notification.Kind.class);
        for (String text : in.list("kinds")) {
            Notification.Kind kind = Notification.Kind.parse(text);
            if (kind == null) {
                throw in.invalid("kinds", "unknown kind '" + text + "' (expected any of: down, up, degraded, "
                        + "recovered, certificate)");
            }
            if (!provider.takes().contains(kind)) {
                throw in.invalid("kinds", provider + " tells of downs and ups only: its down opens an incident "
                        + "that its up resolves (expected any of: down, up)");
            }
            kinds.add(kind);
        }
        if (kinds.isEmpty()) {
            throw in.invalid("kinds", "no kind (expected any of: down, up, degraded, recovered, certificate)");
        }
        return Set.copyOf(kinds);
    }

    private static ProviderKind kind(ConfigMap in) {
        String text = in.required("provider");
        return ProviderSettings.KINDS.stream()
                .filter(kind -> kind.name().equalsIgnoreCase(text))
                .findFirst()
                .orElseThrow(() -> in.invalid("provider", "unknown provider '" + text + "' (expected one of: "
                        + ProviderSettings.KINDS.stream().map(ProviderKind::name).collect(Collectors.joining(", "))
                        + ")"));
    }

    private record Resilience(Duration timeout, int retries, Duration backoff, Duration maxBackoff,
            Duration maxRetryAfter, int queue, int concurrency, Duration breakerWait, int park) {
    }
}
