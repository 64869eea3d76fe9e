package imaging

import (
	"bytes"
	"fmt"
	"image"
	"io"

	gwebp "github.com/gen2brain/webp"
	"golang.org/x/image/draw"
)

// WebPQuality is the lossy quality WebP copies are encoded at. libwebp's
// 80 looks like JPEG's 82 (JPEGQuality) on photographs at roughly two
// thirds to three quarters of the bytes.
const WebPQuality = 80

// webpMethod is libwebp's effort (0 fast … 6 slow): its default, 4. The
// slower methods save a few percent for about twice the time, and the
// variants job runs one image at a time.
const webpMethod = 4

// EncodeWebP writes img as lossy WebP (quality WebPQuality); transparency
// is kept. The encoder is libwebp compiled to WebAssembly and run by a
// pure-Go runtime (github.com/gen2brain/webp on wazero), so no cgo is
// needed; the first call in a process compiles the module, which takes a
// moment.
func EncodeWebP(w io.Writer, img image.Image) (err error) {
	// The WebAssembly runtime panics rather than failing when it cannot
	// start; a WebP copy is optional, so that must be an error, not the
	// end of the worker.
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("imaging: webp encoder: %v", r)
		}
	}()
	return gwebp.Encode(w, webpPixels(img), gwebp.Options{Quality: WebPQuality, Method: webpMethod})
}

// webpPixels gives img in the one layout the encoder reads correctly: it
// copies Pix as straight (not premultiplied) RGBA rows starting at the
// origin, ignoring Rect.Min and Stride. An opaque *image.RGBA laid out
// that way (what Resize and orient make) is the same bytes as straight
// RGBA and goes as is; anything else is converted to NRGBA, which
// un-premultiplies semi-transparent pixels that would otherwise come out
// darkened.
func webpPixels(img image.Image) image.Image {
	b := img.Bounds()
	if m, ok := img.(*image.RGBA); ok && m.Rect.Min == (image.Point{}) && m.Stride == 4*b.Dx() && m.Opaque() {
		return m
	}
	if m, ok := img.(*image.NRGBA); ok && m.Rect.Min == (image.Point{}) && m.Stride == 4*b.Dx() {
		return m
	}
	dst := image.NewNRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(dst, dst.Bounds(), img, b.Min, draw.Src)
	return dst
}

// smallerWebP encodes img as WebP and returns the bytes only when they
// are fewer than than: a WebP copy is worth a second file (and a
// <source> in the page) only when it saves bytes over the JPEG or PNG of
// the same width. An encoder failure also returns nil, since the JPEG or
// PNG is a complete fallback.
func smallerWebP(img image.Image, than int) []byte {
	var buf bytes.Buffer
	if err := EncodeWebP(&buf, img); err != nil || buf.Len() == 0 || buf.Len() >= than {
		return nil
	}
	return buf.Bytes()
}
