/// Small, fixed inputs shared by the drawing tests.
enum Samples {
    /// The matching game: four images, four captions, one row that picks the wrong caption.
    static let matrix: [[Double]] = [
        [0.31, 0.12, 0.05, 0.08],
        [0.10, 0.35, 0.04, 0.20],
        [0.20, 0.08, 0.22, 0.11],
        [0.09, 0.21, 0.03, 0.18],
    ]
    static let images = ["cat.png", "beach.png", "car.png", "forest.png"]
    static let texts = ["a cat", "a beach", "a car", "a forest"]
    static let captions = ["a photo of a cat", "a photo of a beach", "a red car parked on a street",
                           "a path through a forest"]
    static let imagesCJK = ["猫の写真.png", "海辺.jpg", "車", "森の中の小道.png"]
    static let textsCJK = ["一只猫", "海滩的照片", "一辆车", "森林"]

    /// A deterministic 12×12 matrix with a strong diagonal (for the compact layouts).
    static let large: [[Double]] = (0..<12).map { (i: Int) -> [Double] in
        (0..<12).map { (j: Int) -> Double in
            if i == j { return 0.30 + Double(i % 3) * 0.02 }
            let k = (i * 7 + j * 5) % 11
            return 0.05 + Double(k) * 0.015
        }
    }

    /// A falling, slightly noisy loss curve.
    static let loss: [Double] = (0..<120).map { (t: Int) -> Double in
        let x = Double(t)
        let decay: Double = 2.08 * pow(0.965, x)
        return decay + 0.1 + 0.04 * sin(x * 1.7)
    }

    static let zeroShot: [(String, Double)] = [
        ("a photo of a dog", 0.061), ("a photo of a cat", 0.924), ("a photo of a car", 0.015),
    ]
}

import Foundation
