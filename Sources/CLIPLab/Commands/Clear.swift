extension Command {
    static let clear = Command(
        name: "clear", group: .session,
        summary: "Clear the screen (in Jupyter: the cell's output so far)",
        help: "Clears the terminal, or in a Jupyter notebook the output of the running cell; the session is kept.\n\nExample: clear",
        recordsCell: false
    ) { context, _ in
        context.console.clearScreen()
        return .empty
    }
}
