/// A kernel struct decoded tolerantly: kernels append fields over time, so a payload is copied
/// into a zeroed value up to min(payload, our size). `kernelLength` tells which fields are real.
struct KernelStruct<Value> {
    let value: Value
    let kernelLength: Int

    /// `zero` is the imported C struct's zero initializer; it must be a plain C struct.
    /// `minimumLength` is the size of the oldest layout we accept; shorter payloads are malformed.
    init(_ payload: [UInt8], zero: Value, minimumLength: Int, what: String) throws {
        guard payload.count >= minimumLength else {
            throw NetlinkDecodingError.truncated(what: what, needed: minimumLength, available: payload.count)
        }
        var decoded = zero
        withUnsafeMutableBytes(of: &decoded) { destination in
            let copied = min(payload.count, destination.count)
            destination.copyBytes(from: payload.prefix(copied))
        }
        value = decoded
        kernelLength = payload.count
    }
}
