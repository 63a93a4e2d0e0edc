"""Builds the tokenizer parity corpus and records reference ids.

Writes Tests/Fixtures/text/tokenizer_corpus.json:
  {"cases": [{"text", "category", "openclip", "clip"?, "hf"?}], ...}
  - openclip: ids from open_clip's SimpleTokenizer ([SOT] + encode + [EOT], untruncated)
  - clip:     ids from the original OpenAI spelling of the special tokens
              (<|startoftext|>, <|endoftext|> are matched in text), only when different
  - hf:       ids from transformers' CLIPTokenizer (slow, ftfy cleaning), only when different
Tests/Fixtures/text/pattern_classes.json: code point ranges that CLIP's split
pattern classes match ([\\p{L}], [\\p{N}], [^\\s\\p{L}\\p{N}], with IGNORECASE), and Sources/CLIPText/TokenizerBenchmark+Corpus.swift: the corpus texts
for `cliplab bench tokenize` (Tests/Reference/bench_tokenizer.py reads the same texts).

Run: $PYTHON Tests/Reference/make_text_fixtures.py
"""
import gzip
import json
import os
import random
import sys
import tempfile

import regex as re
from open_clip.tokenizer import SimpleTokenizer, bytes_to_unicode, default_bpe

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "Fixtures", "text")


