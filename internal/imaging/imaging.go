// Package imaging reads, checks and resizes uploaded images, in pure Go.
//
// Everything starts from the bytes: the format is told by its magic
// number and header (never by a file name or a declared content type),
// the pixel count is checked against a limit before anything is decoded,
// metadata (camera, GPS, comments) is stripped without re-encoding the
// original, and responsive variants are re-encoded from the decoded
// pixels, so they carry no metadata at all.
package imaging

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/gif"
	"image/jpeg"
	"image/png"

	"golang.org/x/image/webp"
)

// Format is a supported image format, named by its media type.
type Format string

// The accepted formats. SVG is deliberately absent: it is a document that
// can carry script, not a picture.
const (
	JPEG Format = "image/jpeg"
	PNG  Format = "image/png"
	GIF  Format = "image/gif"
	WebP Format = "image/webp"
)

// Formats lists the accepted formats.
var Formats = []Format{JPEG, PNG, GIF, WebP}

// Name is the format's everyday name, for messages.
func (f Format) Name() string {
	switch f {
	case JPEG:
		return "JPEG"
	case PNG:
		return "PNG"
	case GIF:
		return "GIF"
	case WebP:
		return "WebP"
	}
	return string(f)
}

// Errors the checks return; TooManyPixelsError is the fourth.
var (
	// ErrUnsupported: the bytes are not one of the accepted formats.
	ErrUnsupported = errors.New("imaging: not a JPEG, PNG, GIF or WebP image")
	// ErrSVG: the bytes are an SVG (or other XML) document.
	ErrSVG = errors.New("imaging: SVG images are not accepted")
	// ErrCorrupt: the magic number is right but the image cannot be read.
	ErrCorrupt = errors.New("imaging: damaged or incomplete image")
)

// TooManyPixelsError reports an image whose header claims more pixels than
// allowed: decoding it would need too much memory (a decompression bomb).
type TooManyPixelsError struct {
	Width, Height int
	Max           int64
}

func (e *TooManyPixelsError) Error() string {
	return fmt.Sprintf("imaging: %d×%d is %d pixels, more than the limit of %d", e.Width, e.Height, int64(e.Width)*int64(e.Height), e.Max)
}

// DefaultMaxPixels is 40 megapixels: a decoded RGBA image of that size
// takes 160 MB.
const DefaultMaxPixels = 40_000_000

// Info is what the header says about an image.
type Info struct {
	Format Format
	// Width and Height are as displayed: a JPEG whose EXIF orientation
	// turns it a quarter has them swapped relative to the stored pixels.
	Width, Height int
	// Orientation is the EXIF orientation (1–8; 1 when absent).
	Orientation int
}

// swapsAxes reports whether the orientation turns the image a quarter.
func swapsAxes(o int) bool { return o >= 5 && o <= 8 }

// Sniff names the format of b from its first bytes.
func Sniff(b []byte) (Format, error) {
	switch {
	case len(b) >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF:
		return JPEG, nil
	case bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")):
		return PNG, nil
	case bytes.HasPrefix(b, []byte("GIF87a")) || bytes.HasPrefix(b, []byte("GIF89a")):
		return GIF, nil
	case len(b) >= 12 && string(b[:4]) == "RIFF" && string(b[8:12]) == "WEBP":
		return WebP, nil
	case looksLikeSVG(b):
		return "", ErrSVG
	}
	return "", ErrUnsupported
}

// looksLikeSVG reports XML or markup that mentions <svg near its start,
// whatever the file was called.
func looksLikeSVG(b []byte) bool {
	b = bytes.TrimPrefix(b, []byte("\xEF\xBB\xBF"))
	b = bytes.TrimLeft(b, " \t\r\n")
	if len(b) == 0 || b[0] != '<' {
		return false
	}
	if len(b) > 4096 {
		b = b[:4096]
	}
	return bytes.Contains(bytes.ToLower(b), []byte("<svg"))
}

// Probe sniffs b, reads its header and checks the pixel limit, without
// decoding any pixels. It is the check every upload goes through.
func Probe(b []byte, maxPixels int64) (Info, error) {
	f, err := Sniff(b)
	if err != nil {
		return Info{}, err
	}
	var cfg image.Config
	r := bytes.NewReader(b)
	switch f {
	case JPEG:
		cfg, err = jpeg.DecodeConfig(r)
	case PNG:
		cfg, err = png.DecodeConfig(r)
	case GIF:
		cfg, err = gif.DecodeConfig(r)
	case WebP:
		cfg, err = webp.DecodeConfig(r)
	}
	if err != nil || cfg.Width <= 0 || cfg.Height <= 0 {
		return Info{}, fmt.Errorf("%w: %s header: %v", ErrCorrupt, f.Name(), err)
	}
	if maxPixels > 0 && int64(cfg.Width)*int64(cfg.Height) > maxPixels {
		return Info{}, &TooManyPixelsError{Width: cfg.Width, Height: cfg.Height, Max: maxPixels}
	}
	info := Info{Format: f, Width: cfg.Width, Height: cfg.Height, Orientation: 1}
	if f == JPEG {
		info.Orientation = jpegOrientation(b)
		if swapsAxes(info.Orientation) {
			info.Width, info.Height = info.Height, info.Width
		}
	}
	return info, nil
}
