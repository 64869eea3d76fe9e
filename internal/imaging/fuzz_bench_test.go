package imaging

import (
	"bytes"
	"errors"
	"image/jpeg"
	"math/rand/v2"
	"testing"
)

// FuzzProbe feeds arbitrary bytes to what every upload goes through: Probe
// must never panic and only fail with its own errors, and whatever it
// accepts, Strip must either refuse as damaged or turn into an image that
// probes the same and strips to itself.
func FuzzProbe(f *testing.F) {
	f.Add(jpegOf(f, 8, 6))
	f.Add(withJPEGMetadata(jpegOf(f, 6, 4), exifAPP1(6), jpegSegment(mCOM, "comment")))
	f.Add(pngOf(f, 5, 3))
	f.Add(withPNGChunks(pngOf(f, 3, 3), pngChunk("tEXt", "k\x00v")))
	f.Add(gifOf(f, 4, 4, 2))
	f.Add(readFile(f, "opaque-400x300.webp"))
	f.Add(readFile(f, "alpha-400x300.webp"))
	f.Add(bombPNG(20000, 20000))
	f.Add([]byte("<svg onload=alert(1)>"))
	f.Add([]byte("GIF89a"))
	f.Add([]byte("RIFF\x00\x00\x00\x00WEBPVP8X"))
	f.Fuzz(func(t *testing.T, b []byte) {
		info, err := Probe(b, 1<<20)
		if err != nil {
			var tm *TooManyPixelsError
			if !errors.Is(err, ErrUnsupported) && !errors.Is(err, ErrSVG) && !errors.Is(err, ErrCorrupt) && !errors.As(err, &tm) {
				t.Fatalf("Probe: unexpected error %v", err)
			}
			return
		}
		if info.Width <= 0 || info.Height <= 0 || int64(info.Width)*int64(info.Height) > 1<<20 {
			t.Fatalf("Probe accepted %+v", info)
		}
		out, err := Strip(b, info.Format)
		if err != nil {
			if !errors.Is(err, ErrCorrupt) {
				t.Fatalf("Strip: unexpected error %v", err)
			}
			return
		}
		again, err := Probe(out, 1<<20)
		if err != nil || again != info {
			t.Fatalf("stripped bytes probe as %+v, %v; the original as %+v", again, err, info)
		}
		twice, err := Strip(out, info.Format)
		if err != nil || !bytes.Equal(twice, out) {
			t.Fatalf("Strip is not idempotent (%v)", err)
		}
	})
}

// BenchmarkVariants makes the five responsive widths of a 3000×2000 JPEG
// (a gradient with noise, which compresses and decodes like a photograph):
// decode, five resizes and encodes (320–1920), each with its WebP copy
// (kept or not).
func BenchmarkVariants(b *testing.B) {
	img := gradient(3000, 2000)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range img.Pix {
		if i%4 != 3 {
			img.Pix[i] = uint8(min(255, max(0, int(img.Pix[i])+rng.IntN(48)-24)))
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 90}); err != nil {
		b.Fatal(err)
	}
	src := buf.Bytes()
	b.Logf("source: %d bytes", len(src))
	widths := []int{320, 640, 960, 1280, 1920}
	b.ReportAllocs()
	for b.Loop() {
		vs, err := Variants(src, widths, DefaultMaxPixels)
		if err != nil || len(vs) < 5 || len(vs) > 10 {
			b.Fatalf("%d variants, %v", len(vs), err)
		}
	}
}
