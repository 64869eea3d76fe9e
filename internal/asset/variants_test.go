package asset

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"maps"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"

	"github.com/pagewright/pagewright/internal/imaging"
)

// memStore is the part of Store MakeVariants uses, in memory; the rest
// of the interface is left nil and panics if called.
type memStore struct {
	Store
	mu sync.Mutex
	a  Asset
}

func (m *memStore) GetAsset(_ context.Context, id string) (Asset, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.a, nil
}

func (m *memStore) SetAssetVariants(_ context.Context, id string, vs []ImageVariant, status, reason string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.a.Variants, m.a.Status, m.a.Error = vs, status, reason
	return nil
}

// memBlobs is a blob store in memory that remembers content types.
type memBlobs struct {
	mu    sync.Mutex
	data  map[string][]byte
	types map[string]string
}

func (b *memBlobs) Put(_ context.Context, key string, r io.Reader, size int64, contentType string) error {
	d, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.data[key], b.types[key] = d, contentType
	return nil
}

func (b *memBlobs) Get(_ context.Context, key string) (io.ReadCloser, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	d, ok := b.data[key]
	if !ok {
		return nil, io.ErrUnexpectedEOF
	}
	return io.NopCloser(bytes.NewReader(d)), nil
}

func (b *memBlobs) Delete(_ context.Context, key string) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	delete(b.data, key)
	return nil
}

// photo is a JPEG that compresses like a photograph (smooth colour with
// a little noise), of which WebP copies come out smaller.
func photo(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	rng := rand.New(rand.NewPCG(3, 5))
	for y := range h {
		for x := range w {
			n := rng.IntN(13) - 6
			img.Set(x, y, color.RGBA{uint8(40 + 150*x/w + n), uint8(60 + 120*y/h + n), uint8(110 + n), 255})
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 92}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// gradientPNG is a smooth gradient PNG: PNG's filters store it in a few
// hundred bytes, which lossy WebP does not beat.
func gradientPNG(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{uint8(x * 255 / (w - 1)), uint8(y * 255 / (h - 1)), 90, 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestMakeVariantsWebP(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		data     []byte
		typ      string
		widths   []int
		webpKeys []string // keys of the WebP copies expected
	}{
		{"PhotoGetsWebPCopies", photo(t, 1000, 600), "image/jpeg", []int{320, 640, 960},
			[]string{"sites/s1/assets/a1/w320.webp", "sites/s1/assets/a1/w640.webp", "sites/s1/assets/a1/w960.webp"}},
		{"GradientPNGKeepsOnlyPNG", gradientPNG(t, 700, 100), "image/png", []int{320, 640}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			blobs := &memBlobs{data: map[string][]byte{}, types: map[string]string{}}
			orig := OriginalKey("s1", "a1")
			blobs.data[orig], blobs.types[orig] = tc.data, tc.typ
			st := &memStore{a: Asset{ID: "a1", SiteID: "s1", ContentType: tc.typ, Size: int64(len(tc.data)), Status: StatusProcessing}}
			svc := &Service{Store: st, Blobs: blobs}
			if err := svc.MakeVariants(t.Context(), "a1"); err != nil {
				t.Fatal(err)
			}
			got := st.a
			if got.Status != StatusReady {
				t.Fatalf("status %q (%s)", got.Status, got.Error)
			}
			// Every width has its JPEG or PNG under the key it always had;
			// the WebP copies are under keys of their own.
			var widths []int
			var webpKeys []string
			for i, v := range got.Variants {
				key := VariantFileKey("s1", "a1", v.Width, v.ContentType)
				d, ok := blobs.data[key]
				if !ok {
					t.Fatalf("variant %d (%d %s): nothing stored at %s", i, v.Width, v.ContentType, key)
				}
				sum := sha256.Sum256(d)
				if v.Size != int64(len(d)) || v.SHA256 != hex.EncodeToString(sum[:]) || blobs.types[key] != v.ContentType {
					t.Errorf("variant %d: size %d sha %s type %q; stored %d bytes of %q", i, v.Size, v.SHA256, blobs.types[key], len(d), v.ContentType)
				}
				if v.IsWebP() {
					webpKeys = append(webpKeys, key)
					prev := got.Variants[i-1]
					if prev.Width != v.Width || prev.IsWebP() || v.Size >= prev.Size {
						t.Errorf("WebP variant %d (%d bytes) does not follow a larger %s of its width: %+v", i, v.Size, v.ContentType, prev)
					}
					continue
				}
				if v.ContentType != tc.typ || key != VariantKey("s1", "a1", v.Width) {
					t.Errorf("variant %d: %s at %s, want %s at the width's old key", i, v.ContentType, key, tc.typ)
				}
				widths = append(widths, v.Width)
			}
			if !slices.Equal(widths, tc.widths) || !slices.Equal(webpKeys, tc.webpKeys) {
				t.Errorf("widths %v, WebP keys %v; want %v, %v", widths, webpKeys, tc.widths, tc.webpKeys)
			}
			if n := len(slices.Collect(maps.Keys(blobs.data))); n != 1+len(got.Variants) {
				t.Errorf("%d files stored, want the original and %d variants", n, len(got.Variants))
			}
		})
	}
}

func TestVariantFileKey(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, typ, want string
	}{
		{"JPEGKeepsTheOldKey", "image/jpeg", "sites/s1/assets/a1/w640"},
		{"PNGKeepsTheOldKey", "image/png", "sites/s1/assets/a1/w640"},
		{"WebPHasItsOwn", string(imaging.WebP), "sites/s1/assets/a1/w640.webp"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := VariantFileKey("s1", "a1", 640, tc.typ); got != tc.want {
				t.Fatalf("VariantFileKey(640, %s) = %q, want %q", tc.typ, got, tc.want)
			}
		})
	}
}
