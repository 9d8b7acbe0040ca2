package dev.healthmon.web;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;

import dev.healthmon.core.model.MonitorSnapshot;
import org.springframework.http.ReactiveHttpOutputMessage;
import org.springframework.web.reactive.function.BodyInserter;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import tools.jackson.databind.json.JsonMapper;

/**
 * The bytes of the event stream, as Spring's {@code ServerSentEventHttpMessageWriter} writes them ({@code id:},
 * {@code event:}, one {@code data:} line, a blank line), written once for all clients instead of once per client.
 *
 * <p>Every client of one hub is sent the same events under the same ids, in the same order and at about the same
 * time, so the frames of the newest events are kept by id: the first client to send an event writes its JSON,
 * the others send the same bytes. A status change that goes to 1,000 clients is one JSON encoding, not 1,000. The
 * JSON has no line break in it (Jackson escapes them), so it is one {@code data:} line. The dashboard's stream
 * writes each event's {@code EventViews} view; the public status page gives its own writer.
 */
public final class SseFrames {

    /** The comment sent to a client that has had nothing else for a while, so that proxies keep it open. */
    public static final byte[] HEARTBEAT = ":heartbeat\n\n".getBytes(StandardCharsets.US_ASCII);
    /** What a writer returns for an event its stream leaves out. */
    public static final byte[] NONE = new byte[0];

    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    // a power of two, well above the events of one burst that the clients are between
    private static final int KEPT = 1024;

    // racy but safe: a slot holds a whole frame or another; a miss writes the frame again, a hit is always right
    private final AtomicReferenceArray<Frame> recent = new AtomicReferenceArray<>(KEPT);
    private final Function<StreamItem.Event, byte[]> writer;

    /** Returns the frames of the event stream: each event's view of {@code EventViews}, named as it names it. */
    SseFrames() {
        this(SseFrames::write);
    }

    /**
     * Returns frames that {@code writer} writes, once per event; it returns {@link #NONE} for an event the stream
     * leaves out. The events of one hub have one frame each: a writer must not depend on the client.
     */
    public SseFrames(Function<StreamItem.Event, byte[]> writer) {
        this.writer = requireNonNull(writer, "writer");
    }

    /** Returns the frame of {@code item}, written by the first client that sends it, or {@link #NONE}. */
    public byte[] event(StreamItem.Event item) {
        int slot = (int) (item.id() & (KEPT - 1));
        Frame kept = recent.get(slot);
        if (kept != null && kept.id() == item.id()) {
            return kept.bytes();
        }
        byte[] bytes = writer.apply(item);
        recent.set(slot, new Frame(item.id(), bytes));
        return bytes;
    }

    /** Returns the frame of a {@code snapshot} event: the monitors' JSON, brief or full. */
    static byte[] snapshot(StreamItem.Snapshot snapshot, boolean brief) {
        List<MonitorSnapshot> monitors = snapshot.monitors();
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + monitors.size() * (brief ? 256 : 512));
        out.writeBytes(("id:" + snapshot.id() + "\nevent:snapshot\ndata:").getBytes(StandardCharsets.US_ASCII));
        MonitorJson.array(monitors, brief, out);
        out.write('\n');
        out.write('\n');
        return out.toByteArray();
    }

    /** Returns the frame of a {@code preview} event, which has no id: the counts and the first monitors. */
    static byte[] preview(StreamItem.Snapshot snapshot, int first) {
        return ("event:preview\ndata:" + MonitorJson.preview(snapshot.monitors(), first) + "\n\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Returns the frame of an event named {@code event} with id {@code id} and {@code data} as its JSON. */
    public static byte[] frame(long id, String event, Object data) {
        byte[] head = ("id:" + id + "\nevent:" + event + "\ndata:").getBytes(StandardCharsets.UTF_8);
        byte[] json = MAPPER.writeValueAsBytes(data);
        byte[] frame = new byte[head.length + json.length + 2];
        System.arraycopy(head, 0, frame, 0, head.length);
        System.arraycopy(json, 0, frame, head.length, json.length);
        frame[frame.length - 2] = '\n';
        frame[frame.length - 1] = '\n';
        return frame;
    }

    /**
     * Returns a heartbeat frame every {@code period} on {@code scheduler} until {@code closed} completes; a client
     * that does not read skips heartbeats instead of piling them up.
     */
    public static Flux<byte[]> heartbeats(Duration period, Scheduler scheduler, Mono<Void> closed) {
        return Flux.interval(period, period, scheduler)
                .onBackpressureDrop()
                .map(tick -> HEARTBEAT)
                .takeUntilOther(closed);
    }

    /**
     * Returns the body that writes {@code frames} as they come: written, not written and flushed frame by frame, so
     * Reactor Netty writes what is ready and flushes once, and a burst of changes is one write to the socket per
     * client, not one per change.
     */
    public static BodyInserter<Flux<byte[]>, ReactiveHttpOutputMessage> body(Flux<byte[]> frames) {
        return (message, context) -> message.writeWith(frames.map(bytes -> message.bufferFactory().wrap(bytes)));
    }

    private static byte[] write(StreamItem.Event item) {
        return frame(item.id(), EventViews.name(item.event()), EventViews.of(item.event()));
    }

    private record Frame(long id, byte[] bytes) {
    }
}
