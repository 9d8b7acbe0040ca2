package dev.healthmon.core.probe;

import java.net.InetSocketAddress;
import java.time.Clock;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.dns.DatagramDnsQuery;
import io.netty.handler.codec.dns.DatagramDnsQueryDecoder;
import io.netty.handler.codec.dns.DatagramDnsResponse;
import io.netty.handler.codec.dns.DatagramDnsResponseEncoder;
import io.netty.handler.codec.dns.DefaultDnsRawRecord;
import io.netty.handler.codec.dns.DnsQuestion;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.handler.codec.dns.DnsSection;
import io.netty.resolver.dns.DnsAddressResolverGroup;
import io.netty.resolver.dns.SingletonDnsServerAddressStreamProvider;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.udp.UdpServer;

/**
 * A real DNS server on 127.0.0.1, port 0, so name resolution in tests never depends on the machine's resolver:
 * {@code *.test} names have the address 127.0.0.1 and no IPv6 address; every other name does not exist (NXDOMAIN).
 */
final class LoopbackDns implements AutoCloseable {

    private final Connection server;

    LoopbackDns() {
        server = UdpServer.create()
                .host("127.0.0.1")
                .port(0)
                .doOnBound(c -> c.addHandlerLast(new DatagramDnsQueryDecoder())
                        .addHandlerLast(new DatagramDnsResponseEncoder()))
                .handle((in, out) -> in.receiveObject()
                        .cast(DatagramDnsQuery.class)
                        // the server releases each query after this, so the answer copies what it needs
                        .concatMap(query -> out.sendObject(answer(query))))
                .bindNow();
    }

    /** Returns probes whose resolver asks only this server, with no hosts file and no caching of failures. */
    Probes probes() {
        InetSocketAddress address = (InetSocketAddress) server.address();
        return Probes.create(spec -> spec
                .hostsFileEntriesResolver((name, types) -> null)
                .cacheNegativeTimeToLive(java.time.Duration.ZERO)
                .dnsAddressResolverGroupProvider(builder -> new DnsAddressResolverGroup(builder
                        .nameServerProvider(new SingletonDnsServerAddressStreamProvider(address)))),
                Clock.systemUTC());
    }

    @Override
    public void close() {
        server.disposeNow();
    }

    private static DatagramDnsResponse answer(DatagramDnsQuery query) {
        DnsQuestion question = query.recordAt(DnsSection.QUESTION);
        DatagramDnsResponse response = new DatagramDnsResponse(query.recipient(), query.sender(), query.id());
        response.setRecursionAvailable(true);
        response.addRecord(DnsSection.QUESTION, question);
        String name = question.name().endsWith(".") ? question.name() : question.name() + ".";
        if (!name.endsWith(".test.")) {
            response.setCode(DnsResponseCode.NXDOMAIN);
        }
        else if (question.type() == DnsRecordType.A) {
            response.addRecord(DnsSection.ANSWER, new DefaultDnsRawRecord(question.name(), DnsRecordType.A, 60,
                    Unpooled.wrappedBuffer(new byte[] {127, 0, 0, 1})));
        }
        return response;
    }
}
