/// A pipeline of tensor shapes with arrows, names above shapes, wrapped to the width.
///
/// ```
/// pixels          patches      tokens      12 blocks   CLS     projection
/// [1,3,224,224] → [49,3072]  → [50,768]  → [50,768]  → [768] → [512]
/// ```
/// A flow too long for one line continues on the next block, starting with `→`.
public struct ShapeFlow: Sendable {
    public struct Stage: Sendable, Hashable {
        public var name: String
        public var shape: String
        public init(_ name: String, _ shape: String) {
            self.name = name
            self.shape = shape
        }
        /// A stage whose shape is printed `[1,3,224,224]`.
        public init(_ name: String, shape: [Int]) {
            self.init(name, ShapeFlow.shape(shape))
        }
    }

    public var stages: [Stage]
    public var title: String?

    public init(_ stages: [Stage], title: String? = nil) {
        self.stages = stages
        self.title = title
    }

    /// Shapes only, no names: one line per block.
    public init(shapes: [String], title: String? = nil) {
        self.init(shapes.map { Stage("", $0) }, title: title)
    }

    /// `[1,3,224,224]`.
    public static func shape(_ dims: [Int]) -> String {
        "[" + dims.map(String.init).joined(separator: ",") + "]"
    }

    public func render(width: Int = 80, style: Style = .plain) -> String {
        var out: [String] = []
        if let title { out.append(style.bold(DisplayWidth.elide(title, to: max(width, 1)))) }
        guard !stages.isEmpty else { return (out + [style.muted("(no stages)")]).joined(separator: "\n") }
        let named = stages.contains { !$0.name.isEmpty }
        let arrow = " → "
        let room = max(width - 2, 1)
        var names = ""
        var shapes = ""
        var used = 0
        func flush() {
            if named { out.append(style.muted(trim(names))) }
            out.append(trim(shapes))
            names = ""
            shapes = ""
            used = 0
        }
        for (k, stage) in stages.enumerated() {
            let name = DisplayWidth.elide(stage.name.replacingNewlines(), to: room)
            let shape = DisplayWidth.elide(stage.shape.replacingNewlines(), to: room)
            let cell = max(DisplayWidth.of(name), DisplayWidth.of(shape))
            let lead = k == 0 ? 0 : (used == 0 ? 2 : 3)
            if used > 0 && used + lead + cell > width { flush() }
            if k > 0 {
                let joiner = used == 0 ? "→ " : arrow
                names += String(repeating: " ", count: DisplayWidth.of(joiner))
                shapes += style.muted(joiner)
                used += DisplayWidth.of(joiner)
            }
            names += DisplayWidth.pad(name, to: cell)
            shapes += style.bold(shape) + String(repeating: " ", count: cell - DisplayWidth.of(shape))
            used += cell
        }
        flush()
        return out.joined(separator: "\n")
    }

    private func trim(_ s: String) -> String {
        var s = s
        while s.last == " " { s.removeLast() }
        return s
    }
}
