package token

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
)

// Change is one difference between two versions of a token set, for the
// design system's history ("who changed what"). Before and After are
// canonical JSON: of the whole token when it was added or removed (Field is
// empty), else of the one field that changed. An absent side is "".
type Change struct {
	Theme  string `json:"theme,omitempty"` // "" for the base set
	Path   string `json:"path"`
	Field  string `json:"field,omitempty"` // $value, $type, $description, $deprecated, $extensions
	Before string `json:"before,omitempty"`
	After  string `json:"after,omitempty"`
}

// Added reports whether the change adds a token.
func (c Change) Added() bool { return c.Field == "" && c.Before == "" }

// Removed reports whether the change removes a token.
func (c Change) Removed() bool { return c.Field == "" && c.After == "" }

// Changes lists the differences from old to new, ordered by path and then
// field, so the same two versions always give the same list. Either file
// may be nil (empty).
func Changes(old, new *File) []Change {
	return changes("", old, new)
}

// SystemChanges is Changes over the base set and every theme of either
// system (a theme that appears or disappears shows as added or removed
// tokens), base first and then themes by name.
func SystemChanges(old, new *System) []Change {
	var oldTokens, newTokens *File
	if old != nil {
		oldTokens = old.Tokens
	}
	if new != nil {
		newTokens = new.Tokens
	}
	out := changes("", oldTokens, newTokens)
	names := map[string]bool{}
	for _, s := range []*System{old, new} {
		if s != nil {
			for n := range s.Themes {
				names[n] = true
			}
		}
	}
	sorted := make([]string, 0, len(names))
	for n := range names {
		sorted = append(sorted, n)
	}
	slices.Sort(sorted)
	theme := func(s *System, n string) *File {
		if s == nil {
			return nil
		}
		return s.Themes[n]
	}
	for _, n := range sorted {
		out = append(out, changes(n, theme(old, n), theme(new, n))...)
	}
	return out
}

func changes(theme string, old, new *File) []Change {
	paths := map[string]bool{}
	for _, t := range old.Tokens() {
		paths[t.Path] = true
	}
	for _, t := range new.Tokens() {
		paths[t.Path] = true
	}
	sorted := make([]string, 0, len(paths))
	for p := range paths {
		sorted = append(sorted, p)
	}
	slices.SortFunc(sorted, comparePaths)
	var out []Change
	for _, p := range sorted {
		a, inOld := old.Get(p)
		b, inNew := new.Get(p)
		switch {
		case !inOld:
			out = append(out, Change{Theme: theme, Path: p, After: tokenJSON(b)})
		case !inNew:
			out = append(out, Change{Theme: theme, Path: p, Before: tokenJSON(a)})
		default:
			for _, f := range tokenFields {
				before, after := f.get(a), f.get(b)
				if before != after {
					out = append(out, Change{Theme: theme, Path: p, Field: f.name, Before: before, After: after})
				}
			}
		}
	}
	return out
}

// comparePaths orders paths segment by segment, numbers by value, so
// color.blue.50 comes before color.blue.100.
func comparePaths(a, b string) int {
	as, bs := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(as) && i < len(bs); i++ {
		if c := compareSegment(as[i], bs[i]); c != 0 {
			return c
		}
	}
	return len(as) - len(bs)
}

func compareSegment(a, b string) int {
	if isDigits(a) && isDigits(b) {
		ta, tb := strings.TrimLeft(a, "0"), strings.TrimLeft(b, "0")
		if len(ta) != len(tb) {
			return len(ta) - len(tb)
		}
		if c := strings.Compare(ta, tb); c != 0 {
			return c
		}
	}
	return strings.Compare(a, b)
}

func isDigits(s string) bool {
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

var tokenFields = []struct {
	name string
	get  func(*Token) string
}{
	{"$value", func(t *Token) string { return canonical(t.Value) }},
	{"$type", func(t *Token) string {
		if t.Type == "" {
			return ""
		}
		return canonical(string(t.Type))
	}},
	{"$description", func(t *Token) string {
		if t.Description == "" {
			return ""
		}
		return canonical(t.Description)
	}},
	{"$deprecated", func(t *Token) string {
		if !t.Deprecated {
			return ""
		}
		return canonical(deprecatedJSON(true, t.DeprecatedNote))
	}},
	{"$extensions", func(t *Token) string {
		if t.Extensions == nil {
			return ""
		}
		return canonical(t.Extensions)
	}},
}

// canonical is compact JSON with sorted object keys (encoding/json sorts
// map keys), so equal values compare equal as text.
func canonical(v any) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return ""
	}
	return strings.TrimSuffix(b.String(), "\n")
}

func tokenJSON(t *Token) string {
	m := map[string]any{"$value": t.Value}
	if t.Type != "" {
		m["$type"] = t.Type
	}
	if t.Description != "" {
		m["$description"] = t.Description
	}
	if t.Deprecated {
		m["$deprecated"] = deprecatedJSON(true, t.DeprecatedNote)
	}
	if t.Extensions != nil {
		m["$extensions"] = t.Extensions
	}
	return canonical(m)
}
