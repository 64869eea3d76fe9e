package render

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/pagewright/pagewright/internal/doc"
	"github.com/pagewright/pagewright/internal/render/component"
)

// styleKeys are the non-breakpoint style keys.
const (
	keyBase  = "base"
	keyHover = "hover"
	keyFocus = "focus"
)

// Rule buckets, in stylesheet order: base rules, :hover, :focus-visible,
// then one per breakpoint (bucketMedia + its index).
const (
	bucketBase = iota
	bucketHover
	bucketFocus
	bucketMedia
)

var bucketSuffix = [bucketMedia]string{"", ":hover", ":focus-visible"}

// nodeRule is one compiled rule of a node: its bucket and its
// declarations, r.decl[start:end].
type nodeRule struct {
	bucket, start, end int
}

// styles compiles a node's generated and own styles into rules under a
// fresh class, returning the class ("" when there is nothing to style).
// Own styles win over generated ones property by property.
func (r *renderer) styles(n *doc.Node, gen []component.StyleDecl) (string, error) {
	var keyBuf [8]string
	keys := keyBuf[:0]
	for _, g := range gen {
		if !slices.Contains(keys, g.Key) {
			keys = append(keys, g.Key)
		}
	}
	for k := range n.Styles {
		if !slices.Contains(keys, k) {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	var ruleBuf [8]nodeRule
	rules := ruleBuf[:0]
	var propBuf [16]string
	r.decl = r.decl[:0]
	for _, key := range keys {
		own := n.Styles[key]
		props := propBuf[:0]
		for _, g := range gen {
			if g.Key == key && !slices.Contains(props, g.Prop) {
				props = append(props, g.Prop)
			}
		}
		if len(own)+len(props) == 0 {
			continue
		}
		var bucket int
		switch key {
		case keyBase:
			bucket = bucketBase
		case keyHover:
			bucket = bucketHover
		case keyFocus:
			bucket = bucketFocus
		default:
			i, ok := r.bpIndex[key]
			if !ok {
				return "", &Error{Node: n.ID, Field: "styles." + key, Message: "is not a breakpoint or state (base, hover, focus, or a configured breakpoint)"}
			}
			bucket = bucketMedia + i
		}
		ngen := len(props)
		for p := range own {
			if !slices.Contains(props[:ngen], p) {
				props = append(props, p)
			}
		}
		slices.Sort(props)
		start := len(r.decl)
		for _, p := range props {
			if !validProperty(p) {
				return "", &Error{Node: n.ID, Field: "styles." + key + "." + p, Message: "is not an allowed CSS property name"}
			}
			var val string
			var err error
			if v, ok := own[p]; ok {
				val, err = r.value(v)
			} else {
				val, err = r.cachedValue(genValue(gen, key, p))
			}
			if err != nil {
				return "", &Error{Node: n.ID, Field: "styles." + key + "." + p, Message: err.Error()}
			}
			if val == "" {
				continue
			}
			if len(r.decl) > start {
				r.decl = append(r.decl, ';')
			}
			r.decl = append(r.decl, p...)
			r.decl = append(r.decl, ':')
			r.decl = append(r.decl, val...)
		}
		if len(r.decl) > start {
			rules = append(rules, nodeRule{bucket, start, len(r.decl)})
		}
	}
	if len(rules) == 0 {
		return "", nil
	}
	class := r.nodeClass(n.ID)
	if !r.opts.SplitNodeCSS {
		for _, ru := range rules {
			b := &r.buckets[ru.bucket]
			*b = appendRule(*b, class, ru.bucket, r.decl[ru.start:ru.end])
		}
		return class, nil
	}
	// The node's own stylesheet, in stylesheet order, each breakpoint's
	// rule in its own @media block.
	slices.SortStableFunc(rules, func(a, b nodeRule) int { return cmp.Compare(a.bucket, b.bucket) })
	var out []byte
	for _, ru := range rules {
		if ru.bucket >= bucketMedia {
			out = appendMediaOpen(out, r.bps[ru.bucket-bucketMedia].px)
		}
		out = appendRule(out, class, ru.bucket, r.decl[ru.start:ru.end])
		if ru.bucket >= bucketMedia {
			out = append(out, "}\n"...)
		}
	}
	r.nodeCSS[n.ID] = string(out)
	return class, nil
}

// appendRule appends ".class[:state]{decls}\n".
func appendRule(b []byte, class string, bucket int, decls []byte) []byte {
	b = append(b, '.')
	b = append(b, class...)
	if bucket < bucketMedia {
		b = append(b, bucketSuffix[bucket]...)
	}
	b = append(b, '{')
	b = append(b, decls...)
	return append(b, "}\n"...)
}

func appendMediaOpen(b []byte, px int) []byte {
	b = append(b, "@media (min-width:"...)
	b = strconv.AppendInt(b, int64(px), 10)
	return append(b, "px){\n"...)
}

// genValue is the generated value of prop under key.
func genValue(gen []component.StyleDecl, key, prop string) string {
	for _, g := range gen {
		if g.Key == key && g.Prop == prop {
			return g.Value
		}
	}
	return ""
}

// validProperty reports whether name is a plain lowercase CSS property
// (optionally vendor-prefixed): letters, digits and single hyphens.
// Custom properties (--x) and the script-loading behavior and -moz-binding
// are not allowed.
func validProperty(name string) bool {
	if len(name) == 0 || len(name) > 64 || name == "behavior" || name == "-moz-binding" {
		return false
	}
	s := name
	if s[0] == '-' {
		s = s[1:]
	}
	if s == "" || s[0] < 'a' || s[0] > 'z' || s[len(s)-1] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		case c == '-' && s[i-1] != '-':
		default:
			return false
		}
	}
	return true
}

