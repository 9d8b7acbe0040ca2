package dev.healthmon.notify;

import static dev.healthmon.notify.Fixtures.down;
import static dev.healthmon.notify.Fixtures.settings;
import static dev.healthmon.notify.NtfyProviderTest.deliver;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class TelegramProviderTest {

    @Test
    void sendsMarkdownV2WithEveryReservedCharacterEscaped() {
        try (Receiver receiver = Receiver.answering(200)) {
            ProviderConfig config = ProviderConfig.of("telegram", settings("telegram", receiver.url(), "token",
                    "123456:ABC-DEF", "chatId", "-100200300"));

            deliver(config, down());

            Receiver.Request request = receiver.first();
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.uri()).isEqualTo("/bot123456:ABC-DEF/sendMessage");
            assertThat(request.header("Content-Type")).isEqualTo("application/json");
            String text = "*❌ Service went down ❌*\n\n"
                    + "*Service Name:* api\n"
                    + "*Time:* 2026\\-11\\-24 09:30:00 UTC\n"
                    + "*Service URL:* http://localhost:8080\n"
                    + "*Detail:* HTTP 503 Service Unavailable\n"
                    + "*Last Seen:* 2026\\-11\\-24 09:29:15 UTC\n";
            assertThat(request.body()).isEqualTo("{\"chat_id\":\"-100200300\",\"text\":"
                    + Expected.quoted(text) + ",\"parse_mode\":\"MarkdownV2\"}");
        }
    }

    @Test
    void plainTextHasNoParseMode() {
        try (Receiver receiver = Receiver.answering(200)) {
            ProviderConfig config = ProviderConfig.of("tg", settings("telegram", receiver.url(), "token", "t0k",
                    "chatId", "@ops", "format", "plain"));

            deliver(config, down());

            Receiver.Request request = receiver.first();
            assertThat(request.uri()).isEqualTo("/bott0k/sendMessage");
            assertThat(request.body()).isEqualTo("{\"chat_id\":\"@ops\",\"text\":"
                    + Expected.quoted("❌ Service went down ❌\n\n" + Expected.DOWN_PLAIN) + "}");
        }
    }

    @Test
    void baseUrlDefaultsToTheBotApi() {
        Map<String, Object> settings = new HashMap<>(Map.of("provider", "telegram", "token", "t", "chatId", "1"));

        assertThat(ProviderConfig.of("tg", settings).url()).hasToString("https://api.telegram.org");
    }

    @Test
    void escapesMarkdownV2ReservedCharacters() {
        assertThat(TelegramSettings.escape("a_b*c[d]e(f)g~h`i>j#k+l-m=n|o{p}q.r!s\\t"))
                .isEqualTo("a\\_b\\*c\\[d\\]e\\(f\\)g\\~h\\`i\\>j\\#k\\+l\\-m\\=n\\|o\\{p\\}q\\.r\\!s\\\\t");
    }
}
