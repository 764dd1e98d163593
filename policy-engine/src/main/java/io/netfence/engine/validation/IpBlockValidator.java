package io.netfence.engine.validation;

import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import com.google.common.net.InetAddresses;
import io.netfence.engine.model.Cidr;

import java.net.Inet4Address;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code ValidateIPBlock}: {@code cidr} is required and a CIDR; each {@code except} is a CIDR strictly inside
 * {@code cidr} (same family, longer prefix). Like the API server, host bits after the prefix are accepted
 * ({@code 10.0.0.1/8} means {@code 10.0.0.0/8}). Unlike its lenient legacy mode, leading zeros are refused,
 * as the API server's strict mode does: {@code 010.0.0.0/8} is octal to some software and decimal to others.
 */
final class IpBlockValidator {

    static final String CIDR_MSG = "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)";
    private static final Pattern LEADING_ZERO_V4 = Pattern.compile("(^|\\.)0[0-9]+(\\.|/|$)");

    private IpBlockValidator() {
    }

    static void validate(IPBlock block, String path, List<FieldError> errors) {
        String cidrText = block.getCidr();
        if (cidrText == null || cidrText.isEmpty()) {
            errors.add(FieldError.required(path + ".cidr", ""));
            return;
        }
        Optional<Cidr> cidr = parse(cidrText, path + ".cidr", errors);
        if (cidr.isEmpty()) {
            return;
        }
        List<String> except = block.getExcept() == null ? List.of() : block.getExcept();
        for (int i = 0; i < except.size(); i++) {
            String exceptPath = path + ".except[" + i + "]";
            String text = except.get(i) == null ? "" : except.get(i);
            Optional<Cidr> e = parse(text, exceptPath, errors);
            if (e.isPresent() && !(cidr.get().contains(e.get()) && e.get().prefixLength() > cidr.get().prefixLength())) {
                errors.add(FieldError.invalid(exceptPath, text, "must be a strict subset of `cidr`"));
            }
        }
    }

    private static Optional<Cidr> parse(String text, String path, List<FieldError> errors) {
        int slash = text.indexOf('/');
        String addr = slash < 0 ? text : text.substring(0, slash);
        // Java turns ::ffff:a.b.c.d into an IPv4 address: refuse it rather than silently change its family.
        if (addr.contains(":") && InetAddresses.isInetAddress(addr) && InetAddresses.forString(addr) instanceof Inet4Address) {
            errors.add(FieldError.invalid(path, text, "must not have an IPv4-mapped IPv6 address"));
            return Optional.empty();
        }
        Optional<Cidr> parsed = Cidr.parse(text);
        if (parsed.isPresent()) {
            return parsed;
        }
        boolean leadingZeros = slash > 0 && (LEADING_ZERO_V4.matcher(text.substring(0, slash)).find()
                || text.substring(slash + 1).matches("0[0-9]+"));
        if (leadingZeros && Cidr.parse(stripLeadingZeros(text)).isPresent()) {
            errors.add(FieldError.invalid(path, text, "must not have leading 0s in IP or prefix length"));
        } else {
            errors.add(FieldError.invalid(path, text, CIDR_MSG));
        }
        return Optional.empty();
    }

    private static String stripLeadingZeros(String text) {
        int slash = text.indexOf('/');
        String addr = text.substring(0, slash);
        if (addr.contains(".") && !addr.contains(":")) {
            String[] octets = addr.split("\\.", -1);
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < octets.length; i++) {
                sb.append(i == 0 ? "" : ".").append(octets[i].replaceFirst("^0+(?=[0-9])", ""));
            }
            addr = sb.toString();
        }
        return addr + "/" + text.substring(slash + 1).replaceFirst("^0+(?=[0-9])", "");
    }
}
