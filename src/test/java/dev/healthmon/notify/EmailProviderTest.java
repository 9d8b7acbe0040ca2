package dev.healthmon.notify;

import static dev.healthmon.notify.Fixtures.channel;
import static dev.healthmon.notify.Fixtures.down;
import static dev.healthmon.notify.NtfyProviderTest.deliver;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.healthmon.core.model.InvalidConfigException;
import dev.healthmon.core.model.MonitorEvent.Notification;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.mail.Address;
import jakarta.mail.Message.RecipientType;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

class EmailProviderTest {

    private static final String PASSWORD = "s3cret-Pa55";
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Notification HOSTILE = new Notification("<api>", Notification.Kind.DOWN,
            "http://localhost:8080/?a=1&b=2", "expected \"ok\", got <script>alert('x')</script>", Fixtures.DOWN_AT,
            Fixtures.LAST_SEEN, Duration.ofMillis(40));

    private GreenMail mail;

    @AfterEach
    void stop() {
        if (mail != null) {
            mail.stop();
        }
    }

    @Test
    void sendsAPlainAndAnEscapedHtmlPartToEveryRecipientOverImplicitTlsWithAuth() throws Exception {
        mail = start(ServerSetup.PROTOCOL_SMTPS);
        ProviderConfig config = ProviderConfig.of("mail", settings(smtps(), "username", "healthmon",
                "password", PASSWORD, "tlsVerify", false));

        deliver(config, HOSTILE);

        assertThat(mail.waitForIncomingEmail(WAIT.toMillis(), 2)).isTrue();
        MimeMessage[] received = mail.getReceivedMessages();
        assertThat(received).hasSize(2);
        MimeMessage message = received[0];
        assertThat(message.getFrom()).extracting(Address::toString).containsExactly(
                "healthmon <healthmon@example.com>");
        assertThat(message.getRecipients(RecipientType.TO)).extracting(Address::toString)
                .containsExactly("ops@example.com", "Dev Team <dev@example.org>");
        assertThat(message.getSubject()).isEqualTo("<api>: ❌ Service went down ❌");
        String key = Job.first(HOSTILE).key();
        assertThat(message.getHeader("Message-ID")).containsExactly(
                "<" + Digests.sha256(key).substring(0, 32) + ".healthmon@example.com>");
        assertThat(received[1].getHeader("Message-ID")).isEqualTo(message.getHeader("Message-ID"));
        assertThat(message.getContentType()).startsWith("multipart/alternative");
        MimeMultipart parts = (MimeMultipart) message.getContent();
        assertThat(parts.getCount()).isEqualTo(2);
        assertThat(parts.getBodyPart(0).getContentType()).isEqualToIgnoringCase("text/plain; charset=UTF-8");
        // SMTP carries lines ending in CRLF
        assertThat(text(parts, 0)).isEqualTo("""
                ❌ Service went down ❌

                Service Name: <api>
                Time: 2026-11-24 09:30:00 UTC
                Service URL: http://localhost:8080/?a=1&b=2
                Detail: expected "ok", got <script>alert('x')</script>
                Last Seen: 2026-11-24 09:29:15 UTC
                """);
        assertThat(parts.getBodyPart(1).getContentType()).isEqualToIgnoringCase("text/html; charset=UTF-8");
        assertThat(text(parts, 1)).isEqualTo("""
                <!DOCTYPE html>
                <html><head><meta charset="utf-8"><title>❌ Service went down ❌</title></head><body>
                <h2 style="color:#ff0000">❌ Service went down ❌</h2>
                <table cellpadding="4">
                <tr><th align="left">Service Name</th><td>&lt;api&gt;</td></tr>
                <tr><th align="left">Time</th><td>2026-11-24 09:30:00 UTC</td></tr>
                <tr><th align="left">Service URL</th><td>http://localhost:8080/?a=1&amp;b=2</td></tr>
                <tr><th align="left">Detail</th><td>expected &quot;ok&quot;, got \
                &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</td></tr>
                <tr><th align="left">Last Seen</th><td>2026-11-24 09:29:15 UTC</td></tr>
                </table>
                </body></html>
                """);
    }

    @Test
    void theServerCertificateIsVerifiedByDefault() {
        mail = start(ServerSetup.PROTOCOL_SMTPS);
        EmailSettings email = email(settings(smtps(), "username", "healthmon", "password", PASSWORD));

        StepVerifier.create(email.send(letter(down(), smtps()), transport()))
                .expectErrorSatisfies(error -> {
                    assertThat(error).isInstanceOf(IOException.class).hasCauseInstanceOf(SSLHandshakeException.class);
                    assertThat(error.getMessage()).doesNotContain(PASSWORD);
                })
                .verify(WAIT);
        assertThat(mail.getReceivedMessages()).isEmpty();
    }

