#!/usr/bin/env python3
"""A TCP proxy in front of one server path that, on its first connection only, slips a garbage frame
into what the server sends (at a frame boundary, after AFTER frames), then keeps forwarding. The
client must close that path with a logged reason and go on over the others.

usage: garbage_proxy.py LISTEN_PORT TARGET_PORT AFTER
"""
import socket
import struct
import sys
import threading

GARBAGE = struct.pack(">IB", 0xFFFFFFF0, 0x03) + b"\xde\xad\xbe\xef" * 4


def close_both(*sockets):
    for s in sockets:
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def pump_raw(source, destination):
    try:
        while True:
            data = source.recv(1 << 16)
            if not data:
                break
            destination.sendall(data)
    except OSError:
        pass
    finally:
        close_both(source, destination)


def read_exactly(sock, count):
    data = bytearray()
    while len(data) < count:
        chunk = sock.recv(count - len(data))
        if not chunk:
            raise EOFError
        data += chunk
    return bytes(data)


def pump_frames(source, destination, after):
    """Forwards whole frames, inserting the garbage after `after` of them."""
    frames = 0
    try:
        while True:
            header = read_exactly(source, 4)
            (length,) = struct.unpack(">I", header)
            body = read_exactly(source, length)
            destination.sendall(header + body)
            frames += 1
            if frames == after:
                destination.sendall(GARBAGE)
                print(f"garbage injected after {frames} frames", flush=True)
    except (OSError, EOFError):
        pass
    finally:
        close_both(source, destination)


def main():
    listen_port, target_port, after = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", listen_port))
    listener.listen()
    print("proxy ready", flush=True)
    first = True
    while True:
        client, _ = listener.accept()
        server = socket.create_connection(("127.0.0.1", target_port))
        threading.Thread(target=pump_raw, args=(client, server), daemon=True).start()
        if first:
            threading.Thread(target=pump_frames, args=(server, client, after), daemon=True).start()
            first = False
        else:
            threading.Thread(target=pump_raw, args=(server, client), daemon=True).start()


if __name__ == "__main__":
    main()
