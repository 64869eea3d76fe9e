package sitebuild

import (
	"errors"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/pagewright/pagewright/internal/doc"
)

// errSlowPath makes decodeDocument give up on input it does not handle
// exactly as encoding/json would (a key in another case, a null where a
// field has a type, a repeated field, anything malformed): the caller
// then decodes with encoding/json.
var errSlowPath = errors.New("sitebuild: document needs the general decoder")

// decodeDocument decodes a page document as json.Unmarshal into a
// doc.Document does, several times faster. A build decodes every page it
// renders, and with encoding/json that took longer than rendering the
// page. Props and style values decode to the same generic values
// (map[string]any, []any, string, float64, bool, nil), so the renderer
// sees exactly what it would otherwise. FuzzDecodeDocument checks that
// the two agree.
func decodeDocument(b []byte) (*doc.Document, error) {
	return decodeDocumentWith(b, nil)
}

// decodeDocumentWith is decodeDocument sharing strings through in (which
// may be nil).
func decodeDocumentWith(b []byte, in *interner) (*doc.Document, error) {
	p := docParser{b: b, in: in}
	d, err := p.document()
	if err != nil {
		return nil, err
	}
	p.space()
	if p.i != len(p.b) {
		return nil, errSlowPath
	}
	return d, nil
}

type docParser struct {
	b  []byte
	i  int
	in *interner
}

// interner shares the short strings documents repeat (prop names, style
// keys and values, component types, ids) between the documents one worker
// decodes: a string seen before costs a map lookup instead of an
// allocation, and as a prop value its boxed interface is shared too.
// Strings are immutable, so sharing them is safe.
type interner struct {
	strs map[string]string
	vals map[string]any
}

const (
	maxInterned    = 1 << 14 // entries per map: past that, allocate
	maxInternedLen = 48      // longer strings rarely repeat
)

func newInterner() *interner {
	return &interner{strs: make(map[string]string, 256), vals: make(map[string]any, 256)}
}

// str returns b as a string, shared if it was seen before.
func (in *interner) str(b []byte) string {
	if in == nil || len(b) > maxInternedLen {
		return string(b)
	}
	if s, ok := in.strs[string(b)]; ok {
		return s
	}
	s := string(b)
	if len(in.strs) < maxInterned {
		in.strs[s] = s
	}
	return s
}

// val returns b as a string in an interface, shared if seen before.
func (in *interner) val(b []byte) any {
	if in == nil || len(b) > maxInternedLen {
		return string(b)
	}
	if v, ok := in.vals[string(b)]; ok {
		return v
	}
	var v any = in.str(b)
	if len(in.vals) < maxInterned {
		in.vals[v.(string)] = v
	}
	return v
}

