package imaging

import (
	"bytes"
	"encoding/binary"
	"fmt"
)

// Strip returns b without its metadata: EXIF (camera, GPS position, time),
// XMP, IPTC, comments and text chunks. The pixels are untouched (no
// re-encoding, so no quality is lost and GIF animations survive); only
// what is needed to show the image right stays: JPEG's JFIF, ICC colour
// profile and Adobe colour transform, and its EXIF orientation, rewritten
// as a minimal EXIF block of that one tag. Bytes after the image's end
// marker are dropped. The result is deterministic, so two uploads of the
// same picture with different metadata strip to the same bytes.
func Strip(b []byte, f Format) ([]byte, error) {
	var out []byte
	var err error
	switch f {
	case JPEG:
		out, err = stripJPEG(b, jpegOrientation(b))
	case PNG:
		out, err = stripPNG(b)
	case GIF:
		out, err = stripGIF(b)
	case WebP:
		out, err = stripWebP(b)
	default:
		return nil, ErrUnsupported
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrCorrupt, f.Name(), err)
	}
	return out, nil
}

func errAt(what string, at int) error { return fmt.Errorf("%s at byte %d", what, at) }

// --- JPEG ---

// JPEG markers.
const (
	mSOI  = 0xD8
	mEOI  = 0xD9
	mSOS  = 0xDA
	mAPP0 = 0xE0
	mAPP1 = 0xE1
	mAPP2 = 0xE2
	mAPPE = 0xEE // Adobe: tells the decoder how to read the colour channels
	mCOM  = 0xFE
)

// keepJPEGSegment reports whether a marker segment (payload after the
// length) is needed to show the image.
func keepJPEGSegment(m byte, payload []byte) bool {
	switch {
	case m == mAPP2:
		return bytes.HasPrefix(payload, []byte("ICC_PROFILE\x00"))
	case m == mAPP0 || m == mAPPE:
		return true
	case m >= mAPP1 && m <= 0xEF, m == mCOM:
		return false // EXIF, XMP, IPTC, Photoshop, Ducky, comments…
	}
	return true // tables, frame and scan headers, restart intervals
}

func stripJPEG(b []byte, orientation int) ([]byte, error) {
	if len(b) < 4 || b[0] != 0xFF || b[1] != mSOI {
		return nil, errAt("no start-of-image marker", 0)
	}
	out := make([]byte, 0, len(b))
	out = append(out, 0xFF, mSOI)
	pendingExif := orientation > 1 && orientation <= 8
	i := 2
	for {
		if i >= len(b) {
			return nil, errAt("no end-of-image marker", i)
		}
		if b[i] != 0xFF {
			return nil, errAt("expected a marker", i)
		}
		for i < len(b) && b[i] == 0xFF { // fill bytes
			i++
		}
		if i >= len(b) {
			return nil, errAt("truncated marker", i)
		}
		m := b[i]
		i++
		if pendingExif && m != mAPP0 {
			out = append(out, orientationSegment(orientation)...)
			pendingExif = false
		}
		switch {
		case m == mEOI:
			return append(out, 0xFF, mEOI), nil
		case m >= 0xD0 && m <= 0xD7 || m == 0x01: // RSTn, TEM: no length
			out = append(out, 0xFF, m)
			continue
		case m == 0x00 || m == mSOI:
			return nil, errAt("unexpected marker", i-1)
		}
		if i+2 > len(b) {
			return nil, errAt("truncated segment length", i)
		}
		n := int(binary.BigEndian.Uint16(b[i:]))
		if n < 2 || i+n > len(b) {
			return nil, errAt("segment runs past the end", i)
		}
		if keepJPEGSegment(m, b[i+2:i+n]) {
			out = append(out, 0xFF, m)
			out = append(out, b[i:i+n]...)
		}
		i += n
		if m != mSOS {
			continue
		}
		// Entropy-coded data runs to the next marker that is neither a
		// stuffed 0xFF00 nor a restart marker.
		j := i
		for {
			if j+1 >= len(b) {
				// Cut short without an end marker: browsers show what
				// there is, and so does the stored copy.
				out = append(out, b[i:]...)
				if len(b) > i && b[len(b)-1] == 0xFF {
					out = out[:len(out)-1]
				}
				return append(out, 0xFF, mEOI), nil
			}
			if b[j] == 0xFF {
				if nx := b[j+1]; nx != 0x00 && (nx < 0xD0 || nx > 0xD7) {
					break
				}
				j += 2
				continue
			}
			j++
		}
		out = append(out, b[i:j]...)
		i = j
	}
}

