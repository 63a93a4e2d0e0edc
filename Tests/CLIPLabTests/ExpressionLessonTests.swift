import Foundation
import Testing
@testable import CLIPLab

/// An exercise that asks for math: the learner assigns a variable, `check` grades it with
/// `grade` against the model's own value and says how a wrong answer is wrong.
@Suite("Expression exercises in lessons", .serialized)
struct ExpressionLessonTests {
    static let lesson = """
    ---
    id: write-the-loss
    title: Write the loss
    order: 1
    ---

    # Write the loss

    ```cliplab
    batch scenes
    loss
    ```

    Write the image→text half of the loss as `li`.

    ```cliplab exercise
    li = ___
    ```

    ```hint
    Softmax over each row, the diagonal, −log, mean.
    ```

    ```solution
    li = -mean(log(diag(softmax(logits, axis=1))))
    ```

    ```check
    grade li --tolerance 1e-5 --not "the text→image half: 0 - mean(log(diag(softmax(logits, axis=0))))" -- "-mean(log(diag(softmax(logits, axis=1))))"
    ```

    That is the loss, by hand.
    """

    /// Runs `attempt` at the exercise of a one-lesson folder, then `check`.
    static func check(_ attempt: String) throws -> Support.Run {
        let root = Support.temporaryDirectory()
        let folder = root.appendingPathComponent("en")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try lesson.write(to: folder.appendingPathComponent("01-write-the-loss.md"), atomically: true, encoding: .utf8)
        let lines = ["lesson 1", "batch scenes", "loss", "next", attempt, "check"]
        return try Support.cli([], stdin: lines.joined(separator: "\n") + "\n", environment: ["CLIPLAB_LESSONS": root.path])
    }

    @Test("The right expression solves the exercise")
    func solved() throws {
        let run = try Self.check("li = -mean(log(diag(softmax(logits, axis=1))))")
        #expect(run.stdout.contains("✓ solved"), "\(run.stdout)\n\(run.stderr)")
    }

    @Test("A swapped direction is named, and the expected value is never printed")
    func swapped() throws {
        let run = try Self.check("li = -mean(log(diag(softmax(logits, axis=0))))")
        let feedback = run.stdout.split(separator: "\n").filter { $0.contains("not yet") }
        #expect(feedback.count == 1 && feedback[0].contains("li equals the text→image half, not what the exercise asks for"),
                "\(run.stdout)\n\(run.stderr)")
        #expect(!run.stdout.contains("✓ solved"))
        #expect(!feedback.joined().contains("1.4"))
    }

    @Test("A flipped sign is named")
    func sign() throws {
        let run = try Self.check("li = mean(log(diag(softmax(logits, axis=1))))")
        #expect(run.stdout.contains("not yet: li has the wrong sign"), "\(run.stdout)\n\(run.stderr)")
    }
}
