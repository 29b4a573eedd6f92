package com.nakksha.edge.address;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * Who the client is when requests may arrive through proxies (a load balancer in front of the
 * gateway, the gateway in front of a service): the TCP peer, unless the peer is one of the trusted
 * proxies, in which case the right-most {@code X-Forwarded-For} hop that is not a trusted proxy.
 * Hops to its left were written by whoever connected to the first proxy, so a client cannot choose
 * its address by sending the header. When every hop is trusted, the left-most one is the client; a
 * hop that is not an IP literal ends the walk at the last trusted address.
 */
public final class TrustedProxies {

    /** Loopback and private networks: where a platform's own proxies (the gateway, an ingress) connect from. */
    public static final List<String> INTERNAL_NETWORKS = List.of(
            "127.0.0.0/8", "::1/128", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7");

    // Only IP literals are parsed: InetAddress resolves anything else through DNS.
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private final List<Range> ranges;

    private TrustedProxies(List<Range> ranges) {
        this.ranges = ranges;
    }

    /**
     * @param cidrs ranges such as {@code 10.0.0.0/8} or {@code 2001:db8::/32}, or single addresses; empty trusts no one
     * @throws IllegalArgumentException naming an entry that is not an IP literal with an optional prefix length
     */
    public static TrustedProxies of(List<String> cidrs) {
        return new TrustedProxies(cidrs.stream().map(Range::parse).toList());
    }

    public boolean trusts(InetAddress address) {
        return ranges.stream().anyMatch(range -> range.contains(address));
    }

    /** The client's address for this request, or empty when the request has no peer address. */
    public Optional<InetAddress> clientOf(ServerHttpRequest request) {
        InetSocketAddress peer = request.getRemoteAddress();
        if (peer == null || peer.getAddress() == null) {
            return Optional.empty();
        }
        return Optional.of(clientOf(peer.getAddress(), request.getHeaders().getValuesAsList("X-Forwarded-For")));
    }

    /**
     * @param peer the TCP peer
     * @param forwardedFor the {@code X-Forwarded-For} values, left (first) to right (nearest), each one or
     *                     more comma-separated hops
     */
    public InetAddress clientOf(InetAddress peer, List<String> forwardedFor) {
        List<String> hops = forwardedFor.stream().flatMap(value -> Arrays.stream(value.split(","))).toList();
        InetAddress client = peer;
        for (int hop = hops.size() - 1; hop >= 0 && trusts(client); hop--) {
            Optional<InetAddress> next = literal(hops.get(hop));
            if (next.isEmpty()) {
                break;
            }
            client = next.get();
        }
        return client;
    }

    /** The address of an IP literal ({@code [v6]} brackets allowed), never a DNS lookup. */
    public static Optional<InetAddress> literal(String text) {
        String candidate = text.strip();
        if (candidate.startsWith("[") && candidate.endsWith("]")) {
            candidate = candidate.substring(1, candidate.length() - 1);
        }
        if (!IPV4.matcher(candidate).matches() && !IPV6.matcher(candidate).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(candidate));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private record Range(byte[] network, int prefixLength) {

        static Range parse(String cidr) {
            String[] parts = cidr.strip().split("/", 2);
            InetAddress address = literal(parts[0])
                    .orElseThrow(() -> new IllegalArgumentException("Not an IP address or range: " + cidr));
            int bits = address.getAddress().length * 8;
            int prefix;
            try {
                prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : bits;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Not an IP address or range: " + cidr, e);
            }
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("Prefix length out of range in " + cidr);
            }
            return new Range(address.getAddress(), prefix);
        }

        boolean contains(InetAddress address) {
            byte[] candidate = address.getAddress();
            if (candidate.length != network.length) {
                return false;
            }
            for (int bit = 0; bit < prefixLength; bit++) {
                int mask = 0x80 >> (bit % 8);
                if ((candidate[bit / 8] & mask) != (network[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }
}
