package dev.healthmon.notify;

import static java.util.Objects.requireNonNull;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import dev.healthmon.core.model.ConfigMap;
import reactor.core.publisher.Mono;

/**
 * A Matrix room ({@code provider: matrix}):
 * {@code PUT {url}/_matrix/client/v3/rooms/{room}/send/m.room.message/{txnId}} with the access token as a bearer
 * token; {@code url} is the homeserver's base address. The transaction id derives from the room and the message's
 * idempotency key, so every retry of one message reuses it and the homeserver posts it once.
 *
 * <p>In markdown format the message carries an HTML {@code formatted_body} (every text escaped) beside the plain
 * {@code body}. Each field value is clipped to {@value #MAX_VALUE} characters, well inside Matrix's 64 KiB event.
 *
 * @param room the room id ({@code room}, required), such as {@code !abc123:example.org}; an alias is not accepted
 * @param accessToken the bot's access token ({@code accessToken}, required); never shown
 */
record MatrixSettings(String room, String accessToken) implements ProviderSettings {

    static final ProviderKind KIND = ProviderKind.of("matrix", Set.of("room", "accessToken"), MatrixSettings::read);
    static final int MAX_VALUE = 4000;

    MatrixSettings {
        requireNonNull(room, "room");
        requireNonNull(accessToken, "accessToken");
    }

    static MatrixSettings read(ConfigMap in) {
        String room = in.required("room");
        if (!room.startsWith("!") || room.length() < 2 || room.chars().anyMatch(Character::isWhitespace)) {
            throw in.invalid("room", "invalid room '" + room + "' (expected: a room id such as !abc123:example.org; "
                    + "an alias such as #ops:example.org is not accepted)");
        }
        String accessToken = in.required("accessToken");
        if (accessToken.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            throw in.invalid("accessToken", "invalid accessToken (expected: printable ASCII without spaces)");
        }
        return new MatrixSettings(room, accessToken);
    }

    @Override
    public Mono<Void> send(Letter letter, Transport transport) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("Authorization", "Bearer " + accessToken);
        String path = "_matrix/client/v3/rooms/" + segment(room) + "/send/m.room.message/" + txnId(letter.key());
        return transport.http(new Outbound("PUT", letter.url(path), headers, body(letter)));
    }

    /** Returns the transaction id of the message whose idempotency key is {@code key}: the same on every attempt. */
    String txnId(String key) {
        // per room as well: one token may post to several rooms, and the homeserver keys transactions by token
        return "healthmon-" + Digests.sha256(room + "\n" + key).substring(0, 32);
    }

    /** Returns the event content of {@code letter}: {@code m.text} with an HTML body in markdown format. */
    static String body(Letter letter) {
        Message message = letter.message();
        StringBuilder text = new StringBuilder(message.title()).append("\n\n");
        StringBuilder html = new StringBuilder("<strong>").append(Html.escape(message.title()))
                .append("</strong><br>\n");
        for (Message.Field field : message.fields()) {
            String value = Clip.to(MAX_VALUE, field.value());
            text.append(field.name()).append(": ").append(value).append('\n');
            html.append("<b>").append(Html.escape(field.name())).append(":</b> ").append(Html.escape(value))
                    .append("<br>\n");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("msgtype", "m.text");
        body.put("body", text.toString());
        if (letter.format() == TextFormat.MARKDOWN) {
            body.put("format", "org.matrix.custom.html");
            body.put("formatted_body", html.toString());
        }
        return Json.write(body);
    }

    @Override
    public String toString() {
        return "MatrixSettings[room=" + room + ", accessToken=***]";
    }

    // a path segment: URLEncoder writes a form, where a space is '+'
    private static String segment(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