def corpus():
    rng = random.Random(1234)
    cases = []

    def add(category, texts):
        for t in texts:
            cases.append((category, t))

    animals = ["cat", "dog", "golden retriever", "tabby cat", "parrot", "axolotl", "hedgehog",
               "red panda", "sea otter", "chihuahua", "great white shark", "snow leopard"]
    things = ["bicycle", "espresso machine", "skyscraper", "violin", "lighthouse", "umbrella",
              "traffic light", "sourdough bread", "solar panel", "typewriter", "kaleidoscope"]
    templates = ["a photo of a {}.", "a bad photo of a {}.", "a sculpture of a {}.",
                 "a rendering of a {}.", "itap of a {}.", "a photo of the large {}.",
                 "art of the {}.", "a photo of the small {}.", "a close-up photo of a {}.",
                 "a blurry photo of the {}.", "a origami {}.", "a {} in a video game."]
    add("prompt", [t.format(x) for t in templates for x in rng.sample(animals + things, 7)])
    captions = [
        "A man riding a wave on top of a surfboard.",
        "Two dogs playing in the snow near a wooden fence",
        "A kitchen with stainless steel appliances and granite countertops.",
        "A RED double-decker bus driving down a busy London street",
        "an elderly woman reads a newspaper on a park bench",
        "Close up of a pizza with pepperoni, olives and mushrooms",
        "A group of people flying kites on a windy beach at sunset.",
        "Black and white photograph of an old steam locomotive",
        "a cat sitting on a laptop keyboard looking at the camera",
        "Street sign at the intersection of Main St. and 5th Ave.",
        "A plate of food with broccoli, rice and grilled chicken",
        "Aerial view of a city at night with lights",
        "A child in a yellow raincoat jumping in puddles",
        "Vintage car parked in front of a diner, 1950s style",
        "A bowl of ramen topped with a soft-boiled egg and scallions",
        "The Eiffel Tower seen from the Trocadéro on a cloudy day",
        "A snowboarder mid-air performing a trick!!!",
        "An astronaut riding a horse in photorealistic style",
        "Macro shot of a bee collecting pollen from a sunflower",
        "a blue square to the left of a red circle",
        "three green triangles above two yellow squares",
        "a small purple star below a large orange hexagon",
    ]
    add("caption", captions)
    add("punctuation", [
        "hello, world!", "wait... what?!", "(parentheses) [brackets] {braces}", "a-b_c/d\\e",
        "@user #hashtag $100 50% ^caret &and *star", "~tilde `backtick` |pipe| <angle>",
        "!!!", "?!?!?!", "...", "--", "—em dash– en dash", "«guillemets» „quotes“",
        "semi;colon:colon", "e.g. i.e. etc.", "http://example.com/path?q=1&r=2#frag",
        "user@example.com", "C++ and C# and F#", "3.14159", "1,000,000", "a+b=c",
        "¿qué? ¡sí!", "•bullet • point", "©2021 ®™", "½ ¼ ¾", "° ± × ÷", "§1 ¶2",
    ])
    add("contraction", [
        "it's", "don't", "they're", "we've", "i'm", "you'll", "he'd", "IT'S", "DON'T",
        "She'S", "rock'n'roll", "'s", "'t", "'re", "'ve", "'m", "'ll", "'d", "''s", "x''t",
        "the cat's toy", "it'sn't", "y'all'd've", "o'clock", "'quoted'", "can't won't shan't",
        "it’s curly", "it‘s", "'S'T'RE'VE'M'LL'D", "!'s", "?'ll", "1's", "'1", "'dd", "'lll",
    ])
    add("number", [
        "1234567890", "12345678901234567890123456789", "3.14", "2024-01-15", "10:30pm",
        "v1.2.3", "0x1F600", "1e10", "-42", "+7", "007", "٣٤٥ arabic-indic digits",
        "१२३ devanagari digits", "Ⅻ roman numeral", "²³ superscripts", "①②③", "½",
        "１２３ full width digits", "mp3 mp4 h264 4k 1080p", "covid19", "b2b", "24/7",
    ])
    add("whitespace", [
        "tab\tseparated\twords", "new\nline", "carriage\r\nreturn", "  leading and trailing  ",
        "multiple     spaces", "\u00a0nbsp\u00a0", "em\u2003space", "thin\u2009space",
        "ideographic\u3000space", "zero\u200bwidth", "line\u2028separator", "para\u2029sep",
        "next\x85line", "vertical\x0btab", "form\x0cfeed", "\x1c\x1d\x1e\x1f separators",
        "narrow\u202fnbsp", "ogham\u1680space", "mixed \t\n\r\u00a0\u3000 all",
    ])
    add("empty", ["", " ", "   ", "\t", "\n", "\n\n\t  \r\n", "\u00a0", "\u3000"])
    add("html", [
        "&amp;", "&lt;b&gt;bold&lt;/b&gt;", "fish &amp; chips", "&amp;amp;", "&amp;amp;amp;",
        "caf&eacute;", "&quot;quoted&quot;", "&#39;apostrophe&#39;", "&#x27;hex&#x27;",
        "&#8220;smart&#8221;", "&nbsp;non&nbsp;breaking", "&copy; 2020", "&euro;100",
        "&notanentity;", "&amp", "&lt3", "AT&T", "R&D", "&#128512;", "&#x1F600;", "&#0;",
        "&#128;", "&#150;dash", "&#xD800;", "&#1114112;", "&hellip;", "&mdash;", "&not it",
        "&notin;", "&NotANamedEntity;", "&EACUTE;", "&Eacute;", "<b>&amp;</b>", "&amp;lt;",
        "&#38;#38;", "&frac12;", "&alpha;&beta;&gamma;", "&zwj;", "&#9;tab", "&;", "&#;",
    ])
    add("accented", [
        "café", "naïve", "résumé", "Zoë", "Ångström", "façade", "São Paulo", "Kraków",
        "Dvořák", "Ærøskøbing", "straße", "STRASSE", "İstanbul", "ﬁne ﬂower", "œuvre",
        "Ĳsselmeer", "Čeština", "Türkçe", "Ελληνικά", "ΟΔΟΣ", "Σίσυφος", "русский язык",
        "ПРИВЕТ", "Україна", "ქართული", "Հայերեն", "e\u0301 combining acute", "n\u0303",
        "Å vs A\u030a", "ǅ titlecase", "ß", "ẞ capital sharp s", "ŉ", "ǈ",
    ])
    add("cjk", [
        "東京タワー", "日本語のテキスト", "一只猫坐在垫子上", "中文，标点。", "한국어 문장입니다",
        "ｶﾀｶﾅ halfwidth", "ＡＢＣ fullwidth", "ｈｅｌｌｏ　ｗｏｒｌｄ", "漢字かなカナ", "〜波ダッシュ",
        "「かぎかっこ」", "北京 2008", "ひらがな", "가나다라", "𠀀 extension b",
    ])
    add("rtl", [
        "مرحبا بالعالم", "القطة على الحصيرة", "שלום עולם", "فارسی", "اردو زبان",
        "العربية 123 mixed", "\u200fRLM mark", "ﷺ", "ﻻ presentation form",
    ])
    add("indic", ["नमस्ते दुनिया", "বাংলা", "தமிழ்", "ไทย ภาษา", "ລາວ", "မြန်မာ", "ᚠᚢᚦ runes"])
    add("emoji", [
        "😀", "I love 🍕!", "👍🏽", "👨‍👩‍👧‍👦 family", "🏳️‍🌈", "❤️", "🇯🇵 flag", "👩🏿‍💻",
        "🤷‍♀️", "cat🐈dog🐕", "😀😀😀😀😀", "✨sparkles✨", "☕ coffee", "🏴󠁧󠁢󠁷󠁬󠁳󠁿", "1️⃣",
        "©️", "🧑‍🤝‍🧑", "🐈‍⬛", "👋🏻👋🏼👋🏽👋🏾👋🏿",
    ])
    add("ftfy", [
        "cafÃ©", "naÃ¯ve", "Ã©tÃ©", "donâ€™t", "â€œquotedâ€\x9d", "SÃ£o Paulo", "Ã¼ber",
        "â‚¬100", "piÃ±ata", "ð\x9f\x98\x80", "Ã", "Â£5", "voilÃ\xa0 le travail",
        "“curly double”", "‘curly single’", "ʼmodifier apostrophe", "‛reversed‛",
        "ﬀ ﬃ ﬄ ﬅ ﬆ", "ǉubljana", "\x1b[31mred\x1b[0m", "bom\ufeffinside", "nul\x00char",
        "bell\x07char", "del\x7fchar", "c1\x80\x9fcontrol", "\u206aarabic control", "\ufffcobject",
        "\U000e0041tag", "soft\u00adhyphen", "zwj\u200djoiner", "zwnj\u200cx", "\u00c3\u00a9\u00c3",
        "ﾊﾝｶｸ", "ＦＵＬＬ　ＷＩＤＴＨ", "Ｔｏｋｙｏ２０２０", "\ufe50small comma",
    ])
    add("special", [
        "<|startoftext|>", "<|endoftext|>", "a<|endoftext|>b", "<|startoftext|>hello<|endoftext|>",
        "<start_of_text>", "<end_of_text>", "<|ENDOFTEXT|>", "<|endoftext", "!<|endoftext|>",
        "<|endoftext|><|endoftext|>", "</w>", "a</w>b",
    ])
    add("odd", [
        "a", "A", "Z", "x" * 10, "a" * 200, "ab" * 100, "!" * 100, "é" * 50, "😀" * 30,
        "supercalifragilisticexpialidocious", "pneumonoultramicroscopicsilicovolcanoconiosis",
        "thequickbrownfoxjumpsoverthelazydog", "HTTPSConnectionPool", "camelCaseWordsHere",
        "snake_case_words_here", "SCREAMING_SNAKE", "\u0345ypogegrammeni", "ſtreet", "'ſ",
        "ﬅ", "Kelvin \u212a", "\U0001d400\U0001d401 math bold", "ⓐⓑⓒ", "Ⓐ circled",
    ])
    long_words = ("a photo of a very large and extremely fluffy orange cat sitting on top of "
                  "a wooden table next to a window with the sun shining through the glass").split()
    longs = []
    for n in (60, 75, 76, 80, 100, 150):
        longs.append(" ".join(long_words[i % len(long_words)] for i in range(n)))
    longs.append("word " * 300)
    longs.append(" ".join(str(i) for i in range(100)))
    longs.append("😀 " * 40)
    add("long", longs)

    # Random mixtures of everything above.
    pool = [t for _, t in cases if t]
    for _ in range(120):
        k = rng.randint(2, 4)
        add("mixed", [" ".join(rng.sample(pool, k))])
    # Random printable unicode soup (excluding surrogates).
    alphabet = [chr(c) for c in list(range(0x20, 0x7f)) + list(range(0xa0, 0x250))
                + list(range(0x370, 0x400)) + list(range(0x4e00, 0x4e40))
                + list(range(0x1f600, 0x1f620))]
    for _ in range(60):
        add("random", ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 40)))])
    return cases