    @Test
    void aWrongPasswordIsRefusedForGoodNotRetriedAndNeverShown() {
        mail = start(ServerSetup.PROTOCOL_SMTPS);
        EmailSettings email = email(settings(smtps(), "username", "healthmon", "password", "wrong-" + PASSWORD,
                "tlsVerify", "false"));

        StepVerifier.create(email.send(letter(down(), smtps()), transport()))
                .expectErrorSatisfies(error -> {
                    assertThat(error).isInstanceOfSatisfying(SmtpRefusal.class, refusal -> {
                        assertThat(refusal.code()).isEqualTo(535);
                        assertThat(refusal.retryable()).isFalse();
                        assertThat(refusal.providerFault()).isFalse();
                    });
                    assertThat(error.getMessage()).contains("535").doesNotContain(PASSWORD);
                })
                .verify(WAIT);
        assertThat(email.toString()).doesNotContain(PASSWORD).contains("password=***");
    }

    @Test
    void starttlsIsRequiredByDefaultSoNothingGoesOutInTheClear() {
        mail = start(ServerSetup.PROTOCOL_SMTP);
        URI plain = URI.create("smtp://127.0.0.1:" + mail.getSmtp().getPort());
        ProviderChannel channel = channel(ProviderConfig.of("mail", settings(plain, "retries", 3, "backoff",
                "10ms")));

        StepVerifier.create(channel.deliver(Job.first(down())))
                .expectNext(Result.FAILED)
                .expectComplete()
                .verify(WAIT);

        assertThat(mail.getReceivedMessages()).isEmpty();
        assertThat(channel.circuitBreaker().getMetrics().getNumberOfFailedCalls()).isZero();
        StepVerifier.create(email(settings(plain)).send(letter(down(), plain), transport()))
                .expectErrorSatisfies(error -> assertThat(error).isInstanceOf(SmtpRefusal.class)
                        .hasMessageContaining("STARTTLS is required"))
                .verify(WAIT);
    }

    @Test
    void sendingNeverBlocksTheThreadThatSubscribes() {
        mail = start(ServerSetup.PROTOCOL_SMTP);
        URI plain = URI.create("smtp://127.0.0.1:" + mail.getSmtp().getPort());
        EmailSettings email = email(settings(plain, "starttls", "off"));

        // BlockHound fails a blocking call on a parallel thread: the SMTP session must move to boundedElastic
        StepVerifier.create(email.send(letter(down(), plain), transport()).subscribeOn(Schedulers.parallel()))
                .expectComplete()
                .verify(WAIT);

        assertThat(mail.waitForIncomingEmail(WAIT.toMillis(), 2)).isTrue();
    }

    @Test
    void starttlsUpgradesTheSessionBeforeTheEnvelope() throws Exception {
        try (SmtpScript smtp = SmtpScript.withStarttls()) {
            ProviderChannel channel = channel(ProviderConfig.of("mail", settings(smtp.url(), "tlsVerify", false,
                    "retries", 0)));

            StepVerifier.create(channel.deliver(Job.first(down())))
                    .expectNext(Result.DELIVERED)
                    .expectComplete()
                    .verify(WAIT);

            List<String> commands = smtp.awaitQuits(1);
            assertThat(commands.get(0)).startsWith("EHLO ");
            assertThat(commands.get(1)).isEqualTo("STARTTLS");
            assertThat(commands.subList(2, commands.size())).allMatch(command -> command.startsWith("tls: "))
                    .contains("tls: MAIL FROM:<healthmon@example.com>", "tls: RCPT TO:<ops@example.com>",
                            "tls: RCPT TO:<dev@example.org>", "tls: DATA");
        }
    }

    @Test
    void starttlsVerifiesTheServerCertificateByDefault() throws Exception {
        try (SmtpScript smtp = SmtpScript.withStarttls()) {
            EmailSettings email = email(settings(smtp.url()));

            StepVerifier.create(email.send(letter(down(), smtp.url()), transport()))
                    .expectErrorSatisfies(error -> assertThat(error).isInstanceOf(IOException.class)
                            .hasCauseInstanceOf(SSLHandshakeException.class))
                    .verify(WAIT);
        }
    }

