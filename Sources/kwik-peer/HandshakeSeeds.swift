import KwikCore

extension SeedCorpus {
    static var serverSeeds: [Seed] { serverHandshakeSeeds + serverSessionSeeds }

    /// The server: handshakes, refusals and limits.
    static var serverHandshakeSeeds: [Seed] {
        [
            ("server-create", server(create(), wait(2))),
            ("server-create-raw", server(send(hello(total: 4096, packet: 128)), wait(4))),
            ("server-create-then-join", server(create(), join(1), wait(2))),
            ("server-join-replayed", server(create(), join(1, nonce: 7), join(2, nonce: 7))),
            ("server-join-bad-proof", server(create(), join(1, choice: 0x40))),
            ("server-join-standby", server(create(direction: 2), join(1, choice: 0x80), wait(6))),
            ("server-join-unknown-session", server(join(0))),
            (
                "server-path-limit",
                server(create(), join(1, path: 2, nonce: 1), join(2, path: 3, nonce: 2), join(3, path: 4, nonce: 3))
            ),
            ("server-same-path-twice", server(create(), join(1, path: 1, nonce: 5), wait(2))),
            ("server-session-limit", server(create(0, session: 1), create(1, session: 2), create(2, session: 3))),
            ("server-session-duplicate", server(create(0, session: 9), create(1, session: 9))),
            ("server-version-mismatch", server(send(hello(version: ProtocolVersion.current + 1)))),
            ("server-packet-size-zero", server(create(packet: 0))),
            ("server-packet-size-too-large", server(create(packet: 200))),
            ("server-window-zero", server(create(window: 0))),
            ("server-path-zero", server(create(path: 0))),
            ("server-path-64", server(send(hello(path: 64)))),
            ("server-ping-first", server(send(ping))),
            ("server-data-first", server(send(data(0, 1)))),
            ("server-garbage-first", server(send([0xFF, 0x00, 0x13, 0x37, 0x01, 0x02, 0x03]))),
            ("server-hello-truncated-then-close", server(send(Array(hello().prefix(40))), step(.close))),
            ("server-no-handshake-timeout", server(send(Array(hello().prefix(10))), wait(21))),
        ]
    }

    /// The server: a running session.
    static var serverSessionSeeds: [Seed] {
        let controlFrames = joined(
            ping, pong, pathStatus(1, .disabled), pathStatus(1, .active), stats(), failover, dataAck(0))
        return [
            (
                "server-download-acknowledged",
                server(
                    create(direction: 0, total: 8), wait(1), step(.acknowledge, 0, 8), wait(1),
                    step(.acknowledge, 0, 8), wait(3))
            ),
            (
                "server-upload",
                server(
                    create(direction: 1, total: 4, packet: 32), step(.sendData, 0, 3, 64), step(.sendData, 0, 3, 64),
                    wait(3))
            ),
            (
                "server-both-two-paths",
                server(
                    create(direction: 2, total: 0), join(1), wait(2), step(.acknowledge, 1, 8),
                    step(.sendData, 1, 2, 64),
                    step(.acknowledge, 0, 8), wait(5))
            ),
            ("server-control-frames", server(create(direction: 2), send(controlFrames), wait(3))),
            (
                "server-greedy-window",
                server(
                    create(direction: 0, total: 0), wait(1),
                    control(0, [UInt8](repeating: 0, count: 8) + ones(4) + ones(8)),
                    wait(1), step(.acknowledge, 0, 255), control(0, [UInt8](repeating: 0, count: 8) + ones(12)), wait(2)
                )
            ),
            (
                "server-failover-huge",
                server(create(direction: 2), join(1), control(6, [0, 1, 1] + ones(24), 1), wait(2))
            ),
            ("server-goodbye-done", server(create(), send(goodbye(.done)))),
            ("server-goodbye-shutdown", server(create(), join(1), send(goodbye(.shutdown, "bye"), 1), wait(2))),
            ("server-second-hello", server(create(), send(hello()))),
            ("server-data-beyond-window", server(create(direction: 1), send(data(1000, 1)))),
            ("server-data-huge-sequence", server(create(direction: 1), send(data(1 << 63, 1)))),
            (
                "server-writability",
                server(create(direction: 0, total: 0), step(.toggleWritable), wait(2), step(.toggleWritable), wait(2))
            ),
            (
                "server-close-then-rejoin",
                server(create(), join(1), step(.close, 0), wait(10), join(0, path: 1, nonce: 9), wait(2))
            ),
            ("server-orphaned", server(create(), step(.close, 0), wait(25))),
        ]
    }

    /// The client: answers to its HELLO.
    static var clientSeeds: [Seed] {
        let controlFrames = joined(ping, pathStatus(1, .standby), stats(delivered: 4, verified: 4), failover)
        return [
            ("client-accepted", client(clientAck(), wait(2))),
            ("client-accepted-raw", client(send(helloAck(session: SessionID(high: 1, low: 2))))),
            (
                "client-download-complete",
                client(
                    clientAck(), step(.sendData, 0, 3, 64), step(.sendData, 0, 1, 64), wait(6), direction: 0, total: 4,
                    packet: 63)
            ),
            (
                "client-upload-acknowledged",
                client(
                    clientAck(), wait(1), step(.acknowledge, 0, 8), wait(1), step(.acknowledge, 0, 8), wait(6),
                    direction: 1, total: 2, packet: 63)
            ),
            ("client-join-accepted", client(clientAck(), wait(2), shape: 3)),
            ("client-wrong-version", client(clientAck(flaws: 1))),
            ("client-wrong-session", client(clientAck(flaws: 2))),
            ("client-wrong-path", client(clientAck(flaws: 4))),
            ("client-goodbye", client(step(.variant, 0, 4))),
            ("client-ping-first", client(send(ping))),
            ("client-garbage-first", client(send([0, 0, 0, 0]))),
            ("client-timeout", client(wait(21))),
            ("client-control-frames", client(clientAck(), send(controlFrames), wait(3), direction: 2, total: 0)),
            ("client-closed", client(clientAck(), step(.close))),
        ]
    }
}
