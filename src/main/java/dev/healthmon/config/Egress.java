package dev.healthmon.config;

import java.util.List;

import dev.healthmon.core.model.InvalidConfigException;
import dev.healthmon.core.probe.EgressPolicy;
import org.jspecify.annotations.Nullable;

/**
 * The {@code healthmon.egress:} block: which addresses checks may reach (DESIGN section 13). Each entry is a CIDR
 * ({@code 10.0.0.0/8}, {@code fd00::/8}), an address, or a host name; {@code allow} wins over {@code deny} and over
 * the built-in denial of link-local and cloud-metadata addresses.
 *
 * @param allow what is allowed even though denied
 * @param deny what is denied besides link-local and cloud-metadata addresses
 */
public record Egress(@Nullable List<String> allow, @Nullable List<String> deny) {

    /** Returns the allowed entries as written. */
    @Override
    public List<String> allow() {
        return allow == null ? List.of() : List.copyOf(allow);
    }

    /** Returns the denied entries as written. */
    @Override
    public List<String> deny() {
        return deny == null ? List.of() : List.copyOf(deny);
    }

    /**
     * Returns the policy: the built-in denials, {@code deny} and {@code allow}.
     *
     * @throws InvalidConfigException naming {@code egress.allow} or {@code egress.deny} for an entry that is not a
     *         CIDR, an address or a host name
     */
    public EgressPolicy policy() {
        return EgressPolicy.of(allow(), deny());
    }
}
