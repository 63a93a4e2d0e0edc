import Testing
@testable import CLIPViz

@Test("CLIPViz module builds and links") func CLIPVizLinks() { #expect(Bool(true)) }
