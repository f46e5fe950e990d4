import KwikTestSupport

/// libFuzzer entry point. The first byte picks the target, so one corpus (and one binary) covers all
/// three and a frame found in one can be tried in the others:
///   byte % 3 == 0  the frame decoder (`DecoderTarget`), byte / 3 choosing the maximum frame length
///                  (`FuzzTarget.maximumFrameLengths`)
///   byte % 3 == 1  the server's side of the handshake and what follows (`ServerTarget`)
///   byte % 3 == 2  the client's side of the handshake (`ClientTarget`)
/// Any broken invariant traps with a message, which libFuzzer reports as a crash with its input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var input = FuzzInput(UnsafeBufferPointer(start: data, count: size))
    guard !input.isExhausted else { return 0 }
    switch FuzzTarget(selector: input.byte()) {
    case .decoder(let maximum): DecoderTarget.run(maximumFrameLength: maximum, &input)
    case .server: ServerTarget.run(&input)
    case .client: ClientTarget.run(&input)
    }
    return 0
}

/// The fuzzer's bytes, consumed front to back. Reads past the end give zeros, so every input means
/// something and a truncated one still runs.
struct FuzzInput {
    private let bytes: [UInt8]
    private var position = 0

    init(_ buffer: UnsafeBufferPointer<UInt8>) {
        bytes = Array(buffer)
    }

    var isExhausted: Bool { position >= bytes.count }

    mutating func byte() -> UInt8 {
        guard position < bytes.count else { return 0 }
        defer { position += 1 }
        return bytes[position]
    }

    /// Up to `count` bytes: fewer at the end of the input.
    mutating func bytes(upTo count: Int) -> ArraySlice<UInt8> {
        let end = min(bytes.count, position + count)
        defer { position = max(position, end) }
        return bytes[min(position, end)..<end]
    }

    /// An integer from the next `T.bitWidth / 8` bytes, big-endian.
    mutating func integer<T: FixedWidthInteger & UnsignedInteger>(_: T.Type = T.self) -> T {
        (0..<T.bitWidth / 8).reduce(T.zero) { value, _ in value << 8 | T(byte()) }
    }

    mutating func rest() -> ArraySlice<UInt8> {
        bytes(upTo: bytes.count)
    }
}

/// Where a byte stream is cut into reads: seed 0 delivers it in one read, seed `s` in reads of 1...s
/// bytes (SplitMix64), so 1 is byte by byte.
struct ReadSplitter {
    private let seed: UInt8
    private var random: SeededGenerator

    init(seed: UInt8) {
        self.seed = seed
        random = SeededGenerator(seed: UInt64(seed))
    }

    mutating func nextLength(remaining: Int) -> Int {
        guard seed != 0 else { return remaining }
        return min(remaining, 1 + Int(random.next() % UInt64(seed)))
    }
}

/// Traps with `message` when `condition` does not hold, in every build configuration.
func invariant(
    _ condition: Bool, _ message: @autoclosure () -> String, file: StaticString = #fileID, line: UInt = #line
) {
    if !condition { fatalError(message(), file: file, line: line) }
}
