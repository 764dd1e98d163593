# Sends one TCP segment with SYN and FIN both set (conntrack classifies it INVALID) from SRC to DST:PORT.
import socket
import struct
import sys

src, dst, port = sys.argv[1], sys.argv[2], int(sys.argv[3])


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    s = (s >> 16) + (s & 0xFFFF)
    s += s >> 16
    return ~s & 0xFFFF


segment = struct.pack("!HHIIBBHHH", 40000, port, 1, 0, 5 << 4, 0x03, 65535, 0, 0)
pseudo = socket.inet_aton(src) + socket.inet_aton(dst) + struct.pack("!BBH", 0, socket.IPPROTO_TCP, len(segment))
segment = segment[:16] + struct.pack("!H", checksum(pseudo + segment)) + segment[18:]
s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_TCP)
s.sendto(segment, (dst, 0))
