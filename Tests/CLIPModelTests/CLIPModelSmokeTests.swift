import Testing
@testable import CLIPModel

@Test("CLIPModel module builds and links") func CLIPModelLinks() { #expect(Bool(true)) }
