import Glibc

/// Which process holds each socket, by inode, from the `socket:[inode]` links under /proc/<pid>/fd.
/// Only processes this user may look into are found; the others' sockets have no owner.
public struct SocketOwners: Equatable, Sendable {
    public struct Owner: Equatable, Sendable {
        public let pid: Int32
        public let command: String

        public init(pid: Int32, command: String) {
            self.pid = pid
            self.command = command
        }
    }

    public let byInode: [UInt32: Owner]

    public init(byInode: [UInt32: Owner]) {
        self.byInode = byInode
    }

    public subscript(inode: UInt32) -> Owner? { byInode[inode] }

    /// The inode in a descriptor's link text, `socket:[12345]`; nil for anything else.
    public static func socketInode(link: String) -> UInt32? {
        guard link.hasPrefix("socket:["), link.hasSuffix("]") else { return nil }
        return UInt32(link.dropFirst("socket:[".count).dropLast())
    }

    /// Reads every process's descriptors under `root`, skipping what vanishes or is refused meanwhile.
    public static func scan(root: String = "/proc") -> SocketOwners {
        var owners: [UInt32: Owner] = [:]
        for name in entries(of: root) {
            guard let pid = Int32(name) else { continue }
            let command = ProcText.firstLine(of: "\(root)/\(name)/comm") ?? ""
            for descriptor in entries(of: "\(root)/\(name)/fd") {
                guard let link = linkTarget("\(root)/\(name)/fd/\(descriptor)"),
                    let inode = socketInode(link: link)
                else { continue }
                owners[inode] = owners[inode] ?? Owner(pid: pid, command: command)
            }
        }
        return SocketOwners(byInode: owners)
    }

    private static func entries(of path: String) -> [String] {
        guard let directory = opendir(path) else { return [] }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    private static func linkTarget(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: 64)
        let count = readlink(path, &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        return String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
