package dev.healthmon.core.probe;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;

import io.netty.resolver.AddressResolver;
import io.netty.resolver.AddressResolverGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import org.jspecify.annotations.Nullable;

/**
 * Resolves names with the resolvers of a client, then keeps only the addresses an {@link EgressPolicy} permits:
 * the check on the resolved address, at connect time, that DNS rebinding cannot get around. An address written
 * in a URL is "resolved" already, and goes through the same check: this resolver never says an address is
 * resolved, so every connection of its client asks it first.
 */
final class GuardedResolverGroup extends AddressResolverGroup<InetSocketAddress> {

    private final EgressPolicy policy;
    private final AddressResolverGroup<InetSocketAddress> resolvers;

    GuardedResolverGroup(EgressPolicy policy, AddressResolverGroup<InetSocketAddress> resolvers) {
        this.policy = policy;
        this.resolvers = resolvers;
    }

    @Override
    protected AddressResolver<InetSocketAddress> newResolver(EventExecutor executor) {
        return new Guarded(policy, executor, resolvers.getResolver(executor));
    }

    // the wrapped group is shared by every client of its configuration: it is not ours to close

    private record Guarded(EgressPolicy policy, EventExecutor executor, AddressResolver<InetSocketAddress> resolver)
            implements AddressResolver<InetSocketAddress> {

        @Override
        public boolean isSupported(SocketAddress address) {
            return resolver.isSupported(address);
        }

        @Override
        public boolean isResolved(SocketAddress address) {
            return false;
        }

        @Override
        public Future<InetSocketAddress> resolve(SocketAddress address) {
            return resolve(address, executor.newPromise());
        }

        @Override
        public Future<InetSocketAddress> resolve(SocketAddress address, Promise<InetSocketAddress> promise) {
            String host = host(address);
            if (host != null && !policy.permitsHost(host)) {
                return promise.setFailure(new EgressDeniedException());
            }
            resolver.resolve(address).addListener(resolved -> {
                if (!resolved.isSuccess()) {
                    promise.tryFailure(resolved.cause());
                    return;
                }
                InetSocketAddress to = (InetSocketAddress) resolved.getNow();
                if (permitted(host, to)) {
                    promise.trySuccess(to);
                }
                else {
                    promise.tryFailure(new EgressDeniedException());
                }
            });
            return promise;
        }

        @Override
        public Future<List<InetSocketAddress>> resolveAll(SocketAddress address) {
            return resolveAll(address, executor.newPromise());
        }

        @Override
        public Future<List<InetSocketAddress>> resolveAll(SocketAddress address,
                Promise<List<InetSocketAddress>> promise) {
            String host = host(address);
            if (host != null && !policy.permitsHost(host)) {
                return promise.setFailure(new EgressDeniedException());
            }
            resolver.resolveAll(address).addListener(resolved -> {
                if (!resolved.isSuccess()) {
                    promise.tryFailure(resolved.cause());
                    return;
                }
                @SuppressWarnings("unchecked")
                List<InetSocketAddress> all = (List<InetSocketAddress>) resolved.getNow();
                List<InetSocketAddress> permitted = new ArrayList<>(all.size());
                for (InetSocketAddress to : all) {
                    if (permitted(host, to)) {
                        permitted.add(to);
                    }
                }
                if (permitted.isEmpty()) {
                    promise.tryFailure(new EgressDeniedException());
                }
                else {
                    promise.trySuccess(permitted);
                }
            });
            return promise;
        }

        @Override
        public void close() {
            // the wrapped resolver belongs to its group, which closes it
        }

        private boolean permitted(@Nullable String host, InetSocketAddress to) {
            // an address that is not resolved cannot be checked, so it cannot be connected to either
            return to.getAddress() != null && policy.permits(host, to.getAddress());
        }

        private static @Nullable String host(SocketAddress address) {
            return address instanceof InetSocketAddress inet ? inet.getHostString() : null;
        }
    }
}