func (p *docParser) space() {
	for p.i < len(p.b) {
		switch p.b[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

// next skips white space and returns the next byte (0 at the end).
func (p *docParser) next() byte {
	p.space()
	if p.i < len(p.b) {
		return p.b[p.i]
	}
	return 0
}

// expect consumes byte c after white space.
func (p *docParser) expect(c byte) error {
	if p.next() != c {
		return errSlowPath
	}
	p.i++
	return nil
}

// object calls field for each member of an object, the parser standing at
// the member's value.
func (p *docParser) object(field func(key []byte) error) error {
	if err := p.expect('{'); err != nil {
		return err
	}
	if p.next() == '}' {
		p.i++
		return nil
	}
	for {
		if p.next() != '"' {
			return errSlowPath
		}
		key, err := p.rawKey()
		if err != nil {
			return err
		}
		if err := p.expect(':'); err != nil {
			return err
		}
		if err := field(key); err != nil {
			return err
		}
		switch p.next() {
		case ',':
			p.i++
		case '}':
			p.i++
			return nil
		default:
			return errSlowPath
		}
	}
}

// rawKey reads a key of a struct's object: plain ASCII without escapes,
// as the fields' names are (anything else takes the slow path).
func (p *docParser) rawKey() ([]byte, error) {
	p.i++ // the quote
	start := p.i
	for p.i < len(p.b) {
		c := p.b[p.i]
		switch {
		case c == '"':
			p.i++
			return p.b[start : p.i-1], nil
		case c == '\\' || c < 0x20 || c >= 0x80:
			return nil, errSlowPath
		}
		p.i++
	}
	return nil, errSlowPath
}

// seen tracks the fields of one struct already decoded: encoding/json
// merges a repeated map field, which is not worth copying here.
type seen uint16

func (s *seen) mark(bit uint) error {
	if *s&(1<<bit) != 0 {
		return errSlowPath
	}
	*s |= 1 << bit
	return nil
}

func (p *docParser) document() (*doc.Document, error) {
	d := &doc.Document{}
	var s seen
	err := p.object(func(key []byte) error {
		var err error
		switch string(key) {
		case "schemaVersion":
			if err = s.mark(0); err == nil {
				d.SchemaVersion, err = p.int()
			}
		case "root":
			if err = s.mark(1); err == nil {
				d.Root, err = p.typedString()
			}
		case "meta":
			if err = s.mark(2); err == nil {
				err = p.meta(&d.Meta)
			}
		case "nodes":
			if err = s.mark(3); err == nil {
				err = p.nodes(d)
			}
		default:
			err = errSlowPath
		}
		return err
	})
	return d, err
}

func (p *docParser) meta(m *doc.Meta) error {
	var s seen
	return p.object(func(key []byte) error {
		var dst *string
		var bit uint
		switch string(key) {
		case "title":
			dst, bit = &m.Title, 0
		case "description":
			dst, bit = &m.Description, 1
		case "lang":
			dst, bit = &m.Lang, 2
		case "ogImage":
			dst, bit = &m.OGImage, 3
		default:
			return errSlowPath
		}
		if err := s.mark(bit); err != nil {
			return err
		}
		v, err := p.typedString()
		*dst = v
		return err
	})
}

func (p *docParser) nodes(d *doc.Document) error {
	if p.next() != '{' {
		return errSlowPath
	}
	d.Nodes = make(map[string]*doc.Node, 64)
	for {
		// Keys of the nodes map are any string: decode them fully.
		p.i++ // '{' or ','
		if p.next() == '}' && len(d.Nodes) == 0 {
			p.i++
			return nil
		}
		if p.next() != '"' {
			return errSlowPath
		}
		id, err := p.string()
		if err != nil {
			return err
		}
		if err := p.expect(':'); err != nil {
			return err
		}
		n, err := p.node()
		if err != nil {
			return err
		}
		d.Nodes[id] = n // the last of repeated keys wins, as with encoding/json
		switch p.next() {
		case ',':
		case '}':
			p.i++
			return nil
		default:
			return errSlowPath
		}
	}
}

func (p *docParser) node() (*doc.Node, error) {
	if p.next() == 'n' {
		return nil, errSlowPath // a null node
	}
	n := &doc.Node{}
	var s seen
	err := p.object(func(key []byte) error {
		var err error
		str := func(bit uint, dst *string) {
			if err = s.mark(bit); err == nil {
				*dst, err = p.typedString()
			}
		}
		switch string(key) {
		case "id":
			str(0, &n.ID)
		case "type":
			str(1, &n.Type)
		case "parent":
			str(2, &n.Parent)
		case "pos":
			str(3, &n.Pos)
		case "label":
			str(4, &n.Label)
		case "props":
			if err = s.mark(5); err == nil {
				n.Props, err = p.genericObject()
			}
		case "bind":
			if err = s.mark(6); err == nil {
				n.Bind, err = p.genericObject()
			}
		case "styles":
			if err = s.mark(7); err == nil {
				err = p.styles(n)
			}
		case "hidden":
			if err = s.mark(8); err == nil {
				n.Hidden, err = p.bool()
			}
		case "locked":
			if err = s.mark(9); err == nil {
				n.Locked, err = p.bool()
			}
		default:
			err = errSlowPath
		}
		return err
	})
	return n, err
}

func (p *docParser) styles(n *doc.Node) error {
	if p.next() != '{' {
		return errSlowPath
	}
	n.Styles = map[string]map[string]any{}
	for {
		p.i++
		if p.next() == '}' && len(n.Styles) == 0 {
			p.i++
			return nil
		}
		if p.next() != '"' {
			return errSlowPath
		}
		key, err := p.string()
		if err != nil {
			return err
		}
		if err := p.expect(':'); err != nil {
			return err
		}
		if _, dup := n.Styles[key]; dup {
			return errSlowPath // encoding/json would merge the two
		}
		m, err := p.genericObject()
		if err != nil {
			return err
		}
		n.Styles[key] = m
		switch p.next() {
		case ',':
		case '}':
			p.i++
			return nil
		default:
			return errSlowPath
		}
	}
}

// genericObject decodes an object into a map[string]any; null gives nil
// (as encoding/json leaves a nil map field).
func (p *docParser) genericObject() (map[string]any, error) {
	switch p.next() {
	case 'n':
		return nil, p.literal("null")
	case '{':
	default:
		return nil, errSlowPath
	}
	v, err := p.value()
	if err != nil {
		return nil, err
	}
	m, _ := v.(map[string]any)
	return m, nil
}

// value decodes any JSON value as encoding/json does into an interface.
func (p *docParser) value() (any, error) {
	switch c := p.next(); {
	case c == '"':
		start := p.i + 1
		if raw, ok := p.plainString(); ok {
			return p.in.val(raw), nil
		}
		return p.slowString(start)
	case c == '{':
		m := map[string]any{}
		p.i++
		if p.next() == '}' {
			p.i++
			return m, nil
		}
		for {
			if p.next() != '"' {
				return nil, errSlowPath
			}
			k, err := p.string()
			if err != nil {
				return nil, err
			}
			if err := p.expect(':'); err != nil {
				return nil, err
			}
			v, err := p.value()
			if err != nil {
				return nil, err
			}
			m[k] = v
			switch p.next() {
			case ',':
				p.i++
			case '}':
				p.i++
				return m, nil
			default:
				return nil, errSlowPath
			}
		}
	case c == '[':
		a := []any{}
		p.i++
		if p.next() == ']' {
			p.i++
			return a, nil
		}
		for {
			v, err := p.value()
			if err != nil {
				return nil, err
			}
			a = append(a, v)
			switch p.next() {
			case ',':
				p.i++
			case ']':
				p.i++
				return a, nil
			default:
				return nil, errSlowPath
			}
		}
	case c == 't':
		return true, p.literal("true")
	case c == 'f':
		return false, p.literal("false")
	case c == 'n':
		return nil, p.literal("null")
	case c == '-' || c >= '0' && c <= '9':
		s, err := p.number()
		if err != nil {
			return nil, err
		}
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return nil, errSlowPath // out of range: encoding/json fails too
		}
		return f, nil
	}
	return nil, errSlowPath
}

func (p *docParser) literal(lit string) error {
	if len(p.b)-p.i < len(lit) || string(p.b[p.i:p.i+len(lit)]) != lit {
		return errSlowPath
	}
	p.i += len(lit)
	return nil
}

func (p *docParser) bool() (bool, error) {
	switch p.next() {
	case 't':
		return true, p.literal("true")
	case 'f':
		return false, p.literal("false")
	}
	return false, errSlowPath
}

func (p *docParser) int() (int, error) {
	if c := p.next(); c != '-' && (c < '0' || c > '9') {
		return 0, errSlowPath
	}
	s, err := p.number()
	if err != nil {
		return 0, err
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, errSlowPath
	}
	return n, nil
}

// number reads a JSON number's text, checking its grammar.
func (p *docParser) number() (string, error) {
	start := p.i
	b := p.b
	digits := func() bool {
		n := p.i
		for p.i < len(b) && b[p.i] >= '0' && b[p.i] <= '9' {
			p.i++
		}
		return p.i > n
	}
	if p.i < len(b) && b[p.i] == '-' {
		p.i++
	}
	switch {
	case p.i < len(b) && b[p.i] == '0':
		p.i++
	case !digits():
		return "", errSlowPath
	}
	if p.i < len(b) && b[p.i] == '.' {
		p.i++
		if !digits() {
			return "", errSlowPath
		}
	}
	if p.i < len(b) && (b[p.i] == 'e' || b[p.i] == 'E') {
		p.i++
		if p.i < len(b) && (b[p.i] == '+' || b[p.i] == '-') {
			p.i++
		}
		if !digits() {
			return "", errSlowPath
		}
	}
	return string(b[start:p.i]), nil
}

// typedString reads a string for a string field.
func (p *docParser) typedString() (string, error) {
	if p.next() != '"' {
		return "", errSlowPath // null or another type
	}
	return p.string()
}

// string reads a string as encoding/json does: escapes decoded, invalid
// UTF-8 and lone surrogates replaced with U+FFFD.
func (p *docParser) string() (string, error) {
	start := p.i + 1
	if raw, ok := p.plainString(); ok {
		return p.in.str(raw), nil
	}
	return p.slowString(start)
}

// plainString reads a string made of printable ASCII without escapes,
// the common case, and returns its bytes. Otherwise it stops where the
// string needs more care (slowString carries on from there) and returns
// false.
func (p *docParser) plainString() ([]byte, bool) {
	p.i++ // the opening quote
	start := p.i
	b := p.b
	for p.i < len(b) {
		c := b[p.i]
		switch {
		case c == '"':
			p.i++
			return b[start : p.i-1], true
		case c == '\\' || c >= utf8.RuneSelf || c < 0x20:
			return nil, false
		}
		p.i++
	}
	return nil, false
}

// slowString finishes reading a string that has escapes or non-ASCII
// bytes, from start (just after its opening quote).
func (p *docParser) slowString(start int) (string, error) {
	b := p.b
	out := make([]byte, 0, p.i-start+16)
	out = append(out, b[start:p.i]...)
	for p.i < len(b) {
		c := b[p.i]
		switch {
		case c == '"':
			p.i++
			return string(out), nil
		case c < 0x20:
			return "", errSlowPath
		case c < utf8.RuneSelf && c != '\\':
			out = append(out, c)
			p.i++
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRune(b[p.i:])
			if r == utf8.RuneError && size == 1 {
				out = utf8.AppendRune(out, utf8.RuneError)
			} else {
				out = append(out, b[p.i:p.i+size]...)
			}
			p.i += size
		default: // an escape
			if p.i+1 >= len(b) {
				return "", errSlowPath
			}
			e := b[p.i+1]
			p.i += 2
			switch e {
			case '"', '\\', '/':
				out = append(out, e)
			case 'b':
				out = append(out, '\b')
			case 'f':
				out = append(out, '\f')
			case 'n':
				out = append(out, '\n')
			case 'r':
				out = append(out, '\r')
			case 't':
				out = append(out, '\t')
			case 'u':
				r, ok := p.hex4()
				if !ok {
					return "", errSlowPath
				}
				if utf16.IsSurrogate(r) {
					r2 := utf8.RuneError
					save := p.i
					if p.i+1 < len(b) && b[p.i] == '\\' && b[p.i+1] == 'u' {
						p.i += 2
						if s, ok := p.hex4(); ok {
							if dec := utf16.DecodeRune(r, s); dec != utf8.RuneError {
								r2 = dec
							} else {
								p.i = save
							}
						} else {
							return "", errSlowPath
						}
					}
					r = r2
				}
				out = utf8.AppendRune(out, r)
			default:
				return "", errSlowPath
			}
		}
	}
	return "", errSlowPath
}

func (p *docParser) hex4() (rune, bool) {
	if p.i+4 > len(p.b) {
		return 0, false
	}
	var r rune
	for _, c := range p.b[p.i : p.i+4] {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			c = c - 'A' + 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	p.i += 4
	return r, true
}
