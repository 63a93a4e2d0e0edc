import Testing
@testable import CLIPText

@Test("CLIPText module builds and links") func CLIPTextLinks() { #expect(Bool(true)) }