def openai_clip_variant():
    """open_clip's tokenizer with the original OpenAI special-token spelling and pattern."""
    tok = SimpleTokenizer()
    sot, eot = tok.sot_token_id, tok.eot_token_id
    tok.encoder["<|startoftext|>"] = sot
    tok.encoder["<|endoftext|>"] = eot
    tok.cache["<|startoftext|>"] = "<|startoftext|>"
    tok.cache["<|endoftext|>"] = "<|endoftext|>"
    tok.pat = re.compile(r"""<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+""",
                         re.IGNORECASE)
    return tok


def hf_tokenizer(tok):
    """transformers' slow CLIPTokenizer built from vocab.json/merges.txt written from the bundled BPE."""
    from transformers import CLIPTokenizer
    d = tempfile.mkdtemp()
    vocab = {k: v for k, v in tok.encoder.items() if v < 49406}
    vocab["<|startoftext|>"] = 49406
    vocab["<|endoftext|>"] = 49407
    with open(os.path.join(d, "vocab.json"), "w", encoding="utf-8") as f:
        json.dump(vocab, f, ensure_ascii=False)
    merges = gzip.open(default_bpe()).read().decode("utf-8").split("\n")[1:49152 - 256 - 2 + 1]
    with open(os.path.join(d, "merges.txt"), "w", encoding="utf-8") as f:
        f.write("#version: 0.2\n" + "\n".join(merges) + "\n")
    return CLIPTokenizer(os.path.join(d, "vocab.json"), os.path.join(d, "merges.txt"))


