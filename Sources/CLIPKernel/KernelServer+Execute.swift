import CLIPLab
import Foundation

extension KernelServer {
    /// `execute_request`: runs each line of the cell through the interpreter the REPL uses.
    ///
    /// Output streams as it is printed; each failing line publishes an `error` with its
    /// one-line message and the cell goes on (as a script or `lesson check` does); an
    /// interrupt stops the cell and keeps the session.
    func execute(_ request: KernelMessage, on socket: ZMQSocket) {
        guard let code = request.content["code"] as? String else {
            reply(request, on: socket, content: KernelMessage.errorContent("BadRequest", "execute_request needs 'code' (text)"))
            return
        }
        let silent = request.content["silent"] as? Bool ?? false
        let store = (request.content["store_history"] as? Bool ?? true) && !silent
        if store { state.executionCount += 1 }
        let count = state.executionCount
        let output = state.output
        output.parent = request.header
        output.silent = silent
        output.transcript = ""
        output.executionCount = count
        if !silent { publish("execute_input", content: ["code": code, "execution_count": count], parent: request.header) }
        Interrupt.clear()
        var firstError: String?
        for line in KernelState.logicalLines(code) {
            if isStopping { break }
            let result = state.interpreter.run(line: line)
            state.interpreter.context.quitRequested = false
            if let message = result.error {
                output.transcript += "error: \(message)\n"
                if !silent {
                    publish("error", content: ["ename": "CLIPLabError", "evalue": message, "traceback": ["error: \(message)"]],
                            parent: request.header)
                }
                if firstError == nil { firstError = message }
                if Interrupt.isPending { break }
            }
        }
        Interrupt.clear()
        output.silent = false
        if store { state.history.append((count, code, output.transcript)) }
        var content: [String: Any] = ["execution_count": count]
        if let firstError {
            content.merge(KernelMessage.errorContent("CLIPLabError", firstError)) { $1 }
        } else {
            content["status"] = "ok"
            content["user_expressions"] = [String: Any]()
            content["payload"] = [Any]()
        }
        reply(request, on: socket, content: content)
    }
}
