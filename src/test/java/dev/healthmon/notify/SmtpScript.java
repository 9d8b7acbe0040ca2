package dev.healthmon.notify;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import com.icegreen.greenmail.util.DummySSLServerSocketFactory;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import javax.net.ssl.KeyManagerFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;
import reactor.netty.NettyInbound;
import reactor.netty.tcp.TcpServer;

/**
 * A real SMTP server on 127.0.0.1 and a free port that speaks just enough SMTP for one message per connection
 * (no AUTH; STARTTLS with GreenMail's self-signed certificate when asked to) and answers the {@code MAIL FROM} of the
 * n-th connection as scripted, to prove how the email provider treats 4xx and 5xx replies and STARTTLS, which
 * GreenMail cannot be told to give or does not offer. It records every command, those after STARTTLS as
 * {@code "tls: ..."}.
 */
final class SmtpScript implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final AtomicInteger connections = new AtomicInteger();
    private final Sinks.Many<String> commands = Sinks.many().replay().all();
    private final DisposableServer server;

    private final @Nullable SslContext tls;

    private SmtpScript(IntFunction<String> mailFromReply, @Nullable SslContext tls) {
        this.tls = tls;
        server = TcpServer.create()
                .host("127.0.0.1")
                .port(0)
                .doOnConnection(connection -> connection.addHandlerLast(new LineBasedFrameDecoder(8192)))
                .handle((in, out) -> {
                    Conversation conversation = new Conversation(mailFromReply.apply(connections.incrementAndGet()),
                            in);
                    Flux<String> replies = Flux.concat(Mono.just("220 127.0.0.1 ESMTP scripted"),
                            in.receive()
                                    .asString(StandardCharsets.UTF_8)
                                    .concatMap(line -> Mono.justOrEmpty(conversation.reply(line)))
                                    .takeUntil(reply -> reply.startsWith("221")));
                    return out.sendString(replies.map(reply -> reply + "\r\n"), StandardCharsets.UTF_8).then();
                })
                .bindNow();
    }

    /** Returns a server that answers {@code MAIL FROM} of the n-th connection with {@code script.apply(n)}. */
    static SmtpScript answering(IntFunction<String> script) {
        return new SmtpScript(script, null);
    }

    /** Returns a server that offers STARTTLS and accepts every message. */
    static SmtpScript withStarttls() throws Exception {
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(new DummySSLServerSocketFactory().getKeyStore(), "changeit".toCharArray());
        return new SmtpScript(n -> "250 2.1.0 ok", SslContextBuilder.forServer(keys).build());
    }

    URI url() {
        return URI.create("smtp://127.0.0.1:" + server.port());
    }

    int connections() {
        return connections.get();
    }

    /** Returns the commands up to the {@code n}-th {@code QUIT}, waiting for them for at most 10 seconds. */
    List<String> awaitQuits(int n) {
        AtomicInteger quits = new AtomicInteger();
        return commands.asFlux()
                .takeUntil(command -> command.toUpperCase(Locale.ROOT).endsWith("QUIT") && quits.incrementAndGet() == n)
                .collectList()
                .block(WAIT);
    }

    @Override
    public void close() {
        server.disposeNow();
    }

    // one connection's state; its lines arrive one after another on one event loop
    private final class Conversation {

        private final String mailFromReply;
        private final NettyInbound inbound;
        private final List<String> body = new ArrayList<>();
        private boolean data;
        private boolean secure;

        Conversation(String mailFromReply, NettyInbound inbound) {
            this.mailFromReply = mailFromReply;
            this.inbound = inbound;
        }

        @Nullable String reply(String line) {
            if (data) {
                if (!line.equals(".")) {
                    body.add(line);
                    return null;
                }
                data = false;
                record("DATA " + body.size() + " lines");
                return "250 2.0.0 queued";
            }
            record(line);
            String verb = line.length() < 4 ? line : line.substring(0, 4).toUpperCase(Locale.ROOT);
            return switch (verb) {
                case "EHLO", "HELO" -> tls != null && !secure ? "250-127.0.0.1\r\n250 STARTTLS" : "250 127.0.0.1";
                case "STAR" -> starttls();
                case "MAIL" -> mailFromReply;
                case "RCPT" -> "250 2.1.5 ok";
                case "DATA" -> {
                    data = true;
                    yield "354 end data with <CR><LF>.<CR><LF>";
                }
                case "RSET", "NOOP" -> "250 2.0.0 ok";
                case "QUIT" -> "221 2.0.0 bye";
                default -> "502 5.5.2 command not recognized";
            };
        }

        private String starttls() {
            SslContext context = tls;
            if (context == null || secure) {
                return "502 5.5.2 command not recognized";
            }
            // startTls: the "220" below still goes out in the clear, everything after it is encrypted
            inbound.withConnection(connection -> connection.channel().pipeline().addFirst("tls",
                    new SslHandler(context.newEngine(connection.channel().alloc()), true)));
            secure = true;
            return "220 2.0.0 ready to start TLS";
        }

        private void record(String command) {
            commands.emitNext(secure && !command.toUpperCase(Locale.ROOT).startsWith("STARTTLS") ? "tls: " + command
                    : command, Sinks.EmitFailureHandler.busyLooping(WAIT));
        }
    }
}
