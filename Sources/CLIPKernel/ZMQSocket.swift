import CZMQ
import Foundation

/// One ZeroMQ socket: bind, multipart send and receive with a frame-size limit.
///
/// A socket is used by one thread at a time; `KernelChannels` serialises the shared iopub.
public final class ZMQSocket: @unchecked Sendable {
    /// The process-wide ZeroMQ context.
    nonisolated(unsafe) public static let context: UnsafeMutableRawPointer = zmq_ctx_new()

    let handle: UnsafeMutableRawPointer

    /// - Parameter maxMessageSize: larger inbound frames make libzmq drop the peer's message.
    public init(type: Int32, maxMessageSize: Int64 = 16 << 20) throws(KernelError) {
        guard let socket = zmq_socket(ZMQSocket.context, type) else { throw KernelError.zmq("zmq_socket") }
        handle = socket
        var linger: Int32 = 0
        zmq_setsockopt(handle, ZMQ_LINGER, &linger, MemoryLayout<Int32>.size)
        var limit = maxMessageSize
        zmq_setsockopt(handle, ZMQ_MAXMSGSIZE, &limit, MemoryLayout<Int64>.size)
    }

    deinit { zmq_close(handle) }

    /// Binds to `address` (`tcp://127.0.0.1:5555`).
    public func bind(_ address: String) throws(KernelError) {
        guard zmq_bind(handle, address) == 0 else { throw KernelError.zmq("cannot bind \(address)") }
    }

    /// Connects to `address` (test clients).
    public func connect(_ address: String) throws(KernelError) {
        guard zmq_connect(handle, address) == 0 else { throw KernelError.zmq("cannot connect \(address)") }
    }

    /// Sets a string socket option (`ZMQ_SUBSCRIBE`, `ZMQ_IDENTITY`).
    public func setOption(_ option: Int32, _ value: [UInt8]) {
        _ = value.withUnsafeBytes { zmq_setsockopt(handle, option, $0.baseAddress, value.count) }
    }

    /// Waits up to `timeout` milliseconds (−1: forever) for a message; false on timeout or signal.
    public func wait(timeout: Int) -> Bool {
        var item = zmq_pollitem_t(socket: handle, fd: 0, events: Int16(ZMQ_POLLIN), revents: 0)
        let n = zmq_poll(&item, 1, timeout)
        return n > 0 && (item.revents & Int16(ZMQ_POLLIN)) != 0
    }

    /// The frames of one message, or nil when none is waiting (or a signal interrupted).
    public func receive(blocking: Bool = false) -> [[UInt8]]? {
        var frames: [[UInt8]] = []
        while true {
            var message = zmq_msg_t()
            zmq_msg_init(&message)
            defer { zmq_msg_close(&message) }
            let n = zmq_msg_recv(&message, handle, frames.isEmpty && !blocking ? ZMQ_DONTWAIT : 0)
            if n < 0 {
                if frames.isEmpty { return nil }
                continue
            }
            let size = zmq_msg_size(&message)
            let bytes = zmq_msg_data(&message).map { UnsafeRawBufferPointer(start: $0, count: size) }
            frames.append(bytes.map { Array($0) } ?? [])
            if zmq_msg_more(&message) == 0 { return frames }
        }
    }

    /// Sends frames as one message.
    @discardableResult
    public func send(_ frames: [[UInt8]]) -> Bool {
        var ok = true
        for (index, frame) in frames.enumerated() {
            let flags = index < frames.count - 1 ? ZMQ_SNDMORE : 0
            let n = frame.withUnsafeBytes { zmq_send(handle, $0.baseAddress, frame.count, flags) }
            if n < 0 { ok = false }
        }
        return ok
    }
}
