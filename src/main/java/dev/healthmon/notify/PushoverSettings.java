package dev.healthmon.notify;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.healthmon.core.model.ConfigMap;
import dev.healthmon.core.model.MonitorEvent.Notification;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Pushover ({@code provider: pushover}): a form posted to {@code url} ({@value #API} by default) with the
 * application token, the user key, the title, the message, the priority and, for an emergency (priority 2), how often
 * it is repeated until acknowledged ({@code retry}) and for how long ({@code expire}). In markdown format the field
 * names are bold (Pushover's HTML).
 *
 * <p>An emergency down is tagged with its monitor and outage, and its up first cancels the retries of that tag
 * ({@code POST receipts/cancel_by_tag/{tag}.json} beside {@code url}), so a phone stops ringing once the service is
 * back.
 *
 * <p>Pushover's limits are respected: the title is clipped to {@value #MAX_TITLE} characters and the message to
 * {@value #MAX_MESSAGE} (then sent as plain text, so that no tag is cut in half).
 *
 * @param token the application's API token ({@code token}, required, 30 letters and digits); never shown
 * @param user the user or group key ({@code user}, required, 30 letters and digits); never shown
 * @param priority the priority of a down from -2 to 2 ({@code priority}, 1 by default)
 * @param upPriority the priority of an up from -2 to 1 ({@code upPriority}, 0 by default)
 * @param retry how often an emergency is repeated ({@code retry}, at least 30s; required with priority 2 only)
 * @param expire how long an emergency is repeated ({@code expire}, at most 3h; required with priority 2 only)
 * @param sound the sound ({@code sound}), or {@code null} for the user's default
 * @param device the device names, comma-separated ({@code device}), or {@code null} for every device
 */
record PushoverSettings(String token, String user, int priority, int upPriority, @Nullable Duration retry,
        @Nullable Duration expire, @Nullable String sound, @Nullable String device) implements ProviderSettings {

    static final String API = "https://api.pushover.net/1/messages.json";
    static final ProviderKind KIND = ProviderKind.of("pushover", Set.of("token", "user", "priority", "upPriority",
            "retry", "expire", "sound", "device"), PushoverSettings::read).withDefaultUrl(API);
    static final int MAX_TITLE = 250;
    static final int MAX_MESSAGE = 1024;
    static final int EMERGENCY = 2;
    static final Duration MIN_RETRY = Duration.ofSeconds(30);
    static final Duration MAX_EXPIRE = Duration.ofSeconds(10_800);
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9]{30}");
    private static final Map<String, String> FORM = Map.of("Content-Type", "application/x-www-form-urlencoded");

    PushoverSettings {
        requireNonNull(token, "token");
        requireNonNull(user, "user");
    }

    static PushoverSettings read(ConfigMap in) {
        String token = key(in, "token");
        String user = key(in, "user");
        int priority = in.integer("priority", 1, -2, EMERGENCY);
        int upPriority = in.integer("upPriority", 0, -2, 1);
        Duration retry = in.positiveDuration("retry");
        Duration expire = in.positiveDuration("expire");
        if (priority == EMERGENCY) {
            if (retry == null) {
                throw in.invalid("retry", "missing retry (required with priority 2)");
            }
            if (expire == null) {
                throw in.invalid("expire", "missing expire (required with priority 2)");
            }
            if (retry.compareTo(MIN_RETRY) < 0) {
                throw in.invalid("retry", "retry " + in.text("retry") + " is too short (expected: at least 30s)");
            }
            if (expire.compareTo(MAX_EXPIRE) > 0) {
                throw in.invalid("expire", "expire " + in.text("expire") + " is too long (expected: at most 3h)");
            }
        }
        else {
            if (retry != null) {
                throw in.invalid("retry", "retry applies to priority 2 only");
            }
            if (expire != null) {
                throw in.invalid("expire", "expire applies to priority 2 only");
            }
        }
        return new PushoverSettings(token, user, priority, upPriority, retry, expire, in.text("sound"),
                in.text("device"));
    }

    @Override
    public Mono<Void> send(Letter letter, Transport transport) {
        Mono<Void> message = transport.http(new Outbound("POST", letter.url(), FORM, form(letter)));
        if (priority != EMERGENCY || letter.message().kind() != Notification.Kind.UP) {
            return message;
        }
        // cancelling again on a retry is harmless: a tag with nothing left to cancel is not an error
        URI cancel = beside(letter.url(), "receipts/cancel_by_tag/" + tag(letter.notification()) + ".json");
        return transport.http(new Outbound("POST", cancel, FORM, encode(Map.of("token", token))))
                .then(message);
    }

    /** Returns the tag of an outage's emergency, by which its up cancels it. */
    static String tag(Notification notification) {
        return "healthmon-" + Digests.sha256(notification.name() + "/" + notification.outage()).substring(0, 32);
    }

    /** Returns the form of {@code letter}, its values URL-encoded in UTF-8. */
    String form(Letter letter) {
        Message message = letter.message();
        boolean down = message.kind() == Notification.Kind.DOWN;
        int level = down ? priority : upPriority;
        String html = html(message);
        boolean rich = letter.format() == TextFormat.MARKDOWN && html.length() <= MAX_MESSAGE;
        Map<String, String> form = new LinkedHashMap<>();
        form.put("token", token);
        form.put("user", user);
        form.put("title", Clip.to(MAX_TITLE, message.title()));
        form.put("message", rich ? html : Clip.to(MAX_MESSAGE, message.text(TextFormat.PLAIN)));
        if (rich) {
            form.put("html", "1");
        }
        form.put("priority", Integer.toString(level));
        if (level == EMERGENCY && retry != null && expire != null) {
            form.put("retry", Long.toString(retry.toSeconds()));
            form.put("expire", Long.toString(expire.toSeconds()));
            form.put("tags", tag(letter.notification()));
        }
        form.put("timestamp", Long.toString(letter.notification().time().getEpochSecond()));
        if (sound != null) {
            form.put("sound", sound);
        }
        if (device != null) {
            form.put("device", device);
        }
        return encode(form);
    }

    @Override
    public String toString() {
        return "PushoverSettings[token=***, user=***, priority=" + priority + ", upPriority=" + upPriority
                + ", retry=" + retry + ", expire=" + expire + ", sound=" + sound + ", device=" + device + "]";
    }

    // URI.resolve mishandles a base without a path, which a test receiver's address is
    private static URI beside(URI endpoint, String file) {
        String path = endpoint.getRawPath() == null ? "" : endpoint.getRawPath();
        String directory = path.substring(0, path.lastIndexOf('/') + 1);
        return URI.create(endpoint.getScheme() + "://" + endpoint.getRawAuthority()
                + (directory.isEmpty() ? "/" : directory) + file);
    }

    private static String encode(Map<String, String> form) {
        return form.entrySet().stream()
                .map(entry -> entry.getKey() + "=" + URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static String html(Message message) {
        StringBuilder out = new StringBuilder();
        for (Message.Field field : message.fields()) {
            out.append("<b>").append(Html.escape(field.name())).append(":</b> ").append(Html.escape(field.value()))
                    .append('\n');
        }
        return out.toString();
    }

    private static String key(ConfigMap in, String key) {
        String value = in.required(key);
        if (!KEY.matcher(value).matches()) {
            // not echoed: it is a secret, even when mistyped
            throw in.invalid(key, "invalid " + key + " (expected: 30 letters and digits)");
        }
        return value;
    }
}
