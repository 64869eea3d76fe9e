// Package token is Pagewright's design-token engine: it parses token files in
// the W3C Design Tokens Community Group (DTCG) format, resolves aliases for a
// base set and its themes, checks colour contrast, and emits CSS custom
// properties, SCSS, resolved JSON and a Tailwind theme (DESIGN.md §5).
//
// The package is pure: no I/O beyond the embedded default set, no storage, no
// HTTP. A service loads a System from its store, calls Parse/Resolve/CSS, and
// maps the *Error values returned here to field errors for the API.
//
// Token files come from users (pasted, imported from Figma plugins, edited in
// the browser), so the parser is strict and bounded: every error names the
// token path it is about, and MaxBytes, MaxDepth and MaxTokens cap the work a
// hostile file can cause. Every string that can reach a stylesheet is
// checked against a conservative grammar at parse time, because published
// pages embed the generated CSS and a value like `red}</style><script>` must
// never get that far.
package token

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits on one token file. They are far above any real design system (the
// default set has a few hundred tokens in about 20 KiB) and low enough that
// parsing and resolving a hostile file stays in the milliseconds.
const (
	MaxBytes  = 1 << 20 // bytes of JSON in one file
	MaxDepth  = 16      // nesting of groups and tokens (path segments)
	MaxTokens = 5000    // tokens in one file

	// maxNameLen bounds one path segment; long names make unusable CSS.
	maxNameLen = 128
	// maxJSONDepth leaves room below the deepest token for its composite
	// value (shadow layers hold objects inside an array).
	maxJSONDepth = MaxDepth + 4
	// maxErrors keeps a broken file's error list readable and bounded.
	maxErrors = 50
)

// Type is a DTCG token type ($type).
type Type string

// The DTCG types. Composite types (StrokeStyle objects, Border, Transition,
// Shadow, Gradient, Typography) hold objects whose properties may themselves
// be aliases.
const (
	TypeColor       Type = "color"
	TypeDimension   Type = "dimension"
	TypeFontFamily  Type = "fontFamily"
	TypeFontWeight  Type = "fontWeight"
	TypeDuration    Type = "duration"
	TypeCubicBezier Type = "cubicBezier"
	TypeNumber      Type = "number"
	TypeStrokeStyle Type = "strokeStyle"
	TypeBorder      Type = "border"
	TypeTransition  Type = "transition"
	TypeShadow      Type = "shadow"
	TypeGradient    Type = "gradient"
	TypeTypography  Type = "typography"
)

// Types lists every known type, in the order of the DTCG specification.
var Types = []Type{TypeColor, TypeDimension, TypeFontFamily, TypeFontWeight, TypeDuration,
	TypeCubicBezier, TypeNumber, TypeStrokeStyle, TypeBorder, TypeTransition, TypeShadow,
	TypeGradient, TypeTypography}

// Known reports whether t is one of Types.
func (t Type) Known() bool { return slices.Contains(Types, t) }

// Token is one design token. Value is the JSON value as authored: string,
// json.Number, bool, nil, []any or map[string]any, with aliases left in
// place as "{group.token}" strings. Values are shared, never copied: treat
// them as read-only.
type Token struct {
	// Path is the dotted location of the token, e.g. "color.blue.500".
	Path string
	// Type is the effective type: the token's own $type, else the nearest
	// group's. It is empty for an untyped token, whose type (if it is an
	// alias) comes from its target at resolution.
	Type        Type
	Value       any
	Description string
	// Deprecated marks a token the design system wants to retire;
	// DeprecatedNote is the reason or replacement when $deprecated was a string.
	Deprecated     bool
	DeprecatedNote string
	// Extensions is $extensions, vendor data kept for round trips.
	Extensions map[string]any

	// ownType is the $type written on the token itself, so MarshalJSON
	// reproduces the file rather than repeating inherited types.
	ownType Type
	// index is the position in the file, the order of every output.
	index int
}

// Group is a group of tokens. Groups carry the $type their tokens inherit
// and documentation for the token browser.
type Group struct {
	Path           string
	Type           Type // the $type written on this group
	Description    string
	Deprecated     bool
	DeprecatedNote string
	Extensions     map[string]any
}

// entry is one node of the file in source order: a group or a token.
type entry struct {
	group *Group
	token *Token
}

// File is a parsed token file. The zero File is empty and valid. A File is
// immutable after Parse, so it may be shared between goroutines.
type File struct {
	tokens  []*Token
	byPath  map[string]*Token
	groups  map[string]*Group
	entries []entry // pre-order, for MarshalJSON
}

// Tokens returns the tokens in source order. The slice must not be modified.
func (f *File) Tokens() []*Token {
	if f == nil {
		return nil
	}
	return f.tokens
}

// Len returns the number of tokens.
func (f *File) Len() int {
	if f == nil {
		return 0
	}
	return len(f.tokens)
}

// Get returns the token at path.
func (f *File) Get(path string) (*Token, bool) {
	if f == nil {
		return nil, false
	}
	t, ok := f.byPath[path]
	return t, ok
}

// Group returns the group at path ("" is the root group when it carries
// properties).
func (f *File) Group(path string) (*Group, bool) {
	if f == nil {
		return nil, false
	}
	g, ok := f.groups[path]
	return g, ok
}

// Error is one problem with a token file or a design system, located by
// token path (and theme, when it is about a theme's resolution).
type Error struct {
	Theme   string // "" for the base set
	Path    string // dotted token or group path; "" for the file itself
	Message string
}

// Error formats the error as `theme "dark": color.text.default: message`,
// the theme part only for theme errors.
func (e *Error) Error() string {
	var b strings.Builder
	if e.Theme != "" {
		b.WriteString("theme ")
		b.WriteString(strconv.Quote(e.Theme))
		b.WriteString(": ")
	}
	if e.Path == "" {
		b.WriteString("(root)")
	} else {
		b.WriteString(e.Path)
	}
	b.WriteString(": ")
	b.WriteString(e.Message)
	return b.String()
}

// Errors is every problem found in one pass, in file order, so an editor
// can show them all at once instead of one per save.
type Errors []*Error

// Error joins the errors with "; ".
func (es Errors) Error() string {
	parts := make([]string, len(es))
	for i, e := range es {
		parts[i] = e.Error()
	}
	return strings.Join(parts, "; ")
}

// errList collects errors up to maxErrors.
type errList struct {
	errs Errors
	more int
}

func (l *errList) add(theme, path, format string, args ...any) {
	if len(l.errs) >= maxErrors {
		l.more++
		return
	}
	l.errs = append(l.errs, &Error{Theme: theme, Path: path, Message: fmt.Sprintf(format, args...)})
}

func (l *errList) err() error {
	if len(l.errs) == 0 {
		return nil
	}
	if l.more > 0 {
		l.errs = append(l.errs, &Error{Message: fmt.Sprintf("%d more errors not shown", l.more)})
	}
	return l.errs
}

// Parse decodes a DTCG token file. The error, when not nil, is an Errors
// listing every problem found, each naming its token path.
func Parse(data []byte) (*File, error) {
	if len(data) > MaxBytes {
		return nil, Errors{{Message: fmt.Sprintf("token file is larger than %d MiB", MaxBytes>>20)}}
	}
	root, err := decodeOrdered(data)
	if err != nil {
		return nil, Errors{{Path: err.path, Message: err.msg}}
	}
	obj, ok := root.(*object)
	if !ok {
		return nil, Errors{{Message: "expected a JSON object of groups and tokens"}}
	}
	p := parser{f: &File{byPath: map[string]*Token{}, groups: map[string]*Group{}}, cssNames: map[string]string{}}
	p.group(obj, nil, "", groupInherit{})
	if err := p.errs.err(); err != nil {
		return nil, err
	}
	return p.f, nil
}

// MustParse is Parse for files known to be valid, such as test fixtures and
// the embedded defaults. It panics on error.
func MustParse(data []byte) *File {
	f, err := Parse(data)
	if err != nil {
		panic(err)
	}
	return f
}

type parser struct {
	f        *File
	errs     errList
	cssNames map[string]string // CSS variable name → path, to catch collisions
	tooMany  bool
}

type groupInherit struct {
	typ            Type
	deprecated     bool
	deprecatedNote string
}

// group walks one group object. path is its location; typ the inherited type.
func (p *parser) group(obj *object, path []string, pathStr string, in groupInherit) {
	var g *Group
	if len(path) > 0 {
		g = &Group{Path: pathStr}
	}
	own := groupInherit{}
	for _, k := range obj.keys {
		if !strings.HasPrefix(k, "$") {
			continue
		}
		v := obj.vals[k]
		switch k {
		case "$type":
			t, ok := v.(string)
			if !ok || !Type(t).Known() {
				p.errs.add("", pathStr, "$type %s is not a known type (%s)", describe(v), typeList())
				continue
			}
			own.typ = Type(t)
		case "$description":
			s, ok := v.(string)
			if !ok {
				p.errs.add("", pathStr, "$description must be a string")
				continue
			}
			if g != nil {
				g.Description = s
			}
		case "$deprecated":
			d, note, ok := deprecation(v)
			if !ok {
				p.errs.add("", pathStr, "$deprecated must be true, false or a string")
				continue
			}
			own.deprecated, own.deprecatedNote = d, note
		case "$extensions":
			m, ok := plain(v).(map[string]any)
			if !ok {
				p.errs.add("", pathStr, "$extensions must be an object")
				continue
			}
			if g != nil {
				g.Extensions = m
			}
		default:
			p.errs.add("", pathStr, "unknown property %s (groups allow $type, $description, $deprecated and $extensions)", k)
		}
	}
	if g != nil {
		g.Type, g.Deprecated, g.DeprecatedNote = own.typ, own.deprecated, own.deprecatedNote
		p.f.groups[pathStr] = g
		p.f.entries = append(p.f.entries, entry{group: g})
	} else if own != (groupInherit{}) {
		// The root object may carry a $type or $deprecated for the whole file.
		p.f.groups[""] = &Group{Type: own.typ, Deprecated: own.deprecated, DeprecatedNote: own.deprecatedNote}
	}
	if own.typ != "" {
		in.typ = own.typ
	}
	if own.deprecated {
		in.deprecated, in.deprecatedNote = true, own.deprecatedNote
	}
	for _, k := range obj.keys {
		if strings.HasPrefix(k, "$") {
			continue
		}
		childPath := append(path[:len(path):len(path)], k)
		childStr := k
		if pathStr != "" {
			childStr = pathStr + "." + k
		}
		if msg := checkName(k); msg != "" {
			p.errs.add("", pathStr, "name %s %s", strconv.Quote(k), msg)
			continue
		}
		if len(childPath) > MaxDepth {
			p.errs.add("", childStr, "nested deeper than %d levels", MaxDepth)
			continue
		}
		child, ok := obj.vals[k].(*object)
		if !ok {
			p.errs.add("", childStr, "expected a token (an object with $value) or a group, got %s", describe(obj.vals[k]))
			continue
		}
		if _, isToken := child.vals["$value"]; isToken {
			p.token(child, childStr, in)
			continue
		}
		if looksLikeToken(child) {
			p.errs.add("", childStr, "$value is missing")
			continue
		}
		p.group(child, childPath, childStr, in)
	}
}

// looksLikeToken tells a token that lost its $value (a typo, a bad export)
// from a group: it has token properties and no children. Reporting it beats
// silently accepting an empty group.
func looksLikeToken(o *object) bool {
	hasProp := false
	for _, k := range o.keys {
		if !strings.HasPrefix(k, "$") {
			return false
		}
		hasProp = true
	}
	return hasProp
}

func (p *parser) token(obj *object, path string, in groupInherit) {
	if len(p.f.tokens) >= MaxTokens {
		if !p.tooMany {
			p.tooMany = true
			p.errs.add("", "", "more than %d tokens", MaxTokens)
		}
		return
	}
	t := &Token{Path: path, Type: in.typ, Deprecated: in.deprecated, DeprecatedNote: in.deprecatedNote}
	ok := true
	for _, k := range obj.keys {
		v := obj.vals[k]
		switch k {
		case "$value":
			t.Value = plain(v)
		case "$type":
			s, isStr := v.(string)
			if !isStr || !Type(s).Known() {
				p.errs.add("", path, "$type %s is not a known type (%s)", describe(v), typeList())
				ok = false
				continue
			}
			t.Type, t.ownType = Type(s), Type(s)
		case "$description":
			s, isStr := v.(string)
			if !isStr {
				p.errs.add("", path, "$description must be a string")
				ok = false
				continue
			}
			t.Description = s
		case "$deprecated":
			d, note, valid := deprecation(v)
			if !valid {
				p.errs.add("", path, "$deprecated must be true, false or a string")
				ok = false
				continue
			}
			t.Deprecated, t.DeprecatedNote = d, note
		case "$extensions":
			m, isObj := plain(v).(map[string]any)
			if !isObj {
				p.errs.add("", path, "$extensions must be an object")
				ok = false
				continue
			}
			t.Extensions = m
		default:
			if strings.HasPrefix(k, "$") {
				p.errs.add("", path, "unknown property %s (tokens allow $value, $type, $description, $deprecated and $extensions)", k)
			} else {
				p.errs.add("", path, "a token cannot contain tokens or groups (found %s)", strconv.Quote(k))
			}
			ok = false
		}
	}
	if !ok {
		return
	}
	if msg := checkValue(t.Type, t.Value, "$value"); msg != "" {
		p.errs.add("", path, "%s", msg)
		return
	}
	name := VarName(path)
	if other, clash := p.cssNames[name]; clash {
		p.errs.add("", path, "CSS name %s is already used by %s; rename one of them", name, other)
		return
	}
	p.cssNames[name] = path
	t.index = len(p.f.tokens)
	p.f.tokens = append(p.f.tokens, t)
	p.f.byPath[path] = t
	p.f.entries = append(p.f.entries, entry{token: t})
}

func deprecation(v any) (bool, string, bool) {
	switch d := v.(type) {
	case bool:
		return d, "", true
	case string:
		return true, d, true
	}
	return false, "", false
}

func typeList() string {
	s := make([]string, len(Types))
	for i, t := range Types {
		s[i] = string(t)
	}
	return strings.Join(s, ", ")
}

// checkName validates one path segment. DTCG reserves "$" and forbids the
// characters that delimit paths and aliases; control characters and very
// long names are refused because names end up in CSS and in the UI.
func checkName(k string) string {
	switch {
	case k == "":
		return "is empty"
	case len(k) > maxNameLen:
		return fmt.Sprintf("is longer than %d bytes", maxNameLen)
	case !utf8.ValidString(k):
		return "is not valid UTF-8"
	case strings.ContainsAny(k, ".{}"):
		return "must not contain '.', '{' or '}'"
	}
	for _, r := range k {
		if unicode.IsControl(r) {
			return "must not contain control characters"
		}
	}
	return ""
}

// describe names a JSON value's kind for error messages, quoting short strings.
func describe(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case string:
		if len(x) > 40 {
			x = x[:40] + "…"
		}
		return strconv.Quote(x)
	case json.Number:
		return "the number " + x.String()
	case bool:
		return "a boolean"
	case []any:
		return "an array"
	case *object, map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}

// ParseAlias returns the path inside an alias string "{color.blue.500}".
// It is what the renderer uses to recognise token references in styles.
func ParseAlias(s string) (path string, ok bool) {
	if len(s) < 3 || s[0] != '{' || s[len(s)-1] != '}' {
		return "", false
	}
	path = s[1 : len(s)-1]
	for seg := range strings.SplitSeq(path, ".") {
		if checkName(seg) != "" || strings.HasPrefix(seg, "$") {
			return "", false
		}
	}
	return path, true
}

// aliasOf returns the target path when v is an alias string.
func aliasOf(v any) (string, bool) {
	s, ok := v.(string)
	if !ok {
		return "", false
	}
	return ParseAlias(s)
}

// object is a JSON object that remembers its key order, because the order
// authors give tokens (xs, sm, md…; 50…900) is the order they expect in the
// CSS, the exports and the token browser.
type object struct {
	keys []string
	vals map[string]any
}

type decodeError struct {
	path string
	msg  string
}

// decodeOrdered decodes JSON into *object, []any, string, json.Number, bool
// and nil, refusing duplicate keys (the second would silently win) and
// nesting deeper than maxJSONDepth before building it.
func decodeOrdered(data []byte) (any, *decodeError) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	v, derr := decodeValue(dec, nil, 0)
	if derr != nil {
		return nil, derr
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, &decodeError{msg: "invalid JSON: unexpected data after the top-level value"}
	}
	return v, nil
}

