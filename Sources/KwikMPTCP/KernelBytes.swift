/// Bounds-checked reads of host-order integers from kernel buffers.
enum KernelBytes {
    static func load<T: FixedWidthInteger>(
        _ type: T.Type, from bytes: [UInt8], at offset: Int, what: String
    ) throws -> T {
        let size = MemoryLayout<T>.size
        guard offset >= 0, offset <= bytes.count, bytes.count - offset >= size else {
            throw NetlinkDecodingError.truncated(what: what, needed: size, available: max(0, bytes.count - offset))
        }
        return bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: T.self) }
    }

    static func exactly<T: FixedWidthInteger>(_ type: T.Type, from bytes: [UInt8], what: String) throws -> T {
        guard bytes.count == MemoryLayout<T>.size else {
            throw NetlinkDecodingError.invalidValue(
                what: what, detail: "expected \(MemoryLayout<T>.size) bytes, got \(bytes.count)")
        }
        return try load(type, from: bytes, at: 0, what: what)
    }

    static func bytes<T: BitwiseCopyable>(of value: T) -> [UInt8] {
        withUnsafeBytes(of: value) { Array($0) }
    }
}
