package dev.healthmon.notify;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;

import dev.healthmon.core.model.ConfigMap;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Email over SMTP ({@code provider: email}): one message with a plain-text part and an HTML part to every address
 * in {@code to}. {@code url} is {@code smtp://host[:port]} (STARTTLS, port 587 by default) or
 * {@code smtps://host[:port]} (implicit TLS, port 465 by default). Jakarta Mail blocks, so each attempt runs on
 * {@code boundedElastic} with socket timeouts of the attempt's {@code timeout}.
 *
 * <p>An SMTP 4xx reply and a network failure are retried; a 5xx reply (an unknown recipient, wrong credentials) is a
 * refusal for good. SMTP has no idempotency of its own: the {@code Message-ID} derives from the message's
 * idempotency key, so the same message sent twice (a retry after an attempt whose answer was lost) carries one id,
 * which mail systems that deduplicate by it show once.
 *
 * @param from the sender ({@code from}, required), such as {@code "healthmon <healthmon@example.com>"}
 * @param to the recipients ({@code to}, required, a list)
 * @param username who logs in ({@code username}), or {@code null} to send without AUTH
 * @param password the password ({@code password}, required with a username); never shown
 * @param starttls whether {@code smtp://} upgrades to TLS ({@code starttls}: {@code required} by default,
 *        {@code optional} or {@code off}); {@link Starttls#OFF} for {@code smtps://}, which is TLS from the start
 * @param tlsVerify whether the server's certificate and host name are verified ({@code tlsVerify}, true by
 *        default); false accepts any certificate, for a test server with a self-signed one
 * @param timeout the SMTP connect, read and write timeout: the attempt's {@code timeout}
 */
record EmailSettings(InternetAddress from, List<InternetAddress> to, @Nullable String username,
        @Nullable String password, Starttls starttls, boolean tlsVerify, Duration timeout)
        implements ProviderSettings {

    static final ProviderKind KIND = new ProviderKind("email", Set.of("from", "to", "username", "password",
            "starttls", "tlsVerify"), EmailSettings::url, EmailSettings::read);
    static final int SMTP_PORT = 587;
    static final int SMTPS_PORT = 465;
    // a subject stays on one line of a mail client's list; the body carries everything
    static final int MAX_SUBJECT = 200;

    EmailSettings {
        requireNonNull(from, "from");
        to = List.copyOf(to);
        requireNonNull(starttls, "starttls");
        requireNonNull(timeout, "timeout");
    }

    static EmailSettings read(ConfigMap in) {
        boolean implicitTls = url(in).getScheme().equals("smtps");
        InternetAddress from = address(in, "from", in.required("from"));
        List<String> recipients = in.list("to");
        if (recipients.isEmpty()) {
            throw in.invalid("to", "missing to");
        }
        List<InternetAddress> to = new ArrayList<>();
        for (String recipient : recipients) {
            to.add(address(in, "to", recipient));
        }
        Starttls starttls = implicitTls ? Starttls.OFF : Starttls.REQUIRED;
        String mode = in.text("starttls");
        if (mode != null) {
            if (implicitTls) {
                throw in.invalid("starttls", "starttls applies to smtp:// only (smtps:// is TLS from the start)");
            }
            starttls = switch (mode.toLowerCase(Locale.ROOT)) {
                case "required" -> Starttls.REQUIRED;
                case "optional" -> Starttls.OPTIONAL;
                case "off" -> Starttls.OFF;
                default -> throw in.invalid("starttls",
                        "unknown starttls '" + mode + "' (expected: required, optional or off)");
            };
        }
        String username = in.text("username");
        // verbatim: a password may start or end with a space
        String password = in.verbatim("password");
        if (username != null && (password == null || password.isEmpty())) {
            throw in.invalid("password", "missing password (required with a username)");
        }
        if (username == null && password != null) {
            throw in.invalid("username", "missing username (required with a password)");
        }
        if (password != null && !implicitTls && starttls != Starttls.REQUIRED) {
            throw in.invalid("password", "a password is sent over TLS only (use starttls: required or smtps://)");
        }
        Boolean verify = in.bool("tlsVerify");
        return new EmailSettings(from, to, username, password, starttls, verify == null || verify,
                in.positiveDuration("timeout", ProviderConfig.DEFAULT_TIMEOUT));
    }

    /**
     * Returns the SMTP server of {@code url}: {@code smtp://host[:port]} or {@code smtps://host[:port]}, nothing
     * else; credentials go in {@code username} and {@code password}, never in the URL, which is shown.
     */
    static URI url(ConfigMap in) {
        String text = in.required("url");
        URI uri;
        try {
            uri = new URI(text);
        }
        catch (URISyntaxException e) {
            throw in.invalid("url", expected(text));
        }
        if (uri.getRawUserInfo() != null) {
            // the text is not echoed: it holds what may be a password
            throw in.invalid("url", "credentials in the url are not accepted (use username and password)");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean bare = (uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"))
                && uri.getRawQuery() == null && uri.getRawFragment() == null;
        if (!(scheme.equals("smtp") || scheme.equals("smtps")) || uri.getHost() == null || !bare) {
            throw in.invalid("url", expected(text));
        }
        int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("smtps") ? SMTPS_PORT : SMTP_PORT;
        return URI.create(scheme + "://" + uri.getRawAuthority().replaceFirst(":\\d*$", "") + ":" + port);
    }

    /**
     * Returns a cold {@code Mono} that sends one message on {@code boundedElastic} and completes once the server
     * took it; a network failure arrives as an {@link IOException}, a refusal as an {@link SmtpRefusal}. The
     * {@code transport} is not used: this provider does not speak HTTP.
     */
    @Override
    public Mono<Void> send(Letter letter, Transport transport) {
        return Mono.fromCallable(() -> deliver(letter))
                .subscribeOn(Schedulers.boundedElastic())
                .then();
    }

    /** Returns the subject: the monitor and the title, such as {@code "api: ❌ Service went down ❌"}. */
    static String subject(Message message) {
        return Clip.to(MAX_SUBJECT, message.monitor() + ": " + message.title());
    }

    /** Returns the plain-text part: the title, then one {@code name: value} line per field. */
    static String text(Message message) {
        return message.title() + "\n\n" + message.text(TextFormat.PLAIN);
    }

    /** Returns the HTML part: the title in the message's colour and a table of the fields, every text escaped. */
    static String html(Message message) {
        StringBuilder out = new StringBuilder()
                .append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>")
                .append(Html.escape(message.title()))
                .append("</title></head><body>\n<h2 style=\"color:").append(message.hexColor()).append("\">")
                .append(Html.escape(message.title()))
                .append("</h2>\n<table cellpadding=\"4\">\n");
        for (Message.Field field : message.fields()) {
            out.append("<tr><th align=\"left\">").append(Html.escape(field.name())).append("</th><td>")
                    .append(Html.escape(field.value())).append("</td></tr>\n");
        }
        return out.append("</table>\n</body></html>\n").toString();
    }

    /** Returns the {@code Message-ID} of the message whose idempotency key is {@code key}. */
    String messageId(String key) {
        String domain = from.getAddress().substring(from.getAddress().indexOf('@') + 1);
        return "<" + Digests.sha256(key).substring(0, 32) + ".healthmon@" + domain + ">";
    }

    @Override
    public String toString() {
        return "EmailSettings[from=" + from + ", to=" + to + ", username=" + username + ", password="
                + (password == null ? "none" : "***") + ", starttls=" + starttls + ", tlsVerify=" + tlsVerify + "]";
    }

    // blocks: runs on boundedElastic only
    private Void deliver(Letter letter) throws Exception {
        URI server = letter.url();
        Session session = Session.getInstance(properties(server));
        SMTPTransport smtp;
        MimeMessage mail;
        try {
            mail = message(session, letter);
            smtp = (SMTPTransport) session.getTransport("smtp");
        }
        catch (MessagingException e) {
            throw new IllegalStateException("email could not be written: " + e.getMessage(), e);
        }
        try {
            smtp.connect(server.getHost(), server.getPort(), username, password);
            smtp.sendMessage(mail, mail.getAllRecipients());
            return null;
        }
        catch (MessagingException e) {
            throw failure(e, smtp);
        }
        finally {
            try {
                smtp.close();
            }
            catch (MessagingException ignored) {
                // QUIT failed: the message was sent or the failure above says why not
            }
        }
    }

    private Properties properties(URI server) {
        boolean implicitTls = server.getScheme().equals("smtps");
        String millis = Long.toString(timeout.toMillis());
        Properties props = new Properties();
        props.setProperty("mail.smtp.host", server.getHost());
        props.setProperty("mail.smtp.port", Integer.toString(server.getPort()));
        props.setProperty("mail.smtp.connectiontimeout", millis);
        props.setProperty("mail.smtp.timeout", millis);
        props.setProperty("mail.smtp.writetimeout", millis);
        props.setProperty("mail.smtp.auth", Boolean.toString(username != null));
        props.setProperty("mail.smtp.from", from.getAddress());
        props.setProperty("mail.smtp.ssl.enable", Boolean.toString(implicitTls));
        props.setProperty("mail.smtp.starttls.enable", Boolean.toString(starttls != Starttls.OFF));
        props.setProperty("mail.smtp.starttls.required", Boolean.toString(starttls == Starttls.REQUIRED));
        props.setProperty("mail.smtp.ssl.checkserveridentity", Boolean.toString(tlsVerify));
        if (!tlsVerify) {
            props.setProperty("mail.smtp.ssl.trust", "*");
        }
        return props;
    }

    private MimeMessage message(Session session, Letter letter) throws MessagingException {
        Message message = letter.message();
        String id = messageId(letter.key());
        MimeMessage mail = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", id);
            }
        };
        mail.setFrom(from);
        mail.setRecipients(jakarta.mail.Message.RecipientType.TO, to.toArray(Address[]::new));
        mail.setSubject(subject(message), StandardCharsets.UTF_8.name());
        MimeBodyPart plain = new MimeBodyPart();
        plain.setText(text(message), StandardCharsets.UTF_8.name(), "plain");
        MimeBodyPart rich = new MimeBodyPart();
        rich.setText(html(message), StandardCharsets.UTF_8.name(), "html");
        // alternatives go from the plainest to the richest: a client shows the last one it can
        mail.setContent(new MimeMultipart("alternative", plain, rich));
        mail.saveChanges();
        return mail;
    }

    private Exception failure(MessagingException error, SMTPTransport smtp) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException io) {
                return new IOException(scrub(error.getMessage()) + ": " + scrub(io.toString()), io);
            }
        }
        int code = replyCode(error);
        if (code == -1) {
            code = smtp.getLastReturnCode();
        }
        String reply = code >= 400 && code < 600 ? smtp.getLastServerResponse() : null;
        return new SmtpRefusal(code, scrub(reply != null && !reply.isBlank() ? reply.strip() : error.getMessage()));
    }

    // the reply of the command that failed, which may be an earlier one than the last (RCPT before RSET)
    private static int replyCode(MessagingException error) {
        Exception next = error;
        while (next != null) {
            if (next instanceof SMTPSendFailedException failed) {
                return failed.getReturnCode();
            }
            if (next instanceof SMTPAddressFailedException failed) {
                return failed.getReturnCode();
            }
            if (next instanceof SMTPSenderFailedException failed) {
                return failed.getReturnCode();
            }
            next = next instanceof MessagingException messaging ? messaging.getNextException() : null;
        }
        return error instanceof SendFailedException ? 550 : -1;
    }

    private String scrub(@Nullable String text) {
        if (text == null) {
            return "";
        }
        return password == null || password.isEmpty() ? text : text.replace(password, "***");
    }

    private static InternetAddress address(ConfigMap in, String key, String text) {
        try {
            return new InternetAddress(text, true);
        }
        catch (AddressException e) {
            throw in.invalid(key, "invalid address '" + text + "' (expected: name@example.com or "
                    + "Name <name@example.com>)");
        }
    }

    private static String expected(String text) {
        // a url with an '@' may hold a password: it is not echoed
        return "invalid url" + (text.contains("@") ? "" : " '" + text + "'")
                + " (expected: smtp://host[:port] or smtps://host[:port])";
    }

    /** Whether and how {@code smtp://} upgrades the connection to TLS. */
    enum Starttls {
        /** Refuse to send when the server does not offer STARTTLS. */
        REQUIRED,
        /** Upgrade when the server offers it, else send in the clear. */
        OPTIONAL,
        /** Never upgrade: a trusted relay on a private network. */
        OFF;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