    @Test
    void aTransientReplyIsRetriedAndTheEnvelopeNamesEveryRecipient() {
        try (SmtpScript smtp = SmtpScript.answering(n -> n == 1 ? "451 4.3.0 try again later" : "250 2.1.0 ok")) {
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            ProviderChannel channel = channel(ProviderConfig.of("mail", settings(smtp.url(), "starttls", "off",
                    "retries", 3, "backoff", "10ms")), Schedulers.parallel(), meters);

            StepVerifier.create(channel.deliver(Job.first(down())))
                    .expectNext(Result.DELIVERED)
                    .expectComplete()
                    .verify(WAIT);

            assertThat(smtp.connections()).isEqualTo(2);
            List<String> commands = smtp.awaitQuits(2);
            assertThat(commands).filteredOn(command -> !command.startsWith("EHLO")).containsExactly(
                    "MAIL FROM:<healthmon@example.com>",
                    "RSET",
                    "QUIT",
                    "MAIL FROM:<healthmon@example.com>",
                    "RCPT TO:<ops@example.com>",
                    "RCPT TO:<dev@example.org>",
                    "DATA",
                    commands.get(commands.size() - 2),
                    "QUIT");
            assertThat(commands.get(commands.size() - 2)).startsWith("DATA ").endsWith(" lines");
            assertThat(Fixtures.count(meters, "mail", "delivered")).isEqualTo(1);
        }
    }

    @Test
    void aPermanentReplyIsNotRetriedAndDoesNotOpenTheCircuit() {
        try (SmtpScript smtp = SmtpScript.answering(n -> "550 5.7.1 relaying denied")) {
            ProviderChannel channel = channel(ProviderConfig.of("mail", settings(smtp.url(), "starttls", "off",
                    "retries", 3, "backoff", "10ms")));

            StepVerifier.create(channel.deliver(Job.first(down())))
                    .expectNext(Result.FAILED)
                    .expectComplete()
                    .verify(WAIT);

            assertThat(smtp.connections()).isEqualTo(1);
            assertThat(channel.circuitBreaker().getMetrics().getNumberOfFailedCalls()).isZero();
        }
    }

    @Test
    void aPermanentReplyIsAcknowledgedInTheOutboxAndATransientOneStaysPending() {
        List<Outbox.Key> acknowledged = new ArrayList<>();
        Outbox memory = new Outbox() {
            @Override
            public Mono<Boolean> enqueue(Key key, String provider, String payload) {
                return Mono.just(true);
            }

            @Override
            public Mono<Boolean> acknowledge(Key key, String provider) {
                return Mono.fromCallable(() -> acknowledged.add(key));
            }

            @Override
            public Flux<Pending> pending() {
                return Flux.empty();
            }
        };
        ProviderOutbox outbox = new ProviderOutbox(memory, "mail");
        Job job = Job.first(down());

        StepVerifier.create(outbox.settle(job, Result.FAILED, new SmtpRefusal(451, "451 4.3.0 try again later")))
                .expectNext(Result.FAILED)
                .expectComplete()
                .verify(WAIT);
        assertThat(acknowledged).isEmpty();
        StepVerifier.create(outbox.settle(job, Result.FAILED, new SmtpRefusal(550, "550 5.1.1 no such user")))
                .expectNext(Result.FAILED)
                .expectComplete()
                .verify(WAIT);
        assertThat(acknowledged).containsExactly(Outbox.Key.of(down()));
    }

    @Test
    void aRefusedConnectionIsANetworkFaultThatIsRetried() {
        URI closed = URI.create("smtp://127.0.0.1:" + Receiver.refused().getPort());
        EmailSettings email = email(settings(closed, "starttls", "off"));

        StepVerifier.create(email.send(letter(down(), closed), transport()))
                .expectErrorSatisfies(error -> {
                    assertThat(error).isInstanceOf(IOException.class);
                    assertThat(Policies.retryable(error)).isTrue();
                    assertThat(Policies.providerFault(error)).isTrue();
                })
                .verify(WAIT);
    }

