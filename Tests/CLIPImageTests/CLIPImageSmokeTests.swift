import Testing
@testable import CLIPImage

@Test("CLIPImage module builds and links") func CLIPImageLinks() { #expect(Bool(true)) }
