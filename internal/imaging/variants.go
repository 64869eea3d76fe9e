package imaging

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io"
	"slices"

	"golang.org/x/image/draw"
	"golang.org/x/image/webp"
)

// JPEGQuality is the quality variants are encoded at: visually lossless
// for photographs at a fraction of the size.
const JPEGQuality = 82

// Variant is one resized, re-encoded copy of an image.
type Variant struct {
	Width, Height int
	ContentType   string
	Data          []byte
}

// Decode decodes b (after the same checks as Probe) into pixels as
// displayed: the first frame of a GIF on its full canvas, and a JPEG turned
// by its EXIF orientation.
func Decode(b []byte, maxPixels int64) (image.Image, Info, error) {
	img, info, err := decodeStored(b, maxPixels)
	if err != nil {
		return nil, Info{}, err
	}
	return orient(img, info.Orientation), info, nil
}

// decodeStored decodes the pixels as stored, before orientation.
func decodeStored(b []byte, maxPixels int64) (image.Image, Info, error) {
	info, err := Probe(b, maxPixels)
	if err != nil {
		return nil, Info{}, err
	}
	r := bytes.NewReader(b)
	var img image.Image
	switch info.Format {
	case JPEG:
		img, err = jpeg.Decode(r)
	case PNG:
		img, err = png.Decode(r)
	case GIF:
		img, err = decodeGIF(r, info.Width, info.Height)
	case WebP:
		img, err = webp.Decode(r)
	}
	if err != nil {
		return nil, Info{}, fmt.Errorf("%w: %s: %v", ErrCorrupt, info.Format.Name(), err)
	}
	return img, info, nil
}

// decodeGIF returns the first frame placed on the logical screen: a frame
// may cover only part of it. Later frames are never decoded, so an
// animation of a thousand frames costs what one does.
func decodeGIF(r io.Reader, w, h int) (image.Image, error) {
	first, err := gif.Decode(r)
	if err != nil {
		return nil, err
	}
	screen := image.Rect(0, 0, w, h)
	if first.Bounds() == screen {
		return first, nil
	}
	canvas := image.NewNRGBA(screen)
	draw.Draw(canvas, first.Bounds(), first, first.Bounds().Min, draw.Src)
	return canvas, nil
}

// VariantType is the media type the main variants of an image of format
// f are encoded in: a format every browser reads, since they are the
// fallback that <img> names. WebP becomes JPEG (PNG when it has
// transparency, which JPEG would turn black); a GIF becomes a PNG of its
// first frame. The WebP copies Variants adds beside them are extra.
func VariantType(f Format, img image.Image) Format {
	switch f {
	case JPEG:
		return JPEG
	case WebP:
		if opaque(img) {
			return JPEG
		}
	}
	return PNG
}

func opaque(img image.Image) bool {
	if o, ok := img.(interface{ Opaque() bool }); ok {
		return o.Opaque()
	}
	return false
}

// Plan returns the variant widths to make for an image width wide: those
// of widths smaller than it, ascending.
func Plan(width int, widths []int) []int {
	var out []int
	for _, w := range widths {
		if w > 0 && w < width && !slices.Contains(out, w) {
			out = append(out, w)
		}
	}
	slices.Sort(out)
	return out
}

// Variants decodes b and makes one variant for each of widths smaller than
// the image (as displayed), in VariantType's format, each followed by a
// lossy WebP copy of the same pixels when that is smaller (see
// smallerWebP); the result is ascending by width. Each width is scaled
// from the next larger one (the largest from the original), so that every
// step after the first is at most 2:1 and cheap; see Resize.
//
// There is no WebP copy at the original's own width: pages list only the
// variants in srcset (the original is just the src fallback), so a WebP
// original would never be chosen.
func Variants(b []byte, widths []int, maxPixels int64) ([]Variant, error) {
	src, info, err := decodeStored(b, maxPixels)
	if err != nil {
		return nil, err
	}
	plan := Plan(info.Width, widths)
	if len(plan) == 0 {
		return []Variant{}, nil
	}
	typ := VariantType(info.Format, src)
	primary := make([]Variant, len(plan))
	webps := make([]*Variant, len(plan))
	prev := src
	for k := len(plan) - 1; k >= 0; k-- {
		w := plan[k]
		h := scaledHeight(info.Width, info.Height, w)
		// Scale in stored orientation, then turn the small result.
		sw, sh := w, h
		if swapsAxes(info.Orientation) {
			sw, sh = h, w
		}
		scaled := Resize(prev, sw, sh)
		prev = scaled
		shown := orient(scaled, info.Orientation)
		var buf bytes.Buffer
		if err := Encode(&buf, shown, typ); err != nil {
			return nil, err
		}
		primary[k] = Variant{Width: w, Height: h, ContentType: string(typ), Data: buf.Bytes()}
		if data := smallerWebP(shown, buf.Len()); data != nil {
			webps[k] = &Variant{Width: w, Height: h, ContentType: string(WebP), Data: data}
		}
	}
	out := make([]Variant, 0, 2*len(plan))
	for k := range plan {
		out = append(out, primary[k])
		if webps[k] != nil {
			out = append(out, *webps[k])
		}
	}
	return out, nil
}

// scaledHeight keeps the aspect ratio, rounding, and never reaches zero.
func scaledHeight(w, h, tw int) int {
	return max(1, int((int64(h)*int64(tw)+int64(w)/2)/int64(w)))
}

// scaleBudget bounds the scratch memory of one Catmull-Rom scale:
// x/image/draw keeps four float64s per destination column per source row,
// which for a tall 40-megapixel image would be over a gigabyte.
const scaleBudget = 256 << 20

