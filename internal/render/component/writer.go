package component

import (
	"encoding/json"
	"fmt"
	"html/template"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Writer is the byte buffer a component's Render func writes one node's
// markup into; the whole page shares one. Its escaping methods produce
// exactly what html/template produces for the same value in the same
// context, so a component ported from a template renders byte for byte as
// before, and is as safe.
type Writer struct {
	b []byte
}

// NewWriter returns a Writer with room for size bytes.
func NewWriter(size int) *Writer { return &Writer{b: make([]byte, 0, size)} }

// Bytes returns what has been written. The slice is the Writer's own.
func (w *Writer) Bytes() []byte { return w.b }

// String returns a copy of what has been written.
func (w *Writer) String() string { return string(w.b) }

// Len is the number of bytes written.
func (w *Writer) Len() int { return len(w.b) }

// Reset empties the Writer, keeping its memory.
func (w *Writer) Reset() { w.b = w.b[:0] }

// Truncate drops everything after the first n bytes.
func (w *Writer) Truncate(n int) { w.b = w.b[:n] }

// Write appends p unescaped (io.Writer, for templates).
func (w *Writer) Write(p []byte) (int, error) {
	w.rawBytes(p)
	return len(p), nil
}

func (w *Writer) rawBytes(p []byte) {
	n := len(w.b)
	if n+len(p) > cap(w.b) {
		w.grow(len(p))
	}
	w.b = w.b[:n+len(p)]
	copy(w.b[n:], p)
}

// WriteString appends s unescaped (io.StringWriter, for templates).
func (w *Writer) WriteString(s string) (int, error) {
	w.Raw(s)
	return len(s), nil
}

// Raw appends trusted markup: a literal of the component's own.
func (w *Writer) Raw(s string) {
	// Growing in place (w.b = w.b[:n]) updates only the length, so the
	// common case stores no pointer: no write barrier while the garbage
	// collector runs.
	n := len(w.b)
	if n+len(s) > cap(w.b) {
		w.grow(len(s))
	}
	w.b = w.b[:n+len(s)]
	copy(w.b[n:], s)
}

// grow makes room for n more bytes.
func (w *Writer) grow(n int) { w.b = slices.Grow(w.b, n) }

// HTML appends markup that is already safe (sanitised rich text, icons).
func (w *Writer) HTML(h template.HTML) { w.Raw(string(h)) }

// escapeTable marks the bytes html/template replaces in text and in quoted
// attribute values (its htmlReplacementTable). Multi-byte UTF-8 sequences
// never contain these bytes, so escaping byte by byte is the same as rune
// by rune.
var escapeTable = [256]string{
	0:    "\uFFFD",
	'"':  "&#34;",
	'&':  "&amp;",
	'\'': "&#39;",
	'+':  "&#43;",
	'<':  "&lt;",
	'>':  "&gt;",
}

// plainEscapeTable is text/template's HTMLEscapeString: the same but '+'.
var plainEscapeTable = [256]string{
	0:    "\uFFFD",
	'"':  "&#34;",
	'&':  "&amp;",
	'\'': "&#39;",
	'<':  "&lt;",
	'>':  "&gt;",
}

func (w *Writer) escapeWith(s string, table *[256]string) {
	last := 0
	for i := 0; i < len(s); i++ {
		if r := table[s[i]]; r != "" {
			w.Raw(s[last:i])
			w.Raw(r)
			last = i + 1
		}
	}
	w.Raw(s[last:])
}

// byte appends one byte.
func (w *Writer) byte(c byte) {
	n := len(w.b)
	if n == cap(w.b) {
		w.grow(1)
	}
	w.b = w.b[:n+1]
	w.b[n] = c
}

// Escape appends s escaped for HTML text or a quoted attribute value, as
// html/template's {{.}} does in those places.
func (w *Writer) Escape(s string) { w.escapeWith(s, &escapeTable) }

// EscapePlain appends s escaped as template.HTMLEscapeString does (which,
// unlike Escape, leaves '+' alone).
func (w *Writer) EscapePlain(s string) { w.escapeWith(s, &plainEscapeTable) }

// Attr appends ` name="value"` with the value escaped. name must be a
// literal attribute name that is not a URL, event handler or style
// attribute (use URLAttr for URLs).
func (w *Writer) Attr(name, value string) {
	w.byte(' ')
	w.Raw(name)
	w.Raw(`="`)
	w.Escape(value)
	w.byte('"')
}

// filterFailsafe is what html/template writes for a URL it refuses.
const filterFailsafe = "#ZgotmplZ"

// URL appends u as the whole value of a URL attribute (href, src, action):
// a URL with a scheme other than http, https, mailto or tel becomes
// "#ZgotmplZ", the rest is normalised (characters outside RFC 3986
// percent-encoded, existing escapes kept) and escaped. Check u with
// SafeURL or SafeImageURL first: this is the last line of defence, not the
// check.
func (w *Writer) URL(u string) {
	if !filterURL(u) {
		w.Raw(filterFailsafe)
		return
	}
	w.url(u, true)
}

// URLAttr appends ` name="u"` with u as for URL.
func (w *Writer) URLAttr(name, u string) {
	w.byte(' ')
	w.Raw(name)
	w.Raw(`="`)
	w.URL(u)
	w.byte('"')
}

// URLPath appends s as part of a URL's path after a literal prefix
// (action="/_forms/{{.}}"): normalised and escaped, no scheme check.
func (w *Writer) URLPath(s string) { w.url(s, true) }

// URLQuery appends s as part of a URL's query or fragment
// ("?v={{.}}", "#{{.}}"): every reserved character is percent-encoded.
func (w *Writer) URLQuery(s string) { w.url(s, false) }

// filterURL is html/template's isSafeURL, with tel: added (the renderer's
// URLs are checked by SafeURL, which allows it).
func filterURL(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '/':
			return true
		case ':':
			p := s[:i]
			return strings.EqualFold(p, "http") || strings.EqualFold(p, "https") || strings.EqualFold(p, "mailto") || strings.EqualFold(p, "tel")
		}
	}
	return true
}