func decodeValue(dec *json.Decoder, path []string, depth int) (any, *decodeError) {
	tok, err := dec.Token()
	if err != nil {
		return nil, jsonError(err, path)
	}
	d, isDelim := tok.(json.Delim)
	if !isDelim {
		return tok, nil
	}
	if depth >= maxJSONDepth {
		return nil, &decodeError{path: strings.Join(path, "."), msg: fmt.Sprintf("nested deeper than %d levels", MaxDepth)}
	}
	switch d {
	case '{':
		o := &object{vals: map[string]any{}}
		for dec.More() {
			kt, err := dec.Token()
			if err != nil {
				return nil, jsonError(err, path)
			}
			k := kt.(string) // the decoder guarantees object keys are strings
			if _, dup := o.vals[k]; dup {
				return nil, &decodeError{path: strings.Join(path, "."), msg: fmt.Sprintf("duplicate key %s", strconv.Quote(k))}
			}
			v, derr := decodeValue(dec, append(path[:len(path):len(path)], k), depth+1)
			if derr != nil {
				return nil, derr
			}
			o.keys = append(o.keys, k)
			o.vals[k] = v
		}
		if _, err := dec.Token(); err != nil {
			return nil, jsonError(err, path)
		}
		return o, nil
	default: // '['
		var a []any
		for dec.More() {
			v, derr := decodeValue(dec, path, depth+1)
			if derr != nil {
				return nil, derr
			}
			a = append(a, v)
		}
		if _, err := dec.Token(); err != nil {
			return nil, jsonError(err, path)
		}
		if a == nil {
			a = []any{}
		}
		return a, nil
	}
}

func jsonError(err error, path []string) *decodeError {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return &decodeError{msg: fmt.Sprintf("invalid JSON at byte %d: %s", se.Offset, se.Error())}
	}
	if err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF) {
		return &decodeError{msg: "invalid JSON: unexpected end of input"}
	}
	return &decodeError{path: strings.Join(path, "."), msg: "invalid JSON: " + err.Error()}
}

// plain converts decoded values to plain Go JSON values (map[string]any),
// which is how token values are held: their key order carries no meaning.
func plain(v any) any {
	switch x := v.(type) {
	case *object:
		m := make(map[string]any, len(x.keys))
		for _, k := range x.keys {
			m[k] = plain(x.vals[k])
		}
		return m
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = plain(e)
		}
		return out
	}
	return v
}
