import Testing
@testable import CLIPCore

@Test("CLIPCore module builds and links") func CLIPCoreLinks() { #expect(Bool(true)) }
