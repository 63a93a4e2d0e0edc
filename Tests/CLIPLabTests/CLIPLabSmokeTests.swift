import Testing
@testable import CLIPLab

@Test("CLIPLab module builds and links") func CLIPLabLinks() { #expect(Bool(true)) }
