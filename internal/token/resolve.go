package token

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// ResolvedToken is a token with its aliases replaced by their values.
type ResolvedToken struct {
	Path string
	// Type is the effective type; an untyped alias takes its target's.
	Type Type
	// Value has no aliases left. It shares structure with other tokens:
	// treat it as read-only.
	Value any
	// Raw is the value as authored, aliases included; the CSS export
	// writes those aliases as var() references so themes cascade.
	Raw any
	// Refs are the paths Raw aliases directly, in a stable order.
	Refs           []string
	Description    string
	Deprecated     bool
	DeprecatedNote string
	// Theme is the theme whose file defined the token; "" for the base set.
	Theme string
}

// Resolved is a token set with every alias resolved, in file order: the
// base set's tokens (each replaced by the theme's override, if any), then
// tokens only the theme defines.
type Resolved struct {
	Theme  string
	tokens []*ResolvedToken
	byPath map[string]*ResolvedToken
}

// Tokens returns the resolved tokens in order. The slice must not be modified.
func (r *Resolved) Tokens() []*ResolvedToken { return r.tokens }

// Len returns the number of resolved tokens.
func (r *Resolved) Len() int { return len(r.tokens) }

// Get returns the resolved token at path.
func (r *Resolved) Get(path string) (*ResolvedToken, bool) {
	t, ok := r.byPath[path]
	return t, ok
}

// ValidRef reports whether path is a token of this set that the CSS
// export writes.
func (r *Resolved) ValidRef(path string) bool {
	t, ok := r.byPath[path]
	if !ok {
		return false
	}
	_, ok = cssLiteral(t.Type, t.Value)
	return ok
}

// color returns the colour of a color token.
func (r *Resolved) color(path string) (Color, bool) {
	t, ok := r.byPath[path]
	if !ok || t.Type != TypeColor {
		return Color{}, false
	}
	c, err := colorOf(t.Value)
	return c, err == nil
}

// Resolve resolves the aliases of one file on its own. On error it returns
// the tokens that did resolve together with an Errors naming each alias
// cycle (a → b → a), missing reference and type mismatch.
func Resolve(f *File) (*Resolved, error) {
	toks := f.Tokens()
	return resolveTokens("", toks, make([]string, len(toks)), nil)
}

// Resolve resolves the system as a theme shows it: the theme's tokens
// over the base set. "" means DefaultTheme. Errors are as for Resolve, each
// naming the theme.
func (s *System) Resolve(theme string) (*Resolved, error) {
	if theme == "" {
		theme = DefaultTheme
	}
	override, ok := s.Themes[theme]
	if !ok && theme != DefaultTheme {
		return nil, Errors{{Theme: theme, Message: "unknown theme"}}
	}
	if override == nil {
		toks := s.Tokens.Tokens()
		return resolveTokens(theme, toks, make([]string, len(toks)), nil)
	}
	var l errList
	toks := make([]*Token, 0, s.Tokens.Len()+override.Len())
	srcs := make([]string, 0, cap(toks))
	for _, t := range s.Tokens.Tokens() {
		o, ok := override.Get(t.Path)
		if !ok {
			toks, srcs = append(toks, t), append(srcs, "")
			continue
		}
		switch {
		case o.Type == "":
			// The theme file did not say; the override keeps the base type
			// and its value is checked against it once resolved.
			c := *o
			c.Type = t.Type
			o = &c
		case t.Type != "" && o.Type != t.Type:
			l.add(theme, o.Path, "$type %s differs from the base set's %s", o.Type, t.Type)
			o = t // keep the base token so its dependents are not reported too
		}
		toks, srcs = append(toks, o), append(srcs, theme)
	}
	for _, o := range override.Tokens() {
		if _, inBase := s.Tokens.Get(o.Path); inBase {
			continue
		}
		if _, isGroup := s.Tokens.Group(o.Path); isGroup {
			l.add(theme, o.Path, "is a group in the base set, not a token")
			continue
		}
		if p, clash := tokenPrefix(s.Tokens, o.Path); clash {
			l.add(theme, o.Path, "cannot be defined: %s is a token in the base set, not a group", p)
			continue
		}
		toks, srcs = append(toks, o), append(srcs, theme)
	}
	return resolveTokens(theme, toks, srcs, &l)
}

// tokenPrefix finds a token of f whose path is a proper prefix of path.
func tokenPrefix(f *File, path string) (string, bool) {
	for i := range len(path) {
		if path[i] == '.' {
			if _, ok := f.Get(path[:i]); ok {
				return path[:i], true
			}
		}
	}
	return "", false
}

const (
	stateNew uint8 = iota
	stateVisiting
	stateDone
	stateFailed
)

type resolver struct {
	theme  string
	toks   []*Token
	srcs   []string
	index  map[string]int
	state  []uint8
	out    []*ResolvedToken
	stack  []int
	cycles map[string]bool
	groups map[string]bool // built on the first missing reference
	errs   *errList
}

func resolveTokens(theme string, toks []*Token, srcs []string, l *errList) (*Resolved, error) {
	if l == nil {
		l = &errList{}
	}
	r := &resolver{theme: theme, toks: toks, srcs: srcs, index: make(map[string]int, len(toks)),
		state: make([]uint8, len(toks)), out: make([]*ResolvedToken, len(toks)), errs: l}
	for i, t := range toks {
		r.index[t.Path] = i
	}
	for i := range toks {
		r.resolve(i)
	}
	res := &Resolved{Theme: theme, tokens: make([]*ResolvedToken, 0, len(toks)), byPath: make(map[string]*ResolvedToken, len(toks))}
	for _, rt := range r.out {
		if rt != nil {
			res.tokens = append(res.tokens, rt)
			res.byPath[rt.Path] = rt
		}
	}
	if err := l.err(); err != nil {
		return res, err
	}
	return res, nil
}