const hexDigits = "0123456789abcdef"

// url is html/template's processURLOnto followed by its attribute
// escaper: with norm, reserved characters and valid %-escapes stay.
func (w *Writer) url(s string, norm bool) {
	last := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '!', '#', '$', '&', '*', '+', ',', '/', ':', ';', '=', '?', '@', '[', ']':
			if norm {
				continue
			}
		case '-', '.', '_', '~':
			continue
		case '%':
			if norm && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
				continue
			}
		default:
			if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' {
				continue
			}
		}
		w.Escape(s[last:i])
		w.byte('%')
		w.byte(hexDigits[c>>4])
		w.byte(hexDigits[c&15])
		last = i + 1
	}
	w.Escape(s[last:])
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// Int appends n.
func (w *Writer) Int(n int) {
	var buf [20]byte
	w.rawBytes(strconv.AppendInt(buf[:0], int64(n), 10))
}

// Number appends a prop value as html/template prints it (fmt.Sprint,
// escaped): 24, 1.5, 1e+21.
func (w *Writer) Number(v any) {
	switch n := v.(type) {
	case nil:
		return
	case float64:
		if n == math.Trunc(n) && math.Abs(n) < 1e15 && !(n == 0 && math.Signbit(n)) {
			w.Int(int(n))
			return
		}
	case int:
		w.Int(n)
		return
	case int64:
		w.Int(int(n))
		return
	case string:
		w.Escape(n)
		return
	case json.Number:
		w.Escape(string(n))
		return
	}
	w.Escape(fmt.Sprint(v))
}

// Class appends the view's class list (escaped, without the quotes).
func (w *Writer) Class(v *View) {
	first := true
	for _, c := range v.ClassList {
		if c == "" {
			continue
		}
		if !first {
			w.byte(' ')
		}
		first = false
		w.Escape(c)
	}
}

// EditorAttrs appends the editor's marker attribute (data-pw-node) when the
// page renders for the editor canvas.
func (w *Writer) EditorAttrs(v *View) {
	if !v.Editor {
		return
	}
	w.Raw(` data-pw-node="`)
	w.EscapePlain(v.NodeID)
	w.byte('"')
}

// ClassAndAttrs appends ` class="…"` and the editor attributes: what a
// component's root element carries after its tag name.
func (w *Writer) ClassAndAttrs(v *View) {
	w.Raw(` class="`)
	w.Class(v)
	w.byte('"')
	w.EditorAttrs(v)
}
