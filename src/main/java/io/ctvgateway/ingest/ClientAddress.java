package io.ctvgateway.ingest;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The TV's IP address: the connection's peer, unless that peer is a trusted proxy, in which case the
 * right-most address of {@code X-Forwarded-For} that is not itself a trusted proxy. Left-most entries are
 * whatever the client wrote and are never believed on their own. Only literal addresses are parsed (never a
 * DNS lookup on the event loop).
 */
final class ClientAddress {
  private final List<Cidr> trusted;

  private ClientAddress(List<Cidr> trusted) {
    this.trusted = List.copyOf(trusted);
  }

  static ClientAddress trusting(List<String> cidrs) {
    List<Cidr> parsed = new ArrayList<>();
    for (String cidr : cidrs) {
      parsed.add(Cidr.parse(cidr));
    }
    return new ClientAddress(parsed);
  }

  /**
   * @param peer the connection's remote address (literal)
   * @param forwardedFor the {@code X-Forwarded-For} header(s), joined with commas, or null
   */
  String resolve(String peer, String forwardedFor) {
    if ((forwardedFor == null || trusted.isEmpty()) && canonicalIpv4(peer)) {
      return peer; // the common case, on every request: nothing to parse, nothing to format
    }
    Optional<InetAddress> peerAddress = literal(peer);
    if (peerAddress.isEmpty()) {
      return peer;
    }
    InetAddress current = peerAddress.get();
    if (forwardedFor == null || !isTrusted(current)) {
      return format(current);
    }
    String[] hops = forwardedFor.split(",");
    for (int i = hops.length - 1; i >= 0; i--) {
      Optional<InetAddress> hop = literal(stripPort(hops[i].trim()));
      if (hop.isEmpty()) {
        break; // garbage from here on: the last good hop is the best we know
      }
      current = hop.get();
      if (!isTrusted(current)) {
        break;
      }
    }
    return format(current);
  }

  private boolean isTrusted(InetAddress address) {
    for (Cidr cidr : trusted) {
      if (cidr.contains(address)) {
        return true;
      }
    }
    return false;
  }

  /** {@code ::ffff:a.b.c.d} is written as the IPv4 address it is. */
  private static String format(InetAddress address) {
    return address.getHostAddress();
  }

  private static String stripPort(String hop) {
    if (hop.startsWith("[")) {
      int end = hop.indexOf(']');
      return end > 0 ? hop.substring(1, end) : hop;
    }
    int colon = hop.indexOf(':');
    if (colon > 0 && hop.indexOf(':', colon + 1) < 0) {
      return hop.substring(0, colon); // a.b.c.d:port
    }
    return hop;
  }

  static Optional<InetAddress> literal(String text) {
    if (text == null || text.isEmpty() || text.length() > 45) {
      return Optional.empty();
    }
    try {
      if (text.indexOf(':') < 0) {
        return ipv4(text);
      }
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (!(c == ':' || c == '.' || c == '%' || Character.digit(c, 16) >= 0)) {
          return Optional.empty();
        }
      }
      // With a colon, InetAddress parses an IPv6 literal and never resolves a name.
      return Optional.of(InetAddress.getByName(text));
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  /** Strict dotted quad, parsed here: InetAddress would fall back to DNS for "999.1.1.1". */
  private static Optional<InetAddress> ipv4(String text) throws UnknownHostException {
    byte[] bytes = new byte[4];
    return octets(text, bytes) < 0 ? Optional.empty() : Optional.of(InetAddress.getByAddress(bytes));
  }

  /**
   * Reads a dotted quad of 1-3 digit octets up to 255 into {@code out}; -1 when it is not one, else 1 when an
   * octet has a leading zero (valid, but written otherwise once formatted) and 0 when the text is canonical.
   */
  private static int octets(String text, byte[] out) {
    int octet = 0;
    int value = 0;
    int digits = 0;
    boolean leadingZero = false;
    for (int i = 0; i <= text.length(); i++) {
      char c = i < text.length() ? text.charAt(i) : '.';
      if (c == '.') {
        if (digits == 0 || value > 255 || octet == 4) {
          return -1;
        }
        leadingZero |= digits > 1 && text.charAt(i - digits) == '0';
        out[octet++] = (byte) value;
        value = 0;
        digits = 0;
      } else if (c >= '0' && c <= '9' && digits < 3) {
        value = value * 10 + (c - '0');
        digits++;
      } else {
        return -1;
      }
    }
    return octet != 4 ? -1 : leadingZero ? 1 : 0;
  }

  /** Whether {@code text} is a dotted quad written as {@link InetAddress#getHostAddress} writes it. */
  private static boolean canonicalIpv4(String text) {
    return text != null && text.length() <= 15 && octets(text, new byte[4]) == 0;
  }

  /** An address block; IPv4-mapped IPv6 addresses match IPv4 blocks (Java reports them as IPv4 already). */
  record Cidr(byte[] network, int prefix) {
    static Cidr parse(String text) {
      String[] parts = text.split("/");
      InetAddress address = literal(parts[0])
          .orElseThrow(() -> new IllegalArgumentException("not an address: " + text));
      int bits = address.getAddress().length * 8;
      int prefix = parts.length > 1 ? Integer.parseInt(parts[1]) : bits;
      return new Cidr(address.getAddress(), prefix);
    }

    boolean contains(InetAddress address) {
      byte[] candidate = address.getAddress();
      if (candidate.length != network.length) {
        return false;
      }
      int full = prefix / 8;
      for (int i = 0; i < full; i++) {
        if (candidate[i] != network[i]) {
          return false;
        }
      }
      int rest = prefix % 8;
      if (rest == 0) {
        return true;
      }
      int mask = (0xff << (8 - rest)) & 0xff;
      return (candidate[full] & mask) == (network[full] & mask);
    }
  }
}
