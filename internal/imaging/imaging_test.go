package imaging

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/color/palette"
	"image/gif"
	"image/jpeg"
	"image/png"
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	xwebp "golang.org/x/image/webp"
)

// gradient is a w×h picture whose colour tells where a pixel came from:
// red grows to the right, green downwards.
func gradient(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{uint8(x * 255 / max(1, w-1)), uint8(y * 255 / max(1, h-1)), 90, 255})
		}
	}
	return img
}

func jpegOf(t testing.TB, w, h int) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, gradient(w, h), &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func pngOf(t testing.TB, w, h int) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, gradient(w, h)); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// gifOf is an animation of frames frames, looping for ever.
func gifOf(t testing.TB, w, h, frames int) []byte {
	t.Helper()
	g := &gif.GIF{LoopCount: 0}
	for k := range frames {
		p := image.NewPaletted(image.Rect(0, 0, w, h), palette.Plan9)
		for y := range h {
			for x := range w {
				p.SetColorIndex(x, y, uint8((x+y+k)%256))
			}
		}
		g.Image, g.Delay = append(g.Image, p), append(g.Delay, 10)
	}
	var buf bytes.Buffer
	if err := gif.EncodeAll(&buf, g); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func readFile(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// jpegSegment is a marker segment with its length.
func jpegSegment(marker byte, payload string) []byte {
	seg := []byte{0xFF, marker}
	seg = binary.BigEndian.AppendUint16(seg, uint16(len(payload)+2))
	return append(seg, payload...)
}

// exifAPP1 is an EXIF block (little-endian, as phones write it) with an
// orientation and a GPS-like string that must not survive stripping.
func exifAPP1(orientation int) []byte {
	var t []byte
	t = append(t, 'I', 'I', 42, 0, 8, 0, 0, 0)
	t = append(t, 2, 0) // two entries
	t = append(t, 0x12, 0x01, 3, 0, 1, 0, 0, 0, byte(orientation), 0, 0, 0)
	t = append(t, 0x0e, 0x01, 2, 0, 16, 0, 0, 0, 38, 0, 0, 0) // ImageDescription at 38
	t = append(t, 0, 0, 0, 0)
	t = append(t, "GPS 51.5N 0.12W\x00"...)
	return jpegSegment(mAPP1, "Exif\x00\x00"+string(t))
}

// withJPEGMetadata inserts metadata segments after the SOI of a JPEG.
func withJPEGMetadata(b []byte, segs ...[]byte) []byte {
	out := append([]byte{}, b[:2]...)
	for _, s := range segs {
		out = append(out, s...)
	}
	return append(out, b[2:]...)
}

// pngChunk is a PNG chunk with its CRC.
func pngChunk(typ, data string) []byte {
	c := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
	c = append(c, typ...)
	c = append(c, data...)
	return binary.BigEndian.AppendUint32(c, crc32.ChecksumIEEE([]byte(typ+data)))
}

// withPNGChunks inserts chunks after IHDR.
func withPNGChunks(b []byte, chunks ...[]byte) []byte {
	const afterIHDR = 8 + 12 + 13
	out := append([]byte{}, b[:afterIHDR]...)
	for _, c := range chunks {
		out = append(out, c...)
	}
	return append(out, b[afterIHDR:]...)
}

func TestSniff(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   []byte
		want Format
		err  error
	}{
		{"JPEG", jpegOf(t, 4, 4), JPEG, nil},
		{"PNG", pngOf(t, 4, 4), PNG, nil},
		{"GIF89a", gifOf(t, 4, 4, 1), GIF, nil},
		{"GIF87a", []byte("GIF87a\x01\x00\x01\x00"), GIF, nil},
		{"WebP", readFile(t, "opaque-400x300.webp"), WebP, nil},
		{"SVG", []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`), "", ErrSVG},
		{"SVGWithDeclaration", []byte("<?xml version=\"1.0\"?>\n<!DOCTYPE svg>\n<svg></svg>"), "", ErrSVG},
		{"SVGWithBOMAndSpace", []byte("\xEF\xBB\xBF  \n<SVG onload=alert(1)></SVG>"), "", ErrSVG},
		{"HTML", []byte("<!doctype html><title>x</title>"), "", ErrUnsupported},
		{"Text", []byte("this is not a picture, whatever the file is called"), "", ErrUnsupported},
		{"Empty", nil, "", ErrUnsupported},
		{"JPEGMagicCutShort", []byte{0xFF, 0xD8}, "", ErrUnsupported},
		{"RIFFButNotWebP", []byte("RIFF\x04\x00\x00\x00WAVE"), "", ErrUnsupported},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Sniff(tc.in)
			if got != tc.want || !errors.Is(err, tc.err) {
				t.Fatalf("Sniff = %q, %v; want %q, %v", got, err, tc.want, tc.err)
			}
		})
	}
}

// bombPNG is a valid PNG signature and header claiming w×h, with no data.
func bombPNG(w, h uint32) []byte {
	ihdr := binary.BigEndian.AppendUint32(nil, w)
	ihdr = binary.BigEndian.AppendUint32(ihdr, h)
	ihdr = append(ihdr, 8, 6, 0, 0, 0)
	b := []byte("\x89PNG\r\n\x1a\n")
	b = append(b, pngChunk("IHDR", string(ihdr))...)
	return append(b, pngChunk("IEND", "")...)
}

func TestProbe(t *testing.T) {
	t.Parallel()
	rotated := withJPEGMetadata(jpegOf(t, 60, 20), exifAPP1(6))
	tests := []struct {
		name string
		in   []byte
		want Info
		err  error
	}{
		{"JPEG", jpegOf(t, 64, 48), Info{Format: JPEG, Width: 64, Height: 48, Orientation: 1}, nil},
		{"JPEGTurnedByEXIF", rotated, Info{Format: JPEG, Width: 20, Height: 60, Orientation: 6}, nil},
		{"PNG", pngOf(t, 33, 7), Info{Format: PNG, Width: 33, Height: 7, Orientation: 1}, nil},
		{"GIF", gifOf(t, 10, 12, 3), Info{Format: GIF, Width: 10, Height: 12, Orientation: 1}, nil},
		{"WebPLossy", readFile(t, "opaque-400x300.webp"), Info{Format: WebP, Width: 400, Height: 300, Orientation: 1}, nil},
		{"WebPLossless", readFile(t, "alpha-400x300.webp"), Info{Format: WebP, Width: 400, Height: 300, Orientation: 1}, nil},
		{"AtTheLimit", bombPNG(8000, 5000), Info{Format: PNG, Width: 8000, Height: 5000, Orientation: 1}, nil},
		{"Bomb", bombPNG(20000, 20000), Info{}, &TooManyPixelsError{}},
		{"OnePixelOverTheLimit", bombPNG(40_000_001, 1), Info{}, &TooManyPixelsError{}},
		{"PNGMagicThenJunk", append([]byte("\x89PNG\r\n\x1a\n"), "junk junk junk junk junk"...), Info{}, ErrCorrupt},
		{"JPEGMagicThenJunk", []byte{0xFF, 0xD8, 0xFF, 0x00, 1, 2, 3}, Info{}, ErrCorrupt},
		{"ZeroWidth", bombPNG(0, 10), Info{}, ErrCorrupt},
		{"SVG", []byte("<svg/>"), Info{}, ErrSVG},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Probe(tc.in, DefaultMaxPixels)
			var tm *TooManyPixelsError
			switch {
			case tc.err == nil && err != nil:
				t.Fatalf("Probe: %v", err)
			case errors.As(tc.err, &tm):
				if !errors.As(err, &tm) || tm.Max != DefaultMaxPixels {
					t.Fatalf("Probe error %v, want too many pixels", err)
				}
			case tc.err != nil && !errors.Is(err, tc.err):
				t.Fatalf("Probe error %v, want %v", err, tc.err)
			}
			if got != tc.want {
				t.Fatalf("Probe = %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestStrip(t *testing.T) {
	t.Parallel()
	plainJPEG := jpegOf(t, 40, 30)
	icc := jpegSegment(mAPP2, "ICC_PROFILE\x00\x01\x01fake profile")
	jpegWithAll := withJPEGMetadata(plainJPEG,
		exifAPP1(6),
		jpegSegment(mAPP1, "http://ns.adobe.com/xap/1.0/\x00<x:xmpmeta>Author: Dr Secret</x:xmpmeta>"),
		jpegSegment(0xED, "Photoshop 3.0\x00IPTC caption: patient name"),
		jpegSegment(mCOM, "comment: taken at the clinic"),
		jpegSegment(mAPP2, "FPXR\x00flashpix junk"),
		icc)
	pngWithText := withPNGChunks(pngOf(t, 20, 10),
		pngChunk("tEXt", "Author\x00Dr Secret"),
		pngChunk("iTXt", "Description\x00\x00\x00\x00\x00patient name"),
		pngChunk("tIME", "\x07\xe9\x01\x01\x00\x00\x00"),
		pngChunk("gAMA", "\x00\x00\xb1\x8f"))
	animated := gifOf(t, 8, 8, 3)
	// A comment and an XMP application extension after the looping one.
	loopEnd := bytes.Index(animated, []byte("NETSCAPE2.0")) + 11 + 5
	block := func(s string) string { return string(rune(len(s))) + s }
	gifWithMeta := append(append(append([]byte{}, animated[:loopEnd]...),
		"\x21\xFE"+block("comment: taken at the clinic")+"\x00"+
			"\x21\xFF"+block("XMP DataXMP")+block("Author: Dr Secret")+"\x00"...), animated[loopEnd:]...)
	webpWithExif := vp8xWithExif(t, readFile(t, "opaque-400x300.webp"), "GPS 51.5N 0.12W")

	tests := []struct {
		name       string
		in         []byte
		gone, kept []string
		frames     int // GIF frames that must survive
	}{
		{"JPEG", jpegWithAll, []string{"GPS", "Dr Secret", "patient", "clinic", "FPXR"}, []string{"ICC_PROFILE"}, 0},
		{"JPEGWithout", plainJPEG, nil, nil, 0},
		{"JPEGWithJFIF", withJPEGMetadata(plainJPEG, jpegSegment(mAPP0, "JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"), exifAPP1(3)),
			[]string{"GPS"}, []string{"\xFF\xD8\xFF\xE0\x00\x10JFIF", "\x00\x00\xFF\xE1\x00\x22Exif"}, 0},
		{"PNG", pngWithText, []string{"Dr Secret", "patient", "tIME"}, []string{"gAMA", "IHDR", "IEND"}, 0},
		{"GIF", gifWithMeta, []string{"Dr Secret", "clinic"}, []string{"NETSCAPE2.0"}, 3},
		{"WebP", webpWithExif, []string{"GPS", "EXIF"}, []string{"VP8X", "VP8 "}, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			info, err := Probe(tc.in, DefaultMaxPixels)
			if err != nil {
				t.Fatal(err)
			}
			out, err := Strip(tc.in, info.Format)
			if err != nil {
				t.Fatalf("Strip: %v", err)
			}
			for _, s := range tc.gone {
				if bytes.Contains(out, []byte(s)) {
					t.Errorf("%q survived stripping", s)
				}
			}
			for _, s := range tc.kept {
				if !bytes.Contains(out, []byte(s)) {
					t.Errorf("%q was stripped; it is needed to show the image", s)
				}
			}
			again, err := Probe(out, DefaultMaxPixels)
			if err != nil || again != info {
				t.Fatalf("stripped image probes as %+v, %v; want %+v", again, err, info)
			}
			if twice, err := Strip(out, info.Format); err != nil || !bytes.Equal(twice, out) {
				t.Errorf("stripping again changed the bytes (%v)", err)
			}
			before, _, err := Decode(tc.in, DefaultMaxPixels)
			if err != nil {
				t.Fatal(err)
			}
			after, _, err := Decode(out, DefaultMaxPixels)
			if err != nil {
				t.Fatalf("stripped image does not decode: %v", err)
			}
			if !samePixels(before, after) {
				t.Error("stripping changed the pixels")
			}
			if tc.frames > 0 {
				g, err := gif.DecodeAll(bytes.NewReader(out))
				if err != nil || len(g.Image) != tc.frames || g.LoopCount != 0 {
					t.Errorf("stripped GIF: %v, %d frames, loop %d; want %d frames looping", err, len(g.Image), g.LoopCount, tc.frames)
				}
			}
		})
	}
}

// vp8xWithExif wraps a simple (VP8) WebP in the extended format with an
// EXIF chunk, as cameras and editors write it.
func vp8xWithExif(t *testing.T, simple []byte, exif string) []byte {
	t.Helper()
	if string(simple[12:16]) != "VP8 " {
		t.Fatalf("fixture is %q, want a simple lossy WebP", simple[12:16])
	}
	chunk := func(fourcc string, data []byte) []byte {
		c := append([]byte(fourcc), binary.LittleEndian.AppendUint32(nil, uint32(len(data)))...)
		c = append(c, data...)
		if len(data)%2 == 1 {
			c = append(c, 0)
		}
		return c
	}
	x := []byte{0x08, 0, 0, 0}                              // EXIF flag
	x = append(x, 399&0xff, 399>>8, 0, 299&0xff, 299>>8, 0) // canvas 400×300, minus one
	payload := append([]byte("WEBP"), chunk("VP8X", x)...)
	payload = append(payload, simple[12:]...)
	payload = append(payload, chunk("EXIF", []byte(exif))...)
	return append(append([]byte("RIFF"), binary.LittleEndian.AppendUint32(nil, uint32(len(payload)))...), payload...)
}

func samePixels(a, b image.Image) bool {
	if a.Bounds() != b.Bounds() {
		return false
	}
	for y := a.Bounds().Min.Y; y < a.Bounds().Max.Y; y++ {
		for x := a.Bounds().Min.X; x < a.Bounds().Max.X; x++ {
			r1, g1, b1, a1 := a.At(x, y).RGBA()
			r2, g2, b2, a2 := b.At(x, y).RGBA()
			if r1 != r2 || g1 != g2 || b1 != b2 || a1 != a2 {
				return false
			}
		}
	}
	return true
}

func TestStripRefusesDamage(t *testing.T) {
	t.Parallel()
	full := pngOf(t, 20, 10)
	tests := []struct {
		name string
		in   []byte
		f    Format
	}{
		{"PNGWithoutIEND", full[:len(full)-12], PNG},
		{"PNGChunkPastTheEnd", full[:40], PNG},
		{"JPEGHeaderCutShort", jpegOf(t, 20, 10)[:30], JPEG},
		{"GIFImageCutShort", gifOf(t, 8, 8, 1)[:30], GIF},
		{"WebPSizePastTheEnd", readFile(t, "opaque-400x300.webp")[:100], WebP},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := Strip(tc.in, tc.f); !errors.Is(err, ErrCorrupt) {
				t.Fatalf("Strip: %v, want ErrCorrupt", err)
			}
		})
	}
}

func TestVariants(t *testing.T) {
	t.Parallel()
	widths := []int{320, 640, 960, 1280, 1920}
	type size struct{ w, h int }
	// webp is how many WebP copies to expect: a noisy photograph gains
	// one at every width; a smooth gradient, which PNG's filters store in
	// a few hundred bytes, at none. -1: whatever the encoder finds
	// smaller (the invariants are checked either way).
	tests := []struct {
		name  string
		in    []byte
		want  []size
		typ   Format
		webp  int
		check func(t *testing.T, v Variant)
	}{
		{"JPEG", jpegOf(t, 1000, 500), []size{{320, 160}, {640, 320}, {960, 480}}, JPEG, -1, nil},
		{"PhotoJPEGGainsWebPAtEveryWidth", photoJPEG(t, 1400, 900), []size{{320, 206}, {640, 411}, {960, 617}, {1280, 823}}, JPEG, 4, nil},
		{"JPEGExactlyAVariantWide", jpegOf(t, 640, 480), []size{{320, 240}}, JPEG, -1, nil},
		{"GradientPNGSkipsLargerWebP", pngOf(t, 700, 100), []size{{320, 46}, {640, 91}}, PNG, 0, nil},
		{"SmallPNGNeedsNone", pngOf(t, 320, 1000), nil, PNG, 0, nil},
		{"GIFFirstFrameAsPNG", gifOf(t, 400, 40, 2), []size{{320, 32}}, PNG, -1, nil},
		{"OpaqueWebPAsJPEG", readFile(t, "opaque-400x300.webp"), []size{{320, 240}}, JPEG, -1, nil},
		{"TransparentWebPAsPNG", readFile(t, "alpha-400x300.webp"), []size{{320, 240}}, PNG, -1, func(t *testing.T, v Variant) {
			// Lossy WebP keeps the alpha channel as well as PNG does.
			img, err := decodeAny(v)
			if err != nil {
				t.Fatal(err)
			}
			if _, _, _, a := img.At(10, 100).RGBA(); a != 0 {
				t.Errorf("%s: left half alpha %d, want transparent", v.ContentType, a)
			}
		}},
		{"JPEGTurnedByEXIF", withJPEGMetadata(jpegOf(t, 800, 400), exifAPP1(6)), []size{{320, 640}}, JPEG, -1, func(t *testing.T, v Variant) {
			img, err := decodeAny(v)
			if err != nil {
				t.Fatal(err)
			}
			// Turned a quarter clockwise: the stored top-left corner (dark)
			// is now top-right; the stored top-right (red) bottom-right.
			if r, g, _, _ := img.At(315, 5).RGBA(); r>>8 > 40 || g>>8 > 40 {
				t.Errorf("top-right pixel r=%d g=%d, want the dark stored corner", r>>8, g>>8)
			}
			if r, g, _, _ := img.At(315, 635).RGBA(); r>>8 < 200 || g>>8 > 40 {
				t.Errorf("bottom-right pixel r=%d g=%d, want the red stored corner", r>>8, g>>8)
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			vs, err := Variants(tc.in, widths, DefaultMaxPixels)
			if err != nil {
				t.Fatal(err)
			}
			// The main variants, one per width, in the fallback format;
			// each WebP copy right after the main variant of its width,
			// and smaller than it.
			var primary []Variant
			nWebP := 0
			for i, v := range vs {
				if v.ContentType != string(WebP) {
					primary = append(primary, v)
					continue
				}
				nWebP++
				if i == 0 || vs[i-1].ContentType == string(WebP) || vs[i-1].Width != v.Width || vs[i-1].Height != v.Height {
					t.Errorf("WebP variant %d (%d×%d) does not follow the main variant of its size", i, v.Width, v.Height)
				} else if len(v.Data) >= len(vs[i-1].Data) {
					t.Errorf("WebP variant %d: %d bytes, not smaller than the %s's %d", i, len(v.Data), vs[i-1].ContentType, len(vs[i-1].Data))
				}
			}
			if len(primary) != len(tc.want) {
				t.Fatalf("%d main variants, want %d", len(primary), len(tc.want))
			}
			if tc.webp >= 0 && nWebP != tc.webp {
				t.Errorf("%d WebP copies, want %d", nWebP, tc.webp)
			}
			for i, v := range primary {
				if v.Width != tc.want[i].w || v.Height != tc.want[i].h || v.ContentType != string(tc.typ) {
					t.Errorf("variant %d: %d×%d %s, want %d×%d %s", i, v.Width, v.Height, v.ContentType, tc.want[i].w, tc.want[i].h, tc.typ)
				}
			}
			for i, v := range vs {
				if v.ContentType == string(WebP) {
					// The standard decoder (x/image/webp), not the encoder's
					// own, reads it back at its size.
					img, err := xwebp.Decode(bytes.NewReader(v.Data))
					if err != nil || img.Bounds() != image.Rect(0, 0, v.Width, v.Height) {
						t.Errorf("WebP variant %d decodes as %v, %v; want %d×%d", i, boundsOf(img), err, v.Width, v.Height)
					}
				}
				info, err := Probe(v.Data, DefaultMaxPixels)
				if err != nil || info.Width != v.Width || info.Height != v.Height || string(info.Format) != v.ContentType || info.Orientation != 1 {
					t.Errorf("variant %d reads back as %+v, %v", i, info, err)
				}
				if bytes.Contains(v.Data, []byte("GPS")) || bytes.Contains(v.Data, []byte("Exif")) {
					t.Errorf("variant %d carries metadata", i)
				}
				if tc.check != nil {
					tc.check(t, v)
				}
			}
		})
	}
}

func TestVariantsRefuse(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   []byte
		want error
	}{
		{"Bomb", bombPNG(20000, 20000), &TooManyPixelsError{}},
		{"HeaderOnly", bombPNG(400, 400), ErrCorrupt},
		{"Text", []byte(strings.Repeat("text ", 100)), ErrUnsupported},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Variants(tc.in, []int{320}, DefaultMaxPixels)
			var tm *TooManyPixelsError
			if errors.As(tc.want, &tm) {
				if !errors.As(err, &tm) {
					t.Fatalf("error %v, want too many pixels", err)
				}
			} else if !errors.Is(err, tc.want) {
				t.Fatalf("error %v, want %v", err, tc.want)
			}
		})
	}
}

func TestResize(t *testing.T) {
	t.Parallel()
	nrgba := image.NewNRGBA(image.Rect(0, 0, 64, 32))
	for i := range nrgba.Pix {
		nrgba.Pix[i] = uint8(i * 7)
	}
	ycc := image.NewYCbCr(image.Rect(0, 0, 64, 32), image.YCbCrSubsampleRatio420)
	for i := range ycc.Y {
		ycc.Y[i] = uint8(i * 3)
	}
	for i := range ycc.Cb {
		ycc.Cb[i], ycc.Cr[i] = uint8(i*5), uint8(255-i)
	}
	gray := image.NewGray(image.Rect(0, 0, 64, 32))
	for i := range gray.Pix {
		gray.Pix[i] = uint8(i)
	}
	tests := []struct {
		name string
		src  image.Image
		w, h int
	}{
		{"RGBAHalved", gradient(64, 32), 32, 16},
		{"RGBAQuartered", gradient(64, 32), 16, 8},
		{"NRGBATranslucent", nrgba, 32, 16},
		{"YCbCr", ycc, 32, 16},
		{"GrayThroughAt", gray, 32, 16},
		{"OnlyRowsHalved", gradient(64, 32), 50, 16},
		{"NotHalved", gradient(64, 32), 40, 20},
		{"Tall", gradient(30, 400), 20, 300},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Resize(tc.src, tc.w, tc.h)
			if got.Rect != image.Rect(0, 0, tc.w, tc.h) {
				t.Fatalf("size %v, want %d×%d", got.Rect, tc.w, tc.h)
			}
			// Every pixel is close to the average of the source block it
			// covers: resizing moves no content.
			sb := tc.src.Bounds()
			for y := range tc.h {
				for x := range tc.w {
					x0, x1 := x*sb.Dx()/tc.w, max(x*sb.Dx()/tc.w+1, (x+1)*sb.Dx()/tc.w)
					y0, y1 := y*sb.Dy()/tc.h, max(y*sb.Dy()/tc.h+1, (y+1)*sb.Dy()/tc.h)
					var sum [4]int
					for yy := y0; yy < y1; yy++ {
						for xx := x0; xx < x1; xx++ {
							r, g, b, a := tc.src.At(xx, yy).RGBA()
							sum[0], sum[1], sum[2], sum[3] = sum[0]+int(r>>8), sum[1]+int(g>>8), sum[2]+int(b>>8), sum[3]+int(a>>8)
						}
					}
					n := (x1 - x0) * (y1 - y0)
					p := got.Pix[got.PixOffset(x, y):]
					for c := range 4 {
						if d := int(p[c]) - sum[c]/n; d > 24 || d < -24 {
							t.Fatalf("pixel (%d,%d) channel %d = %d, source block averages %d", x, y, c, p[c], sum[c]/n)
						}
					}
				}
			}
		})
	}
}

// photoJPEG is a w×h JPEG that compresses like a photograph: smooth
// shapes (a gradient and soft discs) with a little sensor noise.
func photoJPEG(t testing.TB, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	rng := rand.New(rand.NewPCG(7, 11))
	for y := range h {
		for x := range w {
			r := 40 + 150*x/w
			g := 60 + 120*y/h
			b := 110
			for _, c := range [][3]int{{w / 3, h / 2, h / 3}, {2 * w / 3, h / 3, h / 4}} {
				dx, dy := x-c[0], y-c[1]
				if d := dx*dx + dy*dy; d < c[2]*c[2] {
					k := 1 - float64(d)/float64(c[2]*c[2])
					r, g, b = int(float64(r)*(1-k)+230*k), int(float64(g)*(1-k)+190*k), int(float64(b)*(1-k)+80*k)
				}
			}
			n := rng.IntN(13) - 6
			img.Pix[img.PixOffset(x, y)+0] = uint8(min(255, max(0, r+n)))
			img.Pix[img.PixOffset(x, y)+1] = uint8(min(255, max(0, g+n)))
			img.Pix[img.PixOffset(x, y)+2] = uint8(min(255, max(0, b+n)))
			img.Pix[img.PixOffset(x, y)+3] = 255
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 92}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// decodeAny decodes a variant of any of the formats Variants writes.
func decodeAny(v Variant) (image.Image, error) {
	r := bytes.NewReader(v.Data)
	switch Format(v.ContentType) {
	case JPEG:
		return jpeg.Decode(r)
	case PNG:
		return png.Decode(r)
	case WebP:
		return xwebp.Decode(r)
	}
	return nil, errors.New("unknown variant type " + v.ContentType)
}

func boundsOf(img image.Image) image.Rectangle {
	if img == nil {
		return image.Rectangle{}
	}
	return img.Bounds()
}
