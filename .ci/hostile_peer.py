#!/usr/bin/env python3
"""Plays a bad peer against a kwiktop server port.

usage: hostile_peer.py garbage PORT      random bytes, then expects the server to close
       hostile_peer.py truncated PORT    half a frame, then closes
       hostile_peer.py version PORT      a HELLO with protocol version 99; expects GOODBYE(version mismatch)
       hostile_peer.py unknown PORT      a join for a session that does not exist; expects GOODBYE(unknown session)
       hostile_peer.py huge PORT         a frame header advertising 4 GiB; expects the server to close
"""
import os
import socket
import struct
import sys


def hello(version, kind, session=b"\x01" * 16, path=1):
    body = struct.pack(">HB", version, kind) + session + struct.pack(">HB", path, 0)
    body += struct.pack(">BQIQI", 0, 1 << 20, 16384, 1, 256)
    body += bytes(16) + bytes(32)  # join nonce and proof (zeros: no secret known)
    return struct.pack(">IB", len(body) + 1, 0x01) + body


def read_frame(sock):
    header = b""
    while len(header) < 5:
        chunk = sock.recv(5 - len(header))
        if not chunk:
            return None
        header += chunk
    length, kind = struct.unpack(">IB", header)
    body = b""
    while len(body) < length - 1:
        chunk = sock.recv(length - 1 - len(body))
        if not chunk:
            break
        body += chunk
    return kind, body


def expect_closed(sock):
    sock.settimeout(10)
    try:
        while sock.recv(4096):
            pass
    except ConnectionResetError:
        pass


def expect_goodbye(sock, reason):
    sock.settimeout(10)
    frame = read_frame(sock)
    if frame is None or frame[0] != 0x09:
        sys.exit(f"expected GOODBYE, got {frame}")
    code = frame[1][0]
    message = frame[1][3:].decode()
    if code != reason:
        sys.exit(f"GOODBYE reason {code} ({message}), expected {reason}")
    print(f"refused as expected: {message}")
    expect_closed(sock)


def main():
    mode, port = sys.argv[1], int(sys.argv[2])
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    if mode == "garbage":
        sock.sendall(os.urandom(4096))
        expect_closed(sock)
    elif mode == "truncated":
        sock.sendall(hello(1, 0)[:20])
        sock.close()
    elif mode == "version":
        sock.sendall(hello(99, 0, session=os.urandom(16)))
        expect_goodbye(sock, 1)
    elif mode == "unknown":
        sock.sendall(hello(1, 1, session=os.urandom(16)))
        expect_goodbye(sock, 2)
    elif mode == "huge":
        sock.sendall(struct.pack(">IB", 0xFFFFFFFF, 0x03))
        expect_closed(sock)
    else:
        sys.exit(f"unknown mode {mode}")
    print(f"{mode}: ok")


if __name__ == "__main__":
    main()
