/// The wire protocol version carried in HELLO and HELLO_ACK; peers with another version are refused.
public enum ProtocolVersion {
    public static let current: UInt16 = 4
}
