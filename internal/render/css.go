package render

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/pagewright/pagewright/internal/doc"
	"github.com/pagewright/pagewright/internal/render/component"
)

// ruleSet collects per-node CSS rules by where they go in the stylesheet.
type ruleSet struct {
	base, hover, focus []string
	media              [][]string // by breakpoint index
}

// styleKeys are the non-breakpoint style keys.
const (
	keyBase  = "base"
	keyHover = "hover"
	keyFocus = "focus"
)

// styles compiles a node's generated and own styles into rules under a
// fresh class, returning the class ("" when there is nothing to style).
// Own styles win over generated ones property by property.
func (r *renderer) styles(n *doc.Node, gen map[string]map[string]any) (string, error) {
	keys := make([]string, 0, len(gen)+len(n.Styles))
	for k := range gen {
		keys = append(keys, k)
	}
	for k := range n.Styles {
		if _, dup := gen[k]; !dup {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	class := ""
	for _, key := range keys {
		own, g := n.Styles[key], gen[key]
		if len(own)+len(g) == 0 {
			continue
		}
		var bucket *[]string
		suffix := ""
		switch key {
		case keyBase:
			bucket = &r.rules.base
		case keyHover:
			bucket, suffix = &r.rules.hover, ":hover"
		case keyFocus:
			bucket, suffix = &r.rules.focus, ":focus-visible"
		default:
			i, ok := r.bpIndex[key]
			if !ok {
				return "", &Error{Node: n.ID, Field: "styles." + key, Message: "is not a breakpoint or state (base, hover, focus, or a configured breakpoint)"}
			}
			bucket = &r.rules.media[i]
		}
		props := make([]string, 0, len(own)+len(g))
		for p := range g {
			props = append(props, p)
		}
		for p := range own {
			if _, dup := g[p]; !dup {
				props = append(props, p)
			}
		}
		slices.Sort(props)
		var decl strings.Builder
		for _, p := range props {
			v, ok := own[p]
			if !ok {
				v = g[p]
			}
			field := "styles." + key + "." + p
			if !validProperty(p) {
				return "", &Error{Node: n.ID, Field: field, Message: "is not an allowed CSS property name"}
			}
			val, err := r.value(v)
			if err != nil {
				return "", &Error{Node: n.ID, Field: field, Message: err.Error()}
			}
			if val == "" {
				continue
			}
			if decl.Len() > 0 {
				decl.WriteByte(';')
			}
			decl.WriteString(p)
			decl.WriteByte(':')
			decl.WriteString(val)
		}
		if decl.Len() == 0 {
			continue
		}
		if class == "" {
			class = r.classes.ID("pw-n-" + n.ID)
		}
		*bucket = append(*bucket, "."+class+suffix+"{"+decl.String()+"}")
	}
	return class, nil
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
func (r *renderer) value(v any) (string, error) {
	var s string
	switch x := v.(type) {
	case string:
		s = x
	case nil:
		return "", nil
	default:
		f, ok := component.Number(v)
		if !ok {
			return "", fmt.Errorf("must be a string or a number")
		}
		return strconv.FormatFloat(f, 'f', -1, 64), nil
	}
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
	var b strings.Builder
	b.WriteString(baseCSS)
	names := make([]string, 0, len(r.used))
	for n := range r.used {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		if c := r.used[n].CSS; c != "" {
			b.WriteString(c)
			b.WriteByte('\n')
		}
	}
	for _, list := range [][]string{r.rules.base, r.rules.hover, r.rules.focus} {
		for _, rule := range list {
			b.WriteString(rule)
			b.WriteByte('\n')
		}
	}
	for i, list := range r.rules.media {
		if len(list) == 0 {
			continue
		}
		fmt.Fprintf(&b, "@media (min-width:%dpx){\n", r.bps[i].px)
		for _, rule := range list {
			b.WriteString(rule)
			b.WriteByte('\n')
		}
		b.WriteString("}\n")
	}
	return b.String()
}
