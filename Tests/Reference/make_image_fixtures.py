#!/usr/bin/env python3
"""Generate the CLIPImage test fixtures under Tests/Fixtures/image/.

Run from the repository root with the reference virtualenv:
    $PYTHON Tests/Reference/make_image_fixtures.py

It writes
  decode/   small PNG and JPEG files in every layout the loader must read, each with the
            pixels PIL's `Image.open(f).convert("RGB")` gives (`<name>.rgb.npy`, uint8 [H,W,3]);
  parity/   real photos (scikit-image samples, reduced) with CLIP's own preprocessing output:
            the resized + center-cropped uint8 pixels (`<name>.crop.npy`, [S,S,3]) for every
            case, and the full normalised float32 tensor (`<name>.tensor.npy`, [3,S,S]) for some;
  order/    small PNGs whose mode PIL resizes its own way (palette with and without tRNS,
            1-bit, RGBA with an alpha ramp and fully transparent pixels that keep a colour,
            grey+alpha) beside plain RGB and grey, each with open_clip's output in the OpenAI
            order — the file opened as it is, resized in its own mode, converted after the
            crop (`<name>.s<S>.openai.npy`, uint8 [S,S,3]) — at a shrinking and an enlarging S;
  bad/      crafted files: decompression bombs (header only), other image formats;
  manifest.json describing all of it.

The reference pipeline is open_clip's `image_transform(S, is_train=False)` (Resize(S, BICUBIC),
CenterCrop(S), RGB, ToTensor, Normalize with the OpenAI mean/std). For decode/ and parity/ it
is applied to the image after `convert("RGB")`, as Hugging Face's CLIPProcessor does; for
order/ to the image as opened.
"""
import io
import json
import os
import struct
import zlib

import numpy as np
import skimage.data
import torch
from open_clip.transform import image_transform
from PIL import Image
from torchvision.transforms import CenterCrop, InterpolationMode, Resize

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Fixtures", "image")
MEAN = (0.48145466, 0.4578275, 0.40821073)
STD = (0.26862954, 0.26130258, 0.27577711)


def path(*parts):
    p = os.path.join(ROOT, *parts)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    return p


# ---- a minimal PNG writer for layouts PIL cannot save (16-bit colour, 2/4-bit, Adam7, tRNS) ----

def chunk(kind, body):
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)


def pack_rows(samples, bit_depth):
    """samples: uint array [H, W*channels] -> list of packed row bytes (no filter byte)."""
    rows = []
    for r in samples:
        if bit_depth == 16:
            rows.append(r.astype(">u2").tobytes())
        elif bit_depth == 8:
            rows.append(r.astype(np.uint8).tobytes())
        else:
            per = 8 // bit_depth
            padded = np.zeros(((len(r) + per - 1) // per) * per, dtype=np.uint8)
            padded[: len(r)] = r
            packed = np.zeros(len(padded) // per, dtype=np.uint8)
            for i in range(per):
                packed |= (padded[i::per] << (8 - bit_depth * (i + 1))).astype(np.uint8)
            rows.append(packed.tobytes())
    return rows


ADAM7 = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]


def write_png(file, pixels, bit_depth, color_type, palette=None, trns=None, interlace=False):
    """pixels: [H, W, C] (or [H, W] for grey / palette indices) unsigned integers."""
    if pixels.ndim == 2:
        pixels = pixels[:, :, None]
    h, w, c = pixels.shape
    raw = b""
    passes = ADAM7 if interlace else [(0, 0, 1, 1)]
    for x0, y0, dx, dy in passes:
        sub = pixels[y0::dy, x0::dx]
        if sub.shape[0] == 0 or sub.shape[1] == 0:
            continue
        for row in pack_rows(sub.reshape(sub.shape[0], -1), bit_depth):
            raw += b"\x00" + row
    data = b"\x89PNG\r\n\x1a\n"
    data += chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, bit_depth, color_type, 0, 0, 1 if interlace else 0))
    if palette is not None:
        data += chunk(b"PLTE", bytes(np.asarray(palette, dtype=np.uint8).ravel()))
    if trns is not None:
        data += chunk(b"tRNS", trns)
    data += chunk(b"IDAT", zlib.compress(raw, 9))
    data += chunk(b"IEND", b"")
    with open(file, "wb") as f:
        f.write(data)


