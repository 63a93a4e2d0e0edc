import CLIPData
import CLIPModel
import CLIPTraining
import Foundation

extension Command {
    static let prompts = Command(
        name: "prompts", group: .model,
        summary: "Prompt engineering: accuracy per template and for the ensemble",
        help: """
        Shows what prompt ensembling buys on your data: zero-shot top-1 with each template
        alone and with all of them averaged (the paper gains a few points on ImageNet).

        Example: prompts compare --model DIR --data FOLDER --templates imagenet
        """,
        subcommands: [.promptsCompare]
    )

    static let promptsCompare = Command(
        name: "compare", group: .model,
        summary: "Zero-shot accuracy of every template side by side with the ensemble",
        help: "Each template alone, best first, then the ensemble.\n\nExample: prompts compare --model DIR --data FOLDER --json",
        options: EvalSetup.options + [EvalSetup.templatesOption],
        json: true
    ) { context, args in
        let templates = try EvalSetup.templates(args)
        let setup = try EvalSetup(context: &context, args: args)
        let comparison = try PromptComparison(pipeline: setup.pipeline, classNames: setup.dataset.classNames,
                                              templates: templates, images: setup.images, isCancelled: context.isCancelled)
        if args.json {
            struct Result: Encodable {
                let templates: [PromptComparison.Row]
                let ensemble_top1: Double, ensemble_top5: Double, n_images: Int, skipped: Int
            }
            return try EvalSetup.json(Result(templates: comparison.rows, ensemble_top1: comparison.ensemble.top1,
                                             ensemble_top5: comparison.ensemble.top5, n_images: comparison.ensemble.imageCount,
                                             skipped: setup.images.skipped.count))
        }
        let rows = comparison.rows.sorted { $0.top1 != $1.top1 ? $0.top1 > $1.top1 : $0.template < $1.template }
        var lines = ["top-1    template"]
        lines += rows.map { String(format: "%5.1f%%   ", $0.top1 * 100) + $0.template }
        lines.append(String(format: "%5.1f%%   ensemble of all %d templates", comparison.ensemble.top1 * 100, templates.count))
        if !setup.images.isComplete { lines.append(EvalSetup.partialWarning(setup.images)) }
        if let note = setup.modelNote { lines.append(context.style.muted(note)) }
        return Output(lines.joined(separator: "\n"))
    }
}
