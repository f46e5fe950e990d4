import KwikCore
import KwikTestSupport

extension SeedCorpus {
    /// The frame decoder: every frame type, whole and in reads of every size; broken streams; small
    /// maximum frame lengths, exactly at the limit and one past it.
    static var decoderSeeds: [Seed] {
        let names = [
            "hello-create", "hello-join", "hello-ack", "data", "data-ack", "ping", "pong", "path-status", "stats",
            "goodbye", "failover",
        ]
        let whole: [Seed] = zip(names, everyFrame).map { ("decoder-\($0)", decoder($1)) }
        let all = Array(everyFrame.joined())
        let (dataType, pingType) = (FrameType.data.rawValue, FrameType.ping.rawValue)
        let frameBody = 1 + DataHeader.encodedSize
        return whole + [
            ("decoder-all-bytewise", decoder(all, split: 1)),
            ("decoder-all-split-7", decoder(all, split: 7)),
            ("decoder-all-split-64", decoder(all, split: 64)),
            ("decoder-data-reordered", decoder(joined(data(1, 1), data(0, 2), data(3, 3), data(2, 4)), split: 5)),
            ("decoder-data-beyond-window", decoder(data(0, 1) + data(100, 2))),
            ("decoder-data-empty-payload", decoder(data(0, 1, payload: []))),
            ("decoder-length-4gib", decoder(frameHeader(length: .max, type: FrameType.hello.rawValue))),
            ("decoder-length-4gib-split", decoder(frameHeader(length: .max, type: FrameType.hello.rawValue), split: 1)),
            ("decoder-length-zero", decoder(frameHeader(length: 0))),
            ("decoder-length-max-plus-one", decoder(frameHeader(length: (1 << 20) + 1, type: dataType))),
            ("decoder-header-only", decoder(frameHeader(length: 1 << 20))),
            ("decoder-partial-length", decoder(Array(frameHeader(length: 0).dropLast()))),
            ("decoder-truncated-hello", decoder(Array(hello().prefix(50)), split: 3)),
            ("decoder-unknown-type", decoder(rawFrame(type: 0x7F, body: zeros(8)))),
            ("decoder-type-zero", decoder(rawFrame(type: 0x00, body: []))),
            ("decoder-ping-short", decoder(rawFrame(type: pingType, body: zeros(7)))),
            ("decoder-ping-long", decoder(rawFrame(type: pingType, body: zeros(9)))),
            ("decoder-data-short-header", decoder(rawFrame(type: dataType, body: zeros(DataHeader.encodedSize - 1)))),
            ("decoder-stats-too-many-paths", decoder(breaking(stats(), at: Offset.statsPathCount, with: 64))),
            ("decoder-stats-path-zero", decoder(breaking(stats(), at: Offset.statsFirstPath, with: 0, 0))),
            (
                "decoder-stats-path-twice",
                decoder(
                    breaking(
                        stats(paths: [1, 2]), at: Offset.statsFirstPath + Offset.statsPathEntry, with: 0, 1))
            ),
            ("decoder-stats-path-count-past-end", decoder(breaking(stats(), at: Offset.statsPathCount, with: 2))),
            ("decoder-status-invalid", decoder(breaking(pathStatus(), at: pathStatus().count - 1, with: 3))),
            ("decoder-goodbye-reason-invalid", decoder(breaking(goodbye(), at: Offset.goodbyeReason, with: 7))),
            (
                "decoder-goodbye-length-past-end",
                decoder(breaking(goodbye(.done, "short"), at: Offset.goodbyeLength, with: 0, 40))
            ),
            (
                "decoder-goodbye-not-utf8",
                decoder(breaking(goodbye(.done, "abc"), at: Offset.goodbyeLength + 2, with: 0xFF, 0xFE, 0xC3))
            ),
            ("decoder-hello-reserved-flags", decoder(breaking(hello(), at: Offset.helloFlags, with: 0xFE))),
            ("decoder-hello-kind-invalid", decoder(breaking(hello(), at: Offset.helloKind, with: 2))),
            ("decoder-hello-direction-invalid", decoder(breaking(hello(), at: Offset.helloDirection, with: 3))),
            // The maximum that admits exactly one HELLO: a HELLO fits, one byte more does not.
            ("decoder-max-hello", decoder(hello(), maximum: FuzzTarget.maximumFrameLengths[1])),
            (
                "decoder-max-hello-plus-one",
                decoder(Array(hello().dropLast()) + [0, 0], maximum: FuzzTarget.maximumFrameLengths[1])
            ),
            (
                "decoder-max4096-data",
                decoder(data(0, 1, payload: Array(repeating: 0x5A, count: 4096 - frameBody)), split: 200, maximum: 4096)
            ),
            (
                "decoder-max4096-data-plus-one",
                decoder(
                    Array(data(0, 1, payload: Array(repeating: 0x5A, count: 4097 - frameBody)).prefix(300)),
                    maximum: 4096)
            ),
        ]
    }
}