def save_npy(file, array):
    np.save(file, np.ascontiguousarray(array))


# ---- decode variants ----------------------------------------------------------------------

def decode_fixtures(manifest):
    photo = Image.fromarray(skimage.data.chelsea()).resize((37, 29), Image.Resampling.LANCZOS)
    rgb = np.asarray(photo)                                   # [29, 37, 3]
    grey = np.asarray(photo.convert("L"))
    h, w = grey.shape
    alpha = (np.arange(w)[None, :] * 7 + np.arange(h)[:, None] * 3).astype(np.uint8) * 5
    cases = []

    def add(name, note):
        file = path("decode", name)
        expected = np.asarray(Image.open(file).convert("RGB"))
        save_npy(path("decode", name + ".rgb.npy"), expected)
        cases.append({"file": name, "expected": name + ".rgb.npy", "note": note})

    photo.save(path("decode", "rgb8.png")); add("rgb8.png", "8-bit RGB")
    Image.fromarray(np.dstack([rgb, alpha])).save(path("decode", "rgba8.png")); add("rgba8.png", "8-bit RGBA, alpha dropped")
    Image.fromarray(grey).save(path("decode", "grey8.png")); add("grey8.png", "8-bit grey")
    Image.fromarray(np.dstack([grey, alpha]), "LA").save(path("decode", "greyalpha8.png")); add("greyalpha8.png", "8-bit grey+alpha")
    pal = photo.quantize(colors=200)
    pal.save(path("decode", "palette8_trns.png"), transparency=bytes(range(0, 250, 5)))
    add("palette8_trns.png", "8-bit palette with tRNS")
    pal16 = photo.quantize(colors=16)
    write_png(path("decode", "palette4.png"), np.asarray(pal16), 4, 3, palette=np.asarray(pal16.getpalette()[:48]).reshape(16, 3))
    add("palette4.png", "4-bit palette")
    write_png(path("decode", "palette2_trns.png"), np.asarray(pal16) % 4, 2, 3,
              palette=[[10, 20, 30], [200, 100, 50], [0, 255, 0], [255, 255, 255]], trns=bytes([0, 128]))
    add("palette2_trns.png", "2-bit palette with tRNS")
    write_png(path("decode", "grey1.png"), (grey > 110).astype(np.uint8), 1, 0); add("grey1.png", "1-bit grey")
    write_png(path("decode", "grey2.png"), grey >> 6, 2, 0); add("grey2.png", "2-bit grey")
    write_png(path("decode", "grey4.png"), grey >> 4, 4, 0); add("grey4.png", "4-bit grey")
    write_png(path("decode", "grey8_trns.png"), grey, 8, 0, trns=struct.pack(">H", int(grey[0, 0])))
    add("grey8_trns.png", "8-bit grey with tRNS")
    write_png(path("decode", "rgb8_trns.png"), rgb, 8, 2, trns=struct.pack(">HHH", *map(int, rgb[0, 0])))
    add("rgb8_trns.png", "8-bit RGB with tRNS")
    grey16 = grey.astype(np.uint16) * 4 + 3                   # spans below and above 255
    write_png(path("decode", "grey16.png"), grey16, 16, 0); add("grey16.png", "16-bit grey (PIL clips at 255)")
    rgb16 = rgb.astype(np.uint16) * 257 + (np.arange(w, dtype=np.uint16)[None, :, None] * 3)
    write_png(path("decode", "rgb16.png"), rgb16, 16, 2); add("rgb16.png", "16-bit RGB, high byte")
    rgba16 = np.dstack([rgb16, alpha.astype(np.uint16) * 250])
    write_png(path("decode", "rgba16.png"), rgba16, 16, 6); add("rgba16.png", "16-bit RGBA")
    la16 = np.dstack([grey.astype(np.uint16) * 257 + 100, alpha.astype(np.uint16) * 3])
    write_png(path("decode", "greyalpha16.png"), la16, 16, 4); add("greyalpha16.png", "16-bit grey+alpha")
    write_png(path("decode", "rgb8_interlaced.png"), rgb, 8, 2, interlace=True); add("rgb8_interlaced.png", "Adam7 interlaced RGB")
    write_png(path("decode", "palette8_interlaced.png"), np.asarray(pal), 8, 3,
              palette=np.asarray(pal.getpalette()[:600]).reshape(200, 3), interlace=True)
    add("palette8_interlaced.png", "Adam7 interlaced palette")

    photo.save(path("decode", "baseline420.jpg"), quality=85); add("baseline420.jpg", "baseline JPEG 4:2:0")
    photo.save(path("decode", "baseline444.jpg"), quality=92, subsampling=0); add("baseline444.jpg", "baseline JPEG 4:4:4")
    photo.save(path("decode", "baseline422.jpg"), quality=80, subsampling=1); add("baseline422.jpg", "baseline JPEG 4:2:2")
    photo.save(path("decode", "progressive.jpg"), quality=85, progressive=True); add("progressive.jpg", "progressive JPEG")
    photo.convert("L").save(path("decode", "grey.jpg"), quality=90); add("grey.jpg", "greyscale JPEG")
    photo.convert("CMYK").save(path("decode", "cmyk.jpg"), quality=90); add("cmyk.jpg", "Adobe CMYK JPEG")
    manifest["decode"] = cases


