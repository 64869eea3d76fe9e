package imaging

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"sync"
	"testing"
	"time"

	xwebp "golang.org/x/image/webp"
)

func TestEncodeWebP(t *testing.T) {
	t.Parallel()
	// Half-transparent orange, premultiplied as image.RGBA holds it: the
	// encoder wants straight alpha and must not see it darkened.
	translucent := image.NewRGBA(image.Rect(0, 0, 64, 48))
	for i := 0; i < len(translucent.Pix); i += 4 {
		copy(translucent.Pix[i:], []byte{100, 50, 25, 128})
	}
	photo, err := jpeg.Decode(bytes.NewReader(photoJPEG(t, 200, 120)))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		img  image.Image
		// at is a pixel to compare (in the image's own coordinates) and
		// want its colour, straight alpha.
		at   image.Point
		want color.NRGBA
	}{
		{"OpaqueRGBA", gradient(300, 200), image.Pt(150, 100), color.NRGBA{127, 128, 90, 255}},
		{"TranslucentRGBAUnpremultiplied", translucent, image.Pt(30, 20), color.NRGBA{200, 100, 50, 128}},
		// A sub-image starts off the origin and has a wider stride, which
		// the encoder does not read by itself.
		{"SubImageOffOrigin", gradient(400, 300).SubImage(image.Rect(100, 150, 400, 300)), image.Pt(250, 225), color.NRGBA{159, 191, 90, 255}},
		{"YCbCrFromJPEG", photo, image.Pt(100, 60), color.NRGBAModel.Convert(photo.At(100, 60)).(color.NRGBA)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Encode(&buf, tc.img, WebP); err != nil {
				t.Fatal(err)
			}
			info, err := Probe(buf.Bytes(), DefaultMaxPixels)
			if err != nil || info.Format != WebP {
				t.Fatalf("probes as %+v, %v", info, err)
			}
			got, err := xwebp.Decode(bytes.NewReader(buf.Bytes()))
			if err != nil {
				t.Fatal(err)
			}
			b := tc.img.Bounds()
			if got.Bounds() != image.Rect(0, 0, b.Dx(), b.Dy()) {
				t.Fatalf("decodes at %v, want %d×%d", got.Bounds(), b.Dx(), b.Dy())
			}
			c := color.NRGBAModel.Convert(got.At(tc.at.X-b.Min.X, tc.at.Y-b.Min.Y)).(color.NRGBA)
			for i, d := range []int{int(c.R) - int(tc.want.R), int(c.G) - int(tc.want.G), int(c.B) - int(tc.want.B), int(c.A) - int(tc.want.A)} {
				if d > 16 || d < -16 {
					t.Fatalf("pixel %v = %v, want about %v (channel %d)", tc.at, c, tc.want, i)
				}
			}
		})
	}
}

func TestSmallerWebP(t *testing.T) {
	t.Parallel()
	img := gradient(320, 200)
	var buf bytes.Buffer
	if err := EncodeWebP(&buf, img); err != nil {
		t.Fatal(err)
	}
	n := buf.Len()
	tests := []struct {
		name string
		than int
		keep bool
	}{
		{"SmallerIsKept", n + 1, true},
		{"EqualIsSkipped", n, false},
		{"LargerIsSkipped", 10, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := smallerWebP(img, tc.than)
			if (got != nil) != tc.keep {
				t.Fatalf("kept %d bytes against %d; want kept %v", len(got), tc.than, tc.keep)
			}
			if tc.keep && !bytes.Equal(got, buf.Bytes()) {
				t.Error("the kept bytes are not the encoding")
			}
		})
	}
}

// BenchmarkEncodeWebP encodes one 1280-pixel-wide variant of a
// photograph-like image (1280×853) as WebP, the cost the variants job
// adds per width; it reports ms/op, and logs the size against the JPEG
// of the same pixels and how long the first call (compiling the
// WebAssembly module) took.
func BenchmarkEncodeWebP(b *testing.B) {
	first, err := firstWebP()
	if err != nil {
		b.Fatal(err)
	}
	src, err := jpeg.Decode(bytes.NewReader(photoJPEG(b, 1280, 853)))
	if err != nil {
		b.Fatal(err)
	}
	img := Resize(src, 1280, 853) // the *image.RGBA a variant is encoded from
	var jb bytes.Buffer
	if err := Encode(&jb, img, JPEG); err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := EncodeWebP(&buf, img); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/op")
	b.Logf("first call in the process (module compile) %v; 1280×853: JPEG q%d %d bytes, WebP q%d %d bytes", first, JPEGQuality, jb.Len(), WebPQuality, buf.Len())
}

// firstWebP times the process's first WebP encode, which compiles the
// encoder module (later calls in the process do not).
var firstWebP = sync.OnceValues(func() (time.Duration, error) {
	start := time.Now()
	err := EncodeWebP(io.Discard, gradient(16, 16))
	return time.Since(start), err
})
