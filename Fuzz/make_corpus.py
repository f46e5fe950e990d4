#!/usr/bin/env python3
"""Writes the fuzz target's seed corpus into Fuzz/Corpus (run from anywhere; rewrites it whole).

Each seed starts with the selector byte of Sources/KwikFuzz/Entry.swift: 0/3/6 the frame decoder with
a maximum frame length of 1 MiB/96/4096 bytes (then a split seed and the stream), 1 the server's
handshake, 2 the client's (then a script of steps, see Step in PeerConnection.swift). Frames follow
docs/PROTOCOL.md.
"""
import pathlib
import shutil
import struct

CORPUS = pathlib.Path(__file__).resolve().parent / "Corpus"

HELLO, HELLO_ACK, DATA, DATA_ACK, PING, PONG, PATH_STATUS, STATS, GOODBYE, FAILOVER = range(1, 11)
SESSION = bytes(range(16))


def frame(kind, body):
    return struct.pack(">IB", len(body) + 1, kind) + body


def hello(kind=0, session=SESSION, path=1, flags=0, direction=0, total=1 << 16, packet=128, seed=1, window=8,
          version=1, nonce=bytes(16), proof=bytes(32)):
    return frame(HELLO, struct.pack(">HB16sHBBQIQI", version, kind, session, path, flags, direction, total, packet, seed,
                                    window) + nonce + proof)


def hello_ack(session=SESSION, path=1, window=8, secret=bytes(range(32)), version=1):
    return frame(HELLO_ACK, struct.pack(">H16sHI", version, session, path, window) + secret)


def data(global_sequence, path_sequence, payload=b"\xa5" * 16, sent_at=7):
    return frame(DATA, struct.pack(">QQQ", global_sequence, path_sequence, sent_at) + payload)


def data_ack(cumulative=0, window=8, path_ack=0):
    return frame(DATA_ACK, struct.pack(">QIQ", cumulative, window, path_ack))


def ping(timestamp=1234):
    return frame(PING, struct.pack(">Q", timestamp))


def pong(timestamp=1234):
    return frame(PONG, struct.pack(">Q", timestamp))


def path_status(path=1, status=0):
    return frame(PATH_STATUS, struct.pack(">HB", path, status))


def stats(*counts):
    return frame(STATS, struct.pack(">6Q", *(counts or (1, 1, 0, 0, 0, 0))))


def goodbye(reason=0, message=b"transfer complete"):
    return frame(GOODBYE, struct.pack(">BH", reason, len(message)) + message)


def failover(path=1, cause=2, packets=3, bytes_=48, highest=5):
    return frame(FAILOVER, struct.pack(">HBQQQ", path, cause, packets, bytes_, highest))


EVERY_FRAME = [hello(), hello(kind=1, path=2, nonce=b"\x01" * 16, proof=b"\x02" * 32), hello_ack(), data(0, 1),
               data_ack(1, 8, 1), ping(), pong(), path_status(2, 1), stats(), goodbye(), failover()]


def decoder(stream, split=0, maximum=0):
    """maximum: 0 → 1 MiB, 1 → 96 bytes, 2 → 4096 bytes."""
    return bytes([3 * maximum, split]) + stream


# Steps: the low two bits name the connection, the rest the action (Step.Action's order).
SEND, HANDSHAKE, VARIANT, CLOSE, WAIT, WRITABLE, ACK, DATA_STEP = range(8)


def step(action, connection=0, *arguments):
    return bytes([action << 2 | connection, *arguments])


def send(raw, connection=0):
    """Raw bytes, in reads of at most 256 bytes."""
    out = b""
    for start in range(0, len(raw), 256):
        chunk = raw[start:start + 256]
        out += step(SEND, connection, len(chunk) - 1) + chunk
    return out


def create(connection=0, direction=0, total=16, packet=64, window=8, session=1, path=1):
    """A create HELLO built by the server target: total in 64-byte units, packet size in 2-byte units."""
    return step(HANDSHAKE, connection, direction, total, packet, window, session, path)


def join(connection=1, choice=0, path=2, nonce=1):
    """A join built by the server target; choice bit 6 spoils the proof, bit 7 asks for standby."""
    return step(VARIANT, connection, choice, path, nonce)