    @Test
    void urlDefaultsItsPortBySchemeAndSettingsAreRead() {
        ProviderConfig starttls = ProviderConfig.of("mail", settings(URI.create("smtp://mail.example.com"),
                "username", "u", "password", " p w "));
        ProviderConfig implicit = ProviderConfig.of("mail", settings(URI.create("smtps://mail.example.com/")));

        assertThat(starttls.url()).hasToString("smtp://mail.example.com:587");
        assertThat(implicit.url()).hasToString("smtps://mail.example.com:465");
        EmailSettings email = (EmailSettings) starttls.settings();
        assertThat(email.starttls()).isEqualTo(EmailSettings.Starttls.REQUIRED);
        assertThat(email.password()).isEqualTo(" p w ");
        assertThat(email.tlsVerify()).isTrue();
        assertThat(((EmailSettings) implicit.settings()).starttls()).isEqualTo(EmailSettings.Starttls.OFF);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', nullValues = "-", quoteCharacter = '"', textBlock = """
            url       | http://mail.example.com      | invalid url 'http://mail.example.com' (expected: smtp://host[:port] or smtps://host[:port])
            url       | smtp://mail.example.com/x    | invalid url 'smtp://mail.example.com/x' (expected: smtp://host[:port] or smtps://host[:port])
            url       | smtp://me:hunter2@mail.example.com | credentials in the url are not accepted (use username and password)
            from      | -                            | missing from
            from      | not an address               | invalid address 'not an address' (expected: name@example.com or Name <name@example.com>)
            to        | -                            | missing to
            to        | ops@example.com, @nowhere    | invalid address '@nowhere' (expected: name@example.com or Name <name@example.com>)
            starttls  | sometimes                    | unknown starttls 'sometimes' (expected: required, optional or off)
            username  | me                           | missing password (required with a username)
            tlsVerify | maybe                        | 'maybe' (expected: true or false)
            """)
    void invalidValueNamesProviderAndField(String key, String value, String problem) {
        Map<String, Object> settings = settings(URI.create("smtp://mail.example.com"));
        settings.remove(key);
        if (value != null) {
            settings.put(key, value);
        }
        String field = key.equals("username") ? "password" : key;

        assertThatThrownBy(() -> ProviderConfig.of("mail", settings))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> {
                    assertThat(e.field()).isEqualTo("notifications.mail." + field);
                    assertThat(e.problem()).isEqualTo(problem);
                });
    }

    @Test
    void aPasswordIsSentOverTlsOnlyAndNeverShownInAnError() {
        assertThatThrownBy(() -> ProviderConfig.of("mail", settings(URI.create("smtp://mail.example.com"),
                "starttls", "optional", "username", "me", "password", PASSWORD)))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> {
                    assertThat(e.field()).isEqualTo("notifications.mail.password");
                    assertThat(e.problem()).isEqualTo(
                            "a password is sent over TLS only (use starttls: required or smtps://)");
                });
        assertThatThrownBy(() -> ProviderConfig.of("mail", settings(URI.create("smtps://mail.example.com"),
                "password", PASSWORD)))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> {
                    assertThat(e.field()).isEqualTo("notifications.mail.username");
                    assertThat(e.getMessage()).doesNotContain(PASSWORD);
                });
        assertThatThrownBy(() -> ProviderConfig.of("mail", settings(URI.create("smtps://mail.example.com"),
                "starttls", "required")))
                .isInstanceOfSatisfying(InvalidConfigException.class,
                        e -> assertThat(e.field()).isEqualTo("notifications.mail.starttls"));
        assertThatThrownBy(() -> ProviderConfig.of("mail", settings(URI.create("smtps://me:" + PASSWORD
                + "@mail.example.com"))))
                .isInstanceOfSatisfying(InvalidConfigException.class,
                        e -> assertThat(e.getMessage()).doesNotContain(PASSWORD));
        Map<String, Object> unparsable = settings(URI.create("smtps://mail.example.com"));
        unparsable.put("url", "smtps://me:" + PASSWORD + " x@mail.example.com");
        assertThatThrownBy(() -> ProviderConfig.of("mail", unparsable))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> {
                    assertThat(e.field()).isEqualTo("notifications.mail.url");
                    assertThat(e.getMessage()).doesNotContain(PASSWORD);
                });
    }

    private static Map<String, Object> settings(URI url, Object... keyValues) {
        Map<String, Object> settings = new HashMap<>(Fixtures.settings("email", url, keyValues));
        settings.putIfAbsent("from", "healthmon <healthmon@example.com>");
        settings.putIfAbsent("to", List.of("ops@example.com", "Dev Team <dev@example.org>"));
        return settings;
    }

    private static String text(MimeMultipart parts, int index) throws Exception {
        return ((String) parts.getBodyPart(index).getContent()).replace("\r\n", "\n");
    }

    private static GreenMail start(String protocol) {
        ServerSetup setup = new ServerSetup(0, "127.0.0.1", protocol);
        // the machine is shared: GreenMail's 2 s to open its port is not always enough
        setup.setServerStartupTimeout(WAIT.toMillis());
        GreenMail server = new GreenMail(setup);
        server.setUser("healthmon@example.com", "healthmon", PASSWORD);
        server.start();
        return server;
    }

    private URI smtps() {
        return URI.create("smtps://127.0.0.1:" + mail.getSmtps().getPort());
    }

    private static EmailSettings email(Map<String, Object> settings) {
        return (EmailSettings) ProviderConfig.of("mail", settings).settings();
    }

    private static Letter letter(Notification notification, URI url) {
        return new Letter(notification, Message.of(notification, Fixtures.UTC), Job.first(notification).key(), url,
                TextFormat.MARKDOWN, null);
    }

    private static Transport transport() {
        return new Transport(Fixtures.CLIENT, Schedulers.parallel(), Duration.ofMinutes(1));
    }
}