// Resize scales src to w×h with Catmull-Rom. A source at least twice the
// target on an axis is first halved on that axis by averaging pixel
// pairs, which is exact for that step and bounds the filter's memory; a
// scale that would still need more than scaleBudget of scratch space uses
// the approximate bilinear filter, which needs none.
func Resize(src image.Image, w, h int) *image.RGBA {
	for {
		b := src.Bounds()
		hx, hy := b.Dx() >= 2*w, b.Dy() >= 2*h
		if !hx && !hy {
			break
		}
		src = halve(src, hx, hy)
	}
	if m, ok := src.(*image.RGBA); ok && m.Rect == image.Rect(0, 0, w, h) {
		return m // halving landed on the size exactly
	}
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	var s draw.Scaler = draw.CatmullRom
	if int64(w)*int64(src.Bounds().Dy())*32 > scaleBudget {
		s = draw.ApproxBiLinear
	}
	s.Scale(dst, dst.Bounds(), src, src.Bounds(), draw.Src, nil)
	return dst
}

// halve averages pairs of columns (hx), rows (hy) or 2×2 blocks into a
// premultiplied RGBA image half the size on those axes; an odd last
// column or row is dropped.
func halve(src image.Image, hx, hy bool) *image.RGBA {
	b := src.Bounds()
	fx, fy := 1, 1
	if hx {
		fx = 2
	}
	if hy {
		fy = 2
	}
	dst := image.NewRGBA(image.Rect(0, 0, b.Dx()/fx, b.Dy()/fy))
	n := uint32(fx * fy)
	at := pixelReader(src)
	for y := range dst.Rect.Dy() {
		row := dst.Pix[y*dst.Stride:]
		for x := range dst.Rect.Dx() {
			var r, g, bl, a uint32
			for j := range fy {
				for i := range fx {
					pr, pg, pb, pa := at(b.Min.X+x*fx+i, b.Min.Y+y*fy+j)
					r, g, bl, a = r+pr, g+pg, bl+pb, a+pa
				}
			}
			row[4*x], row[4*x+1], row[4*x+2], row[4*x+3] = uint8(r/n>>8), uint8(g/n>>8), uint8(bl/n>>8), uint8(a/n>>8)
		}
	}
	return dst
}

// pixelReader returns premultiplied 16-bit colour components of src at
// (x, y), reading the common decoded types without going through
// image.Image.At, which boxes every pixel.
func pixelReader(src image.Image) func(x, y int) (r, g, b, a uint32) {
	switch m := src.(type) {
	case *image.RGBA:
		return func(x, y int) (uint32, uint32, uint32, uint32) {
			p := m.Pix[m.PixOffset(x, y):]
			return uint32(p[0]) * 0x101, uint32(p[1]) * 0x101, uint32(p[2]) * 0x101, uint32(p[3]) * 0x101
		}
	case *image.NRGBA:
		return func(x, y int) (uint32, uint32, uint32, uint32) {
			p := m.Pix[m.PixOffset(x, y):]
			a := uint32(p[3]) * 0x101
			return uint32(p[0]) * a / 0xff, uint32(p[1]) * a / 0xff, uint32(p[2]) * a / 0xff, a
		}
	case *image.YCbCr:
		return func(x, y int) (uint32, uint32, uint32, uint32) {
			ci := m.COffset(x, y)
			r, g, b := color.YCbCrToRGB(m.Y[m.YOffset(x, y)], m.Cb[ci], m.Cr[ci])
			return uint32(r) * 0x101, uint32(g) * 0x101, uint32(b) * 0x101, 0xffff
		}
	}
	return func(x, y int) (uint32, uint32, uint32, uint32) { return src.At(x, y).RGBA() }
}

// Encode writes img as JPEG (quality JPEGQuality), PNG or lossy WebP
// (see EncodeWebP). Encoding from pixels writes no metadata at all.
func Encode(w io.Writer, img image.Image, f Format) error {
	switch f {
	case JPEG:
		return jpeg.Encode(w, img, &jpeg.Options{Quality: JPEGQuality})
	case PNG:
		return (&png.Encoder{CompressionLevel: png.DefaultCompression}).Encode(w, img)
	case WebP:
		return EncodeWebP(w, img)
	}
	return fmt.Errorf("imaging: cannot encode %s", f)
}

// orient turns img as EXIF orientation o says (1: as is).
func orient(img image.Image, o int) image.Image {
	if o <= 1 || o > 8 {
		return img
	}
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	src, ok := img.(*image.RGBA)
	if !ok {
		src = image.NewRGBA(image.Rect(0, 0, w, h))
		draw.Draw(src, src.Bounds(), img, b.Min, draw.Src)
	}
	dw, dh := w, h
	if swapsAxes(o) {
		dw, dh = h, w
	}
	dst := image.NewRGBA(image.Rect(0, 0, dw, dh))
	for y := range h {
		row := src.Pix[y*src.Stride : y*src.Stride+4*w]
		for x := range w {
			var dx, dy int
			switch o {
			case 2: // mirrored
				dx, dy = w-1-x, y
			case 3: // upside down
				dx, dy = w-1-x, h-1-y
			case 4: // mirrored upside down
				dx, dy = x, h-1-y
			case 5: // mirrored, turned
				dx, dy = y, x
			case 6: // turned a quarter clockwise
				dx, dy = h-1-y, x
			case 7:
				dx, dy = h-1-y, w-1-x
			case 8: // turned a quarter anticlockwise
				dx, dy = y, w-1-x
			}
			copy(dst.Pix[dy*dst.Stride+4*dx:dy*dst.Stride+4*dx+4], row[4*x:4*x+4])
		}
	}
	return dst
}
