import CLIPCore
import CLIPLab
import Foundation

BLASKernel.relaunchWithFastKernelIfNeeded()
exit(CLIPLabMain.run(Array(CommandLine.arguments.dropFirst())))
