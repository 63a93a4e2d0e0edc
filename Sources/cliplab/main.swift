import CLIPKernel
import CLIPLab
import Foundation

exit(CLIPLabMain.run(Array(CommandLine.arguments.dropFirst()), table: CommandTable(CommandTable.standard.commands + [.kernel])))