def class_ranges(pattern):
    p = re.compile(pattern, re.IGNORECASE)
    ranges, start = [], None
    for c in range(0x110000):
        if 0xD800 <= c <= 0xDFFF:
            hit = False
        else:
            hit = p.fullmatch(chr(c)) is not None
        if hit and start is None:
            start = c
        elif not hit and start is not None:
            ranges.append([start, c - 1])
            start = None
    if start is not None:
        ranges.append([start, 0x10FFFF])
    return ranges


def main():
    oc = SimpleTokenizer()
    clip = openai_clip_variant()
    try:
        hf = hf_tokenizer(oc)
    except Exception as e:  # transformers missing: record without hf
        print("no transformers CLIPTokenizer:", e, file=sys.stderr)
        hf = None
    out = []
    for category, text in corpus():
        ids = [oc.sot_token_id] + oc.encode(text) + [oc.eot_token_id]
        case = {"category": category, "text": text, "openclip": ids}
        cids = [clip.sot_token_id] + clip.encode(text) + [clip.eot_token_id]
        if cids != ids:
            case["clip"] = cids
        if hf is not None:
            hids = hf(text)["input_ids"]
            if hids != ids:
                case["hf"] = hids
        out.append(case)
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "tokenizer_corpus.json"), "w", encoding="utf-8") as f:
        json.dump({"generator": "Tests/Reference/make_text_fixtures.py",
                   "reference": "open_clip SimpleTokenizer (ftfy %s)" % __import__("ftfy").__version__,
                   "cases": out}, f, ensure_ascii=False, indent=0)
    classes = {
        "letter": class_ranges(r"[\p{L}]"),
        "number": class_ranges(r"[\p{N}]"),
        "other": class_ranges(r"[^\s\p{L}\p{N}]"),
    }
    with open(os.path.join(OUT, "pattern_classes.json"), "w") as f:
        json.dump(classes, f)
    texts = json.dumps([c["text"] for c in out], ensure_ascii=True)
    assert '"##' not in texts
    with open(os.path.join(HERE, "..", "..", "Sources", "CLIPText", "TokenizerBenchmark+Corpus.swift"), "w") as f:
        f.write("// Generated by Tests/Reference/make_text_fixtures.py: the tokenizer parity corpus texts.\n")
        f.write("// Do not edit by hand.\n\n")
        f.write("extension TokenizerBenchmark {\n")
        f.write("    /// The corpus as a JSON array of strings.\n")
        f.write('    static let corpusJSON = ##"' + texts + '"##\n}\n')
    print(len(out), "cases;", sum("clip" in c for c in out), "differ for OpenAI specials;",
          sum("hf" in c for c in out), "differ in HF")


if __name__ == "__main__":
    main()