// orientationSegment is an APP1 EXIF block holding only the orientation.
func orientationSegment(o int) []byte {
	seg := []byte{0xFF, mAPP1, 0, 34}
	seg = append(seg, "Exif\x00\x00"...)
	seg = append(seg, 'M', 'M', 0, 42, 0, 0, 0, 8) // big-endian TIFF, IFD0 at 8
	seg = append(seg, 0, 1)                        // one entry
	seg = append(seg, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, byte(o), 0, 0)
	return append(seg, 0, 0, 0, 0) // no next IFD
}

// jpegOrientation reads the EXIF orientation of a JPEG: 1 (as stored) when
// there is none or it cannot be read.
func jpegOrientation(b []byte) int {
	i := 2
	for i+4 <= len(b) && b[i] == 0xFF {
		m := b[i+1]
		if m == mSOS || m == mEOI {
			break
		}
		if m == 0xFF {
			i++
			continue
		}
		n := int(binary.BigEndian.Uint16(b[i+2:]))
		if n < 2 || i+2+n > len(b) {
			break
		}
		if p := b[i+4 : i+2+n]; m == mAPP1 && bytes.HasPrefix(p, []byte("Exif\x00\x00")) {
			if o := exifOrientation(p[6:]); o != 0 {
				return o
			}
		}
		i += 2 + n
	}
	return 1
}

// exifOrientation finds tag 0x0112 in IFD0 of a TIFF structure.
func exifOrientation(t []byte) int {
	if len(t) < 8 {
		return 0
	}
	var bo binary.ByteOrder
	switch string(t[:2]) {
	case "II":
		bo = binary.LittleEndian
	case "MM":
		bo = binary.BigEndian
	default:
		return 0
	}
	if bo.Uint16(t[2:]) != 42 {
		return 0
	}
	off := int64(bo.Uint32(t[4:]))
	if off < 8 || off+2 > int64(len(t)) {
		return 0
	}
	n := int64(bo.Uint16(t[off:]))
	for k := int64(0); k < n; k++ {
		e := off + 2 + 12*k
		if e+12 > int64(len(t)) {
			return 0
		}
		if bo.Uint16(t[e:]) == 0x0112 && bo.Uint16(t[e+2:]) == 3 {
			if v := int(bo.Uint16(t[e+8:])); v >= 1 && v <= 8 {
				return v
			}
			return 0
		}
	}
	return 0
}

// --- PNG ---

// pngDropped are the metadata chunks: text (often with software, author
// or a whole description), EXIF and the modification time.
var pngDropped = map[string]bool{"tEXt": true, "zTXt": true, "iTXt": true, "eXIf": true, "tIME": true}

func stripPNG(b []byte) ([]byte, error) {
	const sigLen = 8
	if len(b) < sigLen {
		return nil, errAt("no signature", 0)
	}
	out := make([]byte, 0, len(b))
	out = append(out, b[:sigLen]...)
	for i := sigLen; ; {
		if i+8 > len(b) {
			return nil, errAt("no IEND chunk", i)
		}
		n := int64(binary.BigEndian.Uint32(b[i:]))
		typ := string(b[i+4 : i+8])
		end := int64(i) + 12 + n
		if end > int64(len(b)) {
			return nil, errAt("chunk "+fmt.Sprintf("%q", typ)+" runs past the end", i)
		}
		if !pngDropped[typ] {
			out = append(out, b[i:end]...)
		}
		i = int(end)
		if typ == "IEND" {
			return out, nil
		}
	}
}

