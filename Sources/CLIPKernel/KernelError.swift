/// What stops the kernel from starting, in one line that says what to do.
public enum KernelError: Error, Equatable, CustomStringConvertible {
    case connectionFile(String)
    case insecure(String)
    case zmq(String)
    case install(String)

    public var description: String {
        switch self {
        case .connectionFile(let message): return message
        case .insecure(let message): return message
        case .zmq(let message): return "ZeroMQ: \(message)"
        case .install(let message): return message
        }
    }
}
