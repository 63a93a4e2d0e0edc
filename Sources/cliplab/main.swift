import CLIPLab
import Foundation

exit(CLIPLabMain.run(Array(CommandLine.arguments.dropFirst())))