// resolve resolves token i (depth first) and reports whether it succeeded.
func (r *resolver) resolve(i int) bool {
	switch r.state[i] {
	case stateDone:
		return true
	case stateFailed:
		return false
	}
	r.state[i] = stateVisiting
	r.stack = append(r.stack, i)
	t := r.toks[i]
	typ := t.Type
	val, got, ok := r.value(i, t.Value, typ, "$value")
	r.stack = r.stack[:len(r.stack)-1]
	if !ok {
		r.state[i] = stateFailed
		return false
	}
	if _, whole := aliasOf(t.Value); whole && typ == "" {
		typ = got
	}
	refs := refsOf(t.Value, nil)
	if len(refs) > 0 || r.srcs[i] != "" {
		// Aliased parts and theme overrides have not been checked
		// against the type yet (the parser saw only the literal parts).
		if msg := checkValue(typ, val, "$value"); msg != "" {
			r.errs.add(r.theme, t.Path, "%s", msg)
			r.state[i] = stateFailed
			return false
		}
	}
	r.out[i] = &ResolvedToken{Path: t.Path, Type: typ, Value: val, Raw: t.Value, Refs: refs,
		Description: t.Description, Deprecated: t.Deprecated, DeprecatedNote: t.DeprecatedNote, Theme: r.srcs[i]}
	r.state[i] = stateDone
	return true
}

// value resolves the aliases in v, expected to be of type want, inside
// token i; where locates v in the token for messages. It returns the
// resolved value and, for an alias, the target's type.
func (r *resolver) value(i int, v any, want Type, where string) (any, Type, bool) {
	switch x := v.(type) {
	case string:
		p, ok := ParseAlias(x)
		if !ok {
			return v, "", true
		}
		return r.alias(i, p, want, where)
	case map[string]any:
		out := make(map[string]any, len(x))
		for _, k := range sortedKeys(x) {
			sub := want
			if want != "" {
				sub = propType(want, k)
			}
			rv, _, ok := r.value(i, x[k], sub, where+"."+k)
			if !ok {
				return nil, "", false
			}
			out[k] = rv
		}
		return out, "", true
	case []any:
		elem := Type("")
		switch want {
		case TypeShadow:
			elem = TypeShadow
		case TypeGradient:
			elem = typeGradientStop
		case typeDashArray:
			elem = TypeDimension
		case "":
		default:
			return v, "", true // fontFamily and cubicBezier lists hold no aliases
		}
		out := make([]any, len(x))
		for j, e := range x {
			rv, _, ok := r.value(i, e, elem, where+"["+strconv.Itoa(j)+"]")
			if !ok {
				return nil, "", false
			}
			out[j] = rv
		}
		return out, "", true
	}
	return v, "", true
}

func (r *resolver) alias(i int, p string, want Type, where string) (any, Type, bool) {
	at := ""
	if where != "$value" {
		at = where + ": "
	}
	j, ok := r.index[p]
	if !ok {
		if r.isGroup(p) {
			r.errs.add(r.theme, r.toks[i].Path, "%sreference {%s} is a group, not a token", at, p)
		} else {
			r.errs.add(r.theme, r.toks[i].Path, "%sreference {%s} does not exist", at, p)
		}
		return nil, "", false
	}
	if r.state[j] == stateVisiting {
		r.cycle(j)
		return nil, "", false
	}
	if !r.resolve(j) {
		return nil, "", false // reported where it failed
	}
	target := r.out[j]
	if !compatible(want, target.Type) {
		r.errs.add(r.theme, r.toks[i].Path, "%sreference {%s} is a %s token, expected %s", at, p, target.Type, want)
		return nil, "", false
	}
	return target.Value, target.Type, true
}

// cycle reports the cycle closing at token j (on the stack) once, starting
// from its member that comes first in the file so the message does not
// depend on where resolution entered the loop.
func (r *resolver) cycle(j int) {
	start := slices.Index(r.stack, j)
	members := slices.Clone(r.stack[start:])
	first := slices.Index(members, slices.Min(members))
	members = append(members[first:], members[:first]...)
	key := fmt.Sprint(members)
	if r.cycles == nil {
		r.cycles = map[string]bool{}
	}
	if r.cycles[key] {
		return
	}
	r.cycles[key] = true
	names := make([]string, 0, len(members)+1)
	for _, m := range members {
		names = append(names, r.toks[m].Path)
	}
	names = append(names, names[0])
	r.errs.add(r.theme, names[0], "alias cycle: %s", strings.Join(names, " → "))
}

func (r *resolver) isGroup(p string) bool {
	if r.groups == nil {
		r.groups = map[string]bool{}
		for _, t := range r.toks {
			for k := range len(t.Path) {
				if t.Path[k] == '.' {
					r.groups[t.Path[:k]] = true
				}
			}
		}
	}
	return r.groups[p]
}

// numberValue reads a resolved json.Number as a float.
func numberValue(v any) (float64, bool) {
	n, ok := v.(json.Number)
	if !ok {
		return 0, false
	}
	f, err := n.Float64()
	return f, err == nil
}