// --- GIF ---

func stripGIF(b []byte) ([]byte, error) {
	if len(b) < 13 {
		return nil, errAt("truncated header", 0)
	}
	i := 13 + colorTableLen(b[10])
	if i > len(b) {
		return nil, errAt("truncated colour table", 13)
	}
	out := make([]byte, 0, len(b))
	out = append(out, b[:i]...)
	for {
		if i >= len(b) {
			return append(out, 0x3B), nil // no trailer: end it as browsers do
		}
		switch b[i] {
		case 0x21: // extension
			if i+2 > len(b) {
				return nil, errAt("truncated extension", i)
			}
			label := b[i+1]
			end, err := skipSubBlocks(b, i+2)
			if err != nil {
				return nil, err
			}
			keep := true
			switch label {
			case 0xFE: // comment
				keep = false
			case 0xFF: // application: keep only the looping ones
				id := b[i+2 : end]
				if len(id) > 0 {
					id = id[1:min(len(id), 12)]
				}
				keep = bytes.HasPrefix(id, []byte("NETSCAPE2.0")) || bytes.HasPrefix(id, []byte("ANIMEXTS1.0"))
			}
			if keep {
				out = append(out, b[i:end]...)
			}
			i = end
		case 0x2C: // image descriptor, colour table, LZW code size, data
			if i+10 > len(b) {
				return nil, errAt("truncated image descriptor", i)
			}
			j := i + 10 + colorTableLen(b[i+9]) + 1
			if j > len(b) {
				return nil, errAt("truncated image", i)
			}
			end, err := skipSubBlocks(b, j)
			if err != nil {
				return nil, err
			}
			out = append(out, b[i:end]...)
			i = end
		case 0x3B:
			return append(out, 0x3B), nil
		default:
			return nil, errAt("unknown block", i)
		}
	}
}

func colorTableLen(flags byte) int {
	if flags&0x80 == 0 {
		return 0
	}
	return 3 << ((flags & 7) + 1)
}

// skipSubBlocks returns the index after the data sub-blocks starting at j.
func skipSubBlocks(b []byte, j int) (int, error) {
	for {
		if j >= len(b) {
			return 0, errAt("truncated data sub-block", j)
		}
		n := int(b[j])
		j++
		if n == 0 {
			return j, nil
		}
		j += n
	}
}

// --- WebP ---

func stripWebP(b []byte) ([]byte, error) {
	if len(b) < 12 {
		return nil, errAt("truncated header", 0)
	}
	end := 8 + int64(binary.LittleEndian.Uint32(b[4:]))
	if end > int64(len(b)) {
		return nil, errAt("RIFF size past the end", 4)
	}
	payload := make([]byte, 0, len(b))
	payload = append(payload, "WEBP"...)
	for i := int64(12); i < end; {
		if i+8 > end {
			return nil, errAt("truncated chunk header", int(i))
		}
		fourcc := string(b[i : i+4])
		n := int64(binary.LittleEndian.Uint32(b[i+4:]))
		next := i + 8 + n + n&1
		if i+8+n > end {
			return nil, errAt("chunk "+fmt.Sprintf("%q", fourcc)+" runs past the end", int(i))
		}
		next = min(next, end)
		switch fourcc {
		case "EXIF", "XMP ":
		case "VP8X":
			start := len(payload)
			payload = append(payload, b[i:next]...)
			if n > 0 {
				payload[start+8] &^= 0x08 | 0x04 // the EXIF and XMP flags
			}
		default:
			payload = append(payload, b[i:next]...)
		}
		i = next
	}
	out := make([]byte, 0, 8+len(payload)+1)
	out = append(out, "RIFF"...)
	out = binary.LittleEndian.AppendUint32(out, uint32(len(payload)))
	return append(out, payload...), nil
}