# ---- preprocessing parity on real photos --------------------------------------------------

def reference(file, size):
    image = Image.open(file).convert("RGB")
    tensor = image_transform(size, is_train=False)(image)
    crop = CenterCrop(size)(Resize(size, interpolation=InterpolationMode.BICUBIC)(image))
    crop = np.asarray(crop)
    # The tensor is exactly ToTensor + Normalize of these pixels, in float32.
    derived = (torch.from_numpy(crop.copy()).permute(2, 0, 1).float().div(255)
               - torch.tensor(MEAN).view(3, 1, 1)) / torch.tensor(STD).view(3, 1, 1)
    assert torch.equal(derived, tensor), file
    return crop, tensor.numpy()


def parity_fixtures(manifest):
    def reduced(image, short):
        w, h = image.size
        scale = short / min(w, h)
        return image.resize((round(w * scale), round(h * scale)), Image.Resampling.LANCZOS)

    sources = {
        "coffee": Image.fromarray(skimage.data.coffee()),
        "chelsea": Image.fromarray(skimage.data.chelsea()),
        "astronaut": Image.fromarray(skimage.data.astronaut()),
        "rocket": Image.fromarray(skimage.data.rocket()),
        "camera": Image.fromarray(skimage.data.camera()),
    }
    made = [
        ("coffee.jpg", reduced(sources["coffee"], 300), dict(quality=90), 224, True),
        ("chelsea.png", reduced(sources["chelsea"], 250), {}, 224, False),
        ("astronaut_progressive.jpg", reduced(sources["astronaut"], 320), dict(quality=88, progressive=True), 224, False),
        ("rocket.jpg", reduced(sources["rocket"], 256), dict(quality=90), 224, False),
        ("camera_grey.png", reduced(sources["camera"], 240), {}, 224, False),
        ("chelsea_small.jpg", reduced(sources["chelsea"], 150), dict(quality=90), 224, False),   # upscaling
        ("astronaut_cmyk.jpg", reduced(sources["astronaut"], 230).convert("CMYK"), dict(quality=90), 224, False),
        ("rocket.jpg", None, None, 99, True),  # 384x256 -> 148x99: crop offset round(24.5) = 24
    ]
    cases = []
    for name, image, options, size, keep_tensor in made:
        file = path("parity", name)
        if image is not None:
            image.save(file, **options)
        stem = f"{os.path.splitext(name)[0]}.s{size}"
        crop, tensor = reference(file, size)
        save_npy(path("parity", stem + ".crop.npy"), crop)
        case = {"file": name, "size": size, "crop": stem + ".crop.npy",
                "source_size": list(Image.open(file).size)}
        if keep_tensor:
            save_npy(path("parity", stem + ".tensor.npy"), tensor.astype("<f4"))
            case["tensor"] = stem + ".tensor.npy"
        cases.append(case)
    manifest["parity"] = cases
    manifest["mean"] = MEAN
    manifest["std"] = STD