// value resolves token references in a style value and checks the result.
// Pages repeat values, so each distinct string is worked out once per render.
func (r *renderer) value(v any) (string, error) {
	if s, ok := v.(string); ok {
		return r.cachedValue(s)
	}
	switch v.(type) {
	case nil:
		return "", nil
	default:
		f, ok := component.Number(v)
		if !ok {
			return "", fmt.Errorf("must be a string or a number")
		}
		return strconv.FormatFloat(f, 'f', -1, 64), nil
	}
}

// cachedValue is value for a string.
func (r *renderer) cachedValue(s string) (string, error) {
	if out, ok := r.vals[s]; ok {
		return out, nil
	}
	out, err := r.stringValue(s)
	if err != nil {
		return "", err
	}
	r.vals[s] = out
	return out, nil
}

// stringValue is value for a string, uncached.
func (r *renderer) stringValue(s string) (string, error) {
	if strings.IndexByte(s, '{') >= 0 {
		var err error
		if s, err = r.tokens(s); err != nil {
			return "", err
		}
	}
	return strings.TrimSpace(s), checkValue(s)
}

// tokens replaces each `{path}` with the token's CSS.
func (r *renderer) tokens(s string) (string, error) {
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '{')
		if i < 0 {
			b.WriteString(s)
			return b.String(), nil
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			return "", fmt.Errorf("has an unclosed token reference")
		}
		path := s[i+1 : i+j]
		if !tokenPath(path) {
			return "", fmt.Errorf("has an invalid token reference {%s}", path)
		}
		var ref string
		ok := false
		if r.opts.Tokens != nil {
			ref, ok = r.opts.Tokens.Ref(path)
		}
		if !ok {
			return "", fmt.Errorf("refers to unknown token {%s}", path)
		}
		if r.tokenSet == nil {
			r.tokenSet = map[string]struct{}{}
		}
		r.tokenSet[path] = struct{}{}
		b.WriteString(s[:i])
		b.WriteString(ref)
		s = s[i+j+1:]
	}
}

func tokenPath(p string) bool {
	if p == "" || len(p) > 200 {
		return false
	}
	for i := 0; i < len(p); i++ {
		c := p[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// checkValue refuses values that could break out of the declaration or run
// code: ; { } < > \ and control characters, comments, unbalanced quotes,
// expression(), javascript:/vbscript: and url() with an unsafe target,
// @import, behavior and -moz-binding.
func checkValue(s string) error {
	if len(s) > 1000 {
		return fmt.Errorf("is longer than 1000 bytes")
	}
	var quote byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c == 0x7f {
			return fmt.Errorf("contains a control character")
		}
		if quote != 0 {
			if c == quote {
				quote = 0
			} else if c == '\\' || c == '<' || c == '>' || c == '{' || c == '}' || c == ';' {
				return fmt.Errorf("contains %q", c)
			}
			continue
		}
		switch c {
		case ';', '{', '}', '<', '>', '\\':
			return fmt.Errorf("contains %q", c)
		case '"', '\'':
			quote = c
		}
	}
	if quote != 0 {
		return fmt.Errorf("has an unclosed quote")
	}
	low := strings.ToLower(strings.Join(strings.Fields(s), ""))
	for _, bad := range []string{"/*", "*/", "expression(", "javascript:", "vbscript:", "@import", "behavior:", "-moz-binding", "data:"} {
		if strings.Contains(low, bad) {
			return fmt.Errorf("contains %q", bad)
		}
	}
	rest := low
	for {
		i := strings.Index(rest, "url(")
		if i < 0 {
			break
		}
		rest = rest[i+4:]
		j := strings.IndexByte(rest, ')')
		if j < 0 {
			return fmt.Errorf("has an unclosed url(")
		}
		target := strings.Trim(rest[:j], `"'`)
		if _, ok := component.SafeImageURL(target); !ok {
			return fmt.Errorf("has url() with an unsafe or invalid target")
		}
		rest = rest[j+1:]
	}
	for _, fn := range []string{"image(", "image-set(", "src("} {
		if strings.Contains(low, fn) {
			return fmt.Errorf("uses %s…) (only url() is allowed for images)", fn)
		}
	}
	return nil
}

// css assembles the stylesheet: base, component CSS once per used type
// (sorted by name), node rules, state rules, then media rules in
// breakpoint order.
func (r *renderer) css() string {
	size := len(baseCSS)
	editor := r.opts.Mode == Editor
	for _, t := range r.used {
		size += len(t.CSS) + 1
		if editor {
			size += len(t.EditorCSS) + 1
		}
	}
	for _, b := range r.buckets {
		size += len(b) + 32
	}
	var b strings.Builder
	b.Grow(size)
	b.WriteString(baseCSS)
	for _, t := range r.usedByName() {
		if t.CSS != "" {
			b.WriteString(t.CSS)
			b.WriteByte('\n')
		}
		if editor && t.EditorCSS != "" {
			b.WriteString(t.EditorCSS)
			b.WriteByte('\n')
		}
	}
	var media []byte
	for i, rules := range r.buckets {
		if len(rules) == 0 {
			continue
		}
		if i < bucketMedia {
			b.Write(rules)
			continue
		}
		media = appendMediaOpen(media[:0], r.bps[i-bucketMedia].px)
		b.Write(media)
		b.Write(rules)
		b.WriteString("}\n")
	}
	return b.String()
}
