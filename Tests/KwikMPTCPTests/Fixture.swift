import Glibc
import KwikMPTCP

/// Raw netlink replies captured from kernel 6.18 by scripts/capture_mptcp_fixtures.py.
enum Fixture {
    struct Missing: Error, CustomStringConvertible {
        let path: String
        var description: String { "fixture not found: \(path)" }
    }

    static func bytes(_ name: String, directory: String = #filePath) throws -> [UInt8] {
        let folder = directory.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        let path = "\(folder)/Fixtures/\(name)"
        guard let file = fopen(path, "rb") else { throw Missing(path: path) }
        defer { fclose(file) }
        var contents: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = fread(&chunk, 1, chunk.count, file)
            if count == 0 { return contents }
            contents += chunk.prefix(count)
        }
    }

    static func messages(_ name: String) throws -> [NetlinkMessage] {
        try NetlinkMessage.parseAll(bytes(name))
    }

    /// The captured sock_diag dumps of both families, MPTCP and TCP, joined as the watch joins them.
    static func snapshot() throws -> MPTCPSnapshot {
        let connections = try ["sock_diag_mptcp_inet.bin", "sock_diag_mptcp_inet6.bin"].flatMap {
            try SockDiagResponse.connections(from: messages($0))
        }
        let tcp = try ["sock_diag_tcp_inet.bin", "sock_diag_tcp_inet6.bin"].flatMap {
            try SockDiagResponse.tcpSockets(from: messages($0))
        }
        return MPTCPSnapshot(connections: connections, tcpSockets: tcp)
    }

    /// The mptcp_pm family id the kernel assigned when the fixtures were captured.
    static let pathManagerFamily: UInt16 = 28
}