def wait(units, connection=0):
    """units × 50 ms, units below 64."""
    return step(WAIT, connection, units)


def server(*steps):
    return bytes([1]) + b"".join(steps)


def client(*steps, direction=0, total=4, packet=63, window=7, shape=0):
    """shape bit 0: join instead of create; bits 1-2: path id - 1."""
    return bytes([2, direction, total, packet, window, shape]) + b"".join(steps)


def client_ack(flaws=0, window=8, secret=9):
    return step(HANDSHAKE, 0, flaws, window, secret)


SEEDS = {
    # The frame decoder: every frame type, whole and in reads of every size.
    **{f"decoder-{name}": decoder(raw) for name, raw in zip(
        ["hello-create", "hello-join", "hello-ack", "data", "data-ack", "ping", "pong", "path-status", "stats",
         "goodbye", "failover"], EVERY_FRAME)},
    "decoder-all-bytewise": decoder(b"".join(EVERY_FRAME), split=1),
    "decoder-all-split-7": decoder(b"".join(EVERY_FRAME), split=7),
    "decoder-all-split-64": decoder(b"".join(EVERY_FRAME), split=64),
    "decoder-data-reordered": decoder(data(1, 1) + data(0, 2) + data(3, 3) + data(2, 4), split=5),
    "decoder-data-beyond-window": decoder(data(0, 1) + data(100, 2)),
    "decoder-data-empty-payload": decoder(data(0, 1, payload=b"")),
    # Broken streams.
    "decoder-length-4gib": decoder(b"\xff\xff\xff\xff\x01"),
    "decoder-length-4gib-split": decoder(b"\xff\xff\xff\xff\x01", split=1),
    "decoder-length-zero": decoder(b"\x00\x00\x00\x00"),
    "decoder-length-max-plus-one": decoder(struct.pack(">I", (1 << 20) + 1) + bytes([DATA])),
    "decoder-header-only": decoder(struct.pack(">I", 1 << 20)),
    "decoder-partial-length": decoder(b"\x00\x00\x00"),
    "decoder-truncated-hello": decoder(hello()[:50], split=3),
    "decoder-unknown-type": decoder(frame(0x0B, b"\x00" * 8)),
    "decoder-type-zero": decoder(frame(0x00, b"")),
    "decoder-ping-short": decoder(frame(PING, b"\x00" * 7)),
    "decoder-ping-long": decoder(frame(PING, b"\x00" * 9)),
    "decoder-data-short-header": decoder(frame(DATA, b"\x00" * 23)),
    "decoder-status-invalid": decoder(path_status(1, 3)),
    "decoder-goodbye-reason-invalid": decoder(goodbye(reason=7)),
    "decoder-goodbye-length-past-end": decoder(frame(GOODBYE, struct.pack(">BH", 0, 40) + b"short")),
    "decoder-goodbye-not-utf8": decoder(goodbye(message=b"\xff\xfe\xc3")),
    "decoder-hello-reserved-flags": decoder(hello(flags=0xFE)),
    "decoder-hello-kind-invalid": decoder(hello(kind=2)),
    "decoder-hello-direction-invalid": decoder(hello(direction=3)),
    # Small maximum frame lengths: exactly at the limit and one past it.
    "decoder-max96-hello": decoder(hello(), maximum=1),
    "decoder-max96-hello-plus-one": decoder(hello()[:-1] + b"\x00\x00", maximum=1),
    "decoder-max4096-data": decoder(data(0, 1, payload=b"\x5a" * (4096 - 25)), split=200, maximum=2),
    "decoder-max4096-data-plus-one": decoder(data(0, 1, payload=b"\x5a" * (4096 - 24))[:300], maximum=2),

    # The server: handshakes, refusals and limits.
    "server-create": server(create(), wait(2)),
    "server-create-raw": server(send(hello(total=4096, packet=128)), wait(4)),
    "server-create-then-join": server(create(), join(1), wait(2)),
    "server-join-replayed": server(create(), join(1, nonce=7), join(2, nonce=7)),
    "server-join-bad-proof": server(create(), join(1, choice=0x40)),
    "server-join-standby": server(create(direction=2), join(1, choice=0x80), wait(6)),
    "server-join-unknown-session": server(join(0)),
    "server-path-limit": server(create(), join(1, path=2, nonce=1), join(2, path=3, nonce=2), join(3, path=4, nonce=3)),
    "server-same-path-twice": server(create(), join(1, path=1, nonce=5), wait(2)),
    "server-session-limit": server(create(0, session=1), create(1, session=2), create(2, session=3)),
    "server-session-duplicate": server(create(0, session=9), create(1, session=9)),
    "server-version-mismatch": server(send(hello(version=2))),
    "server-packet-size-zero": server(create(packet=0)),
    "server-packet-size-too-large": server(create(packet=200)),
    "server-window-zero": server(create(window=0)),
    "server-path-zero": server(create(path=0)),
    "server-path-64": server(send(hello(path=64))),
    "server-ping-first": server(send(ping())),
    "server-data-first": server(send(data(0, 1))),
    "server-garbage-first": server(send(b"\xff\x00\x13\x37\x01\x02\x03")),
    "server-hello-truncated-then-close": server(send(hello()[:40]), step(CLOSE)),
    "server-no-handshake-timeout": server(send(hello()[:10]), wait(21)),
    # The server: a running session.
    "server-download-acknowledged": server(create(direction=0, total=8), wait(1), step(ACK, 0, 8), wait(1),
                                           step(ACK, 0, 8), wait(3)),
    "server-upload": server(create(direction=1, total=4, packet=32), step(DATA_STEP, 0, 3, 64),
                            step(DATA_STEP, 0, 3, 64), wait(3)),
    "server-both-two-paths": server(create(direction=2, total=0), join(1), wait(2), step(ACK, 1, 8), step(DATA_STEP, 1, 2, 64),
                                    step(ACK, 0, 8), wait(5)),
    "server-control-frames": server(create(direction=2), send(ping() + pong() + path_status(1, 2) + path_status(1, 0)
                                                              + stats() + failover() + data_ack(0, 8, 0)), wait(3)),
    "server-goodbye-done": server(create(), send(goodbye(0))),
    "server-goodbye-shutdown": server(create(), join(1), send(goodbye(5, b"bye"), 1), wait(2)),
    "server-second-hello": server(create(), send(hello())),
    "server-data-beyond-window": server(create(direction=1), send(data(1000, 1))),
    "server-data-huge-sequence": server(create(direction=1), send(data(1 << 63, 1))),
    "server-writability": server(create(direction=0, total=0), step(WRITABLE), wait(2), step(WRITABLE), wait(2)),
    "server-close-then-rejoin": server(create(), join(1), step(CLOSE, 0), wait(10), join(0, path=1, nonce=9), wait(2)),
    "server-orphaned": server(create(), step(CLOSE, 0), wait(25)),

    # The client: answers to its HELLO.
    "client-accepted": client(client_ack(), wait(2)),
    "client-accepted-raw": client(send(hello_ack(session=struct.pack(">QQ", 1, 2)))),
    "client-download-complete": client(client_ack(), step(DATA_STEP, 0, 3, 64), step(DATA_STEP, 0, 1, 64), wait(6),
                                       direction=0, total=4, packet=63),
    "client-upload-acknowledged": client(client_ack(), wait(1), step(ACK, 0, 8), wait(1), step(ACK, 0, 8), wait(6),
                                         direction=1, total=2, packet=63),
    "client-join-accepted": client(client_ack(), wait(2), shape=3),
    "client-wrong-version": client(client_ack(flaws=1)),
    "client-wrong-session": client(client_ack(flaws=2)),
    "client-wrong-path": client(client_ack(flaws=4)),
    "client-goodbye": client(step(VARIANT, 0, 4)),
    "client-ping-first": client(send(ping())),
    "client-garbage-first": client(send(b"\x00\x00\x00\x00")),
    "client-timeout": client(wait(21)),
    "client-control-frames": client(client_ack(), send(ping() + path_status(1, 1) + stats(4, 4, 0, 0, 0, 0) + failover()),
                                    wait(3), direction=2, total=0),
    "client-closed": client(client_ack(), step(CLOSE)),
}


def main():
    shutil.rmtree(CORPUS, ignore_errors=True)
    CORPUS.mkdir()
    for name, content in SEEDS.items():
        (CORPUS / name).write_bytes(content)
    print(f"{len(SEEDS)} seeds in {CORPUS}")


if __name__ == "__main__":
    main()
