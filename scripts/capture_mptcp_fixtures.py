#!/usr/bin/env python3
"""Save raw netlink replies from the running kernel as test fixtures.

Each fixture file is the concatenation of the datagrams received, unchanged.
Netlink messages carry their own lengths, so the files parse as one stream.

usage: scripts/capture_mptcp_fixtures.py static|diag|events|error OUTDIR [SECONDS]
"""
import select
import socket
import struct
import sys
import time

NETLINK_SOCK_DIAG = 4
NETLINK_GENERIC = 16
NLM_F_REQUEST = 0x1
NLM_F_ACK = 0x4
NLM_F_DUMP = 0x300
NLMSG_ERROR = 2
NLMSG_DONE = 3
GENL_ID_CTRL = 0x10
CTRL_CMD_GETFAMILY = 3
CTRL_ATTR_FAMILY_NAME = 2
CTRL_ATTR_FAMILY_ID = 1
CTRL_ATTR_MCAST_GROUPS = 7
MPTCP_PM_CMD_DEL_ADDR = 2
MPTCP_PM_CMD_GET_ADDR = 3
MPTCP_PM_CMD_GET_LIMITS = 6
SOCK_DIAG_BY_FAMILY = 20
INET_DIAG_INFO = 2
INET_DIAG_REQ_PROTOCOL = 3
IPPROTO_TCP = 6
IPPROTO_MPTCP = 262
SOL_NETLINK = 270
NETLINK_ADD_MEMBERSHIP = 1
NETLINK_EXT_ACK = 11
NLA_F_NESTED = 0x8000
MPTCP_PM_ATTR_ADDR = 1
MPTCP_PM_ADDR_ATTR_ID = 2


def attr(kind, payload):
    length = 4 + len(payload)
    return struct.pack("=HH", length, kind) + payload + b"\0" * (-length % 4)


def message(kind, flags, seq, payload):
    return struct.pack("=IHHII", 16 + len(payload), kind, flags, seq, 0) + payload


def walk(data):
    offset = 0
    while offset + 16 <= len(data):
        length, kind, _, _, _ = struct.unpack_from("=IHHII", data, offset)
        if length < 16:
            return
        yield kind, data[offset + 16 : offset + length]
        offset += (length + 3) & ~3


def attrs(data):
    offset = 0
    while offset + 4 <= len(data):
        length, kind = struct.unpack_from("=HH", data, offset)
        if length < 4:
            return
        yield kind & 0x3FFF, data[offset + 4 : offset + length]
        offset += (length + 3) & ~3


def exchange(sock, request):
    """Send one request; return every reply byte up to DONE or the final ACK/ERROR."""
    sock.send(request)
    received = b""
    while True:
        chunk = sock.recv(1 << 20)
        received += chunk
        kinds = [kind for kind, _ in walk(chunk)]
        if not kinds or NLMSG_DONE in kinds or NLMSG_ERROR in kinds:
            return received
        if not (struct.unpack_from("=H", chunk, 6)[0] & 0x2):  # not NLM_F_MULTI
            return received


def resolve_family(sock):
    reply = exchange(sock, message(GENL_ID_CTRL, NLM_F_REQUEST, 1,
                                   struct.pack("=BBH", CTRL_CMD_GETFAMILY, 1, 0) +
                                   attr(CTRL_ATTR_FAMILY_NAME, b"mptcp_pm\0")))
    family, groups = None, {}
    for kind, body in walk(reply):
        if kind != GENL_ID_CTRL:
            continue
        for a_kind, a_body in attrs(body[4:]):
            if a_kind == CTRL_ATTR_FAMILY_ID:
                family = struct.unpack("=H", a_body[:2])[0]
            if a_kind == CTRL_ATTR_MCAST_GROUPS:
                for _, group in attrs(a_body):
                    fields = dict(attrs(group))
                    groups[fields[1].rstrip(b"\0").decode()] = struct.unpack("=I", fields[2])[0]
    return reply, family, groups


def save(outdir, name, data):
    with open(f"{outdir}/{name}", "wb") as handle:
        handle.write(data)
    print(f"{name}: {len(data)} bytes")


def capture_static(outdir):
    sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_GENERIC)
    reply, family, _ = resolve_family(sock)
    save(outdir, "getfamily_mptcp_pm.bin", reply)
    save(outdir, "get_addr_dump.bin", exchange(sock, message(
        family, NLM_F_REQUEST | NLM_F_DUMP, 2, struct.pack("=BBH", MPTCP_PM_CMD_GET_ADDR, 1, 0))))
    save(outdir, "get_limits.bin", exchange(sock, message(
        family, NLM_F_REQUEST, 3, struct.pack("=BBH", MPTCP_PM_CMD_GET_LIMITS, 1, 0))))


def capture_error(outdir):
    """Deleting an endpoint id that does not exist yields NLMSG_ERROR with an extended ack."""
    sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_GENERIC)
    sock.setsockopt(SOL_NETLINK, NETLINK_EXT_ACK, 1)
    _, family, _ = resolve_family(sock)
    address = attr(MPTCP_PM_ATTR_ADDR | NLA_F_NESTED, attr(MPTCP_PM_ADDR_ATTR_ID, bytes([254])))
    save(outdir, "del_addr_missing.bin", exchange(sock, message(
        family, NLM_F_REQUEST | NLM_F_ACK, 4, struct.pack("=BBH", MPTCP_PM_CMD_DEL_ADDR, 1, 0) + address)))


def diag_request(family, protocol, seq):
    req = struct.pack("=BBBBI", family, IPPROTO_TCP, 1 << (INET_DIAG_INFO - 1), 0, 0xFFFFFFFF)
    req += b"\0" * 48
    if protocol != IPPROTO_TCP:
        req += attr(INET_DIAG_REQ_PROTOCOL, struct.pack("=I", protocol))
    return message(SOCK_DIAG_BY_FAMILY, NLM_F_REQUEST | NLM_F_DUMP, seq, req)


def capture_diag(outdir):
    sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_SOCK_DIAG)
    save(outdir, "sock_diag_mptcp_inet.bin", exchange(sock, diag_request(socket.AF_INET, IPPROTO_MPTCP, 10)))
    save(outdir, "sock_diag_mptcp_inet6.bin", exchange(sock, diag_request(socket.AF_INET6, IPPROTO_MPTCP, 11)))
    save(outdir, "sock_diag_tcp_inet.bin", exchange(sock, diag_request(socket.AF_INET, IPPROTO_TCP, 12)))
    save(outdir, "sock_diag_tcp_inet6.bin", exchange(sock, diag_request(socket.AF_INET6, IPPROTO_TCP, 13)))


def capture_events(outdir, seconds):
    sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_GENERIC)
    _, _, groups = resolve_family(sock)
    sock.setsockopt(SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, groups["mptcp_pm_events"])
    print("subscribed", flush=True)
    received = b""
    deadline = time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        if select.select([sock], [], [], left)[0]:
            received += sock.recv(1 << 16)
    save(outdir, "pm_events.bin", received)


if __name__ == "__main__":
    mode, outdir = sys.argv[1], sys.argv[2]
    if mode == "static":
        capture_static(outdir)
    elif mode == "diag":
        capture_diag(outdir)
    elif mode == "error":
        capture_error(outdir)
    else:
        capture_events(outdir, float(sys.argv[3]))