# ---- resize order: the file's own mode (OpenAI, open_clip) -------------------------------

def order_fixtures(manifest):
    photo = Image.fromarray(skimage.data.chelsea()).resize((37, 29), Image.Resampling.LANCZOS)
    rgb = np.asarray(photo)
    grey = np.asarray(photo.convert("L"))
    h, w = grey.shape
    ramp = (np.arange(w)[None, :] * 255 // (w - 1)).repeat(h, 0).astype(np.uint8)   # 0 … 255 left to right
    alpha = ramp.copy()
    alpha[8:20, 10:22] = 0                               # a fully transparent block…
    vivid = rgb.copy()
    vivid[8:20, 10:22] = (250, 20, 200)                  # …whose hidden colour must not bleed
    files = []

    def save(name, image, **options):
        image.save(path("order", name), **options)
        files.append(name)

    save("palette.png", photo.quantize(colors=64))
    save("palette_trns.png", photo.quantize(colors=64), transparency=bytes(range(0, 256, 4)))
    save("grey1.png", Image.fromarray(grey > 110))
    save("rgba_ramp.png", Image.fromarray(np.dstack([vivid, alpha]), "RGBA"))
    save("greyalpha.png", Image.fromarray(np.dstack([grey, 255 - alpha]), "LA"))
    save("rgb.png", photo)
    save("grey.png", Image.fromarray(grey))
    cases = []
    for name in files:
        for size in (16, 48):                            # 37x29 shrinks to 20x16, grows to 61x48
            image = Image.open(path("order", name))
            crop = CenterCrop(size)(Resize(size, interpolation=InterpolationMode.BICUBIC)(image)).convert("RGB")
            crop = np.asarray(crop)
            tensor = image_transform(size, is_train=False)(Image.open(path("order", name)))
            derived = (torch.from_numpy(crop.copy()).permute(2, 0, 1).float().div(255)
                       - torch.tensor(MEAN).view(3, 1, 1)) / torch.tensor(STD).view(3, 1, 1)
            assert torch.equal(derived, tensor), name
            hf_crop, _ = reference(path("order", name), size)
            stem = f"{os.path.splitext(name)[0]}.s{size}"
            save_npy(path("order", stem + ".openai.npy"), crop)
            cases.append({"file": name, "mode": image.mode, "size": size, "openai": stem + ".openai.npy",
                          "differs_from_hf_order": bool((hf_crop != crop).any())})
    manifest["order"] = cases


# ---- bad files -----------------------------------------------------------------------------

def bad_fixtures(manifest):
    # A PNG header claiming 30000 x 30000 pixels, with a tiny (wrong) IDAT: must be refused
    # before any pixel memory is allocated.
    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 30000, 30000, 8, 2, 0, 0, 0))
    data += chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b"")
    open(path("bad", "bomb.png"), "wb").write(data)
    # A real small JPEG whose SOF0 claims 60000 x 60000.
    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), (120, 30, 200)).save(buffer, "JPEG", quality=80)
    jpeg = bytearray(buffer.getvalue())
    sof = jpeg.index(b"\xff\xc0")
    jpeg[sof + 5: sof + 9] = struct.pack(">HH", 60000, 60000)
    open(path("bad", "bomb.jpg"), "wb").write(bytes(jpeg))
    Image.new("RGB", (8, 8), (10, 200, 30)).save(path("bad", "tiny.gif"))
    Image.new("RGB", (8, 8), (10, 200, 30)).save(path("bad", "tiny.bmp"))
    Image.new("RGB", (8, 8), (10, 200, 30)).save(path("bad", "tiny.webp"))
    manifest["bad"] = ["bomb.png", "bomb.jpg", "tiny.gif", "tiny.bmp", "tiny.webp"]


def main():
    manifest = {"generator": "Tests/Reference/make_image_fixtures.py",
                "pillow": Image.__version__, "torch": torch.__version__}
    decode_fixtures(manifest)
    parity_fixtures(manifest)
    order_fixtures(manifest)
    bad_fixtures(manifest)
    with open(path("manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
