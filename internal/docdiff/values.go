package docdiff

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/pagewright/pagewright/internal/doc"
)

// jsonEqual reports whether two decoded JSON values are equal. Documents
// come from encoding/json, so nearly every value is one of the six JSON
// types and a type switch settles it without reflection; anything else
// (an int put there by Go code) is compared by its encoding, which is what
// ends up stored anyway.
func jsonEqual(a, b any) bool {
	switch x := a.(type) {
	case nil:
		return b == nil
	case string:
		if y, ok := b.(string); ok {
			return x == y
		}
	case float64:
		if y, ok := b.(float64); ok {
			return x == y
		}
	case bool:
		if y, ok := b.(bool); ok {
			return x == y
		}
	case map[string]any:
		if y, ok := b.(map[string]any); ok {
			return mapEqual(x, y)
		}
	case []any:
		if y, ok := b.([]any); ok {
			return slices.EqualFunc(x, y, jsonEqual)
		}
	}
	if isPlainJSON(a) && isPlainJSON(b) {
		return false // two different JSON types
	}
	ja, err1 := json.Marshal(a)
	jb, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && bytes.Equal(ja, jb)
}

// isPlainJSON reports whether v is one of the types encoding/json decodes
// into an any.
func isPlainJSON(v any) bool {
	switch v.(type) {
	case nil, string, float64, bool, map[string]any, []any:
		return true
	}
	return false
}

// mapEqual compares two JSON objects; a key holding null is not the same
// as a missing key, because the two encode differently.
func mapEqual(a, b map[string]any) bool {
	if len(a) != len(b) {
		return false
	}
	for k, av := range a {
		bv, ok := b[k]
		if !ok || !jsonEqual(av, bv) {
			return false
		}
	}
	return true
}

// stylesEqual compares two styles maps, where an empty breakpoint is still
// a breakpoint (it encodes as {}), but an empty styles map is none at all.
func stylesEqual(a, b map[string]map[string]any) bool {
	if len(a) != len(b) {
		return false
	}
	for bp, av := range a {
		bv, ok := b[bp]
		if !ok || !mapEqual(av, bv) {
			return false
		}
	}
	return true
}

// contentEqual compares everything about two nodes except where they are
// (parent and pos). Apply copies a node only when it changes it, so
// versions derived from one another share most *Node values and the
// pointer test settles most calls.
func contentEqual(a, b *doc.Node) bool {
	if a == b {
		return true
	}
	return a.Type == b.Type && a.Label == b.Label && a.Hidden == b.Hidden && a.Locked == b.Locked &&
		mapEqual(a.Props, b.Props) && mapEqual(a.Bind, b.Bind) && stylesEqual(a.Styles, b.Styles)
}

// nodeEqual compares two nodes entirely.
func nodeEqual(a, b *doc.Node) bool {
	return a == b || (a.Parent == b.Parent && a.Pos == b.Pos && contentEqual(a, b))
}

// sortedKeys returns the union of the keys of the maps, sorted.
func sortedKeys[V any](ms ...map[string]V) []string {
	n := 0
	for _, m := range ms {
		n += len(m)
	}
	if n == 0 {
		return nil
	}
	keys := make([]string, 0, n)
	for _, m := range ms {
		for k := range m {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	return slices.Compact(keys)
}

// namingProps are the props that say what a node shows, in the order in
// which they are tried for its name.
var namingProps = []string{"text", "title", "label", "heading", "alt", "name", "caption"}

// maxNameRunes is the longest text taken from a prop for a node's name.
const maxNameRunes = 60

// nodeText returns the text a node shows, taken from its first non-empty
// naming prop: rich text loses its tags, white space is collapsed, and
// the result is cut to 60 characters.
func nodeText(n *doc.Node) string {
	for _, p := range namingProps {
		s, _ := n.Props[p].(string)
		if s = cleanText(s); s != "" {
			return s
		}
	}
	return ""
}

// cleanText turns a prop value into a short one-line name.
func cleanText(s string) string {
	if s == "" {
		return ""
	}
	if strings.ContainsRune(s, '<') {
		var b strings.Builder
		in := false
		for _, r := range s {
			switch {
			case r == '<':
				in = true
				b.WriteByte(' ')
			case r == '>' && in:
				in = false
			case !in:
				b.WriteRune(r)
			}
		}
		s = b.String()
	}
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) > maxNameRunes {
		r := []rune(s)
		s = strings.TrimSpace(string(r[:maxNameRunes-1])) + "…"
	}
	return s
}

// Label returns what a person calls a node: its layer label, else the text
// it shows, else its type.
func Label(n *doc.Node) string {
	if n == nil {
		return ""
	}
	if n.Label != "" {
		return n.Label
	}
	if t := nodeText(n); t != "" {
		return t
	}
	return n.Type
}

// segment is a node's name within a path: the layer label if it has one,
// else "Type · text", else the type.
func segment(n *doc.Node) string {
	if n.Label != "" {
		return n.Label
	}
	if t := nodeText(n); t != "" {
		return n.Type + " · " + t
	}
	return n.Type
}

// pathSep separates the segments of a human path.
const pathSep = " › "

// Path returns the human path of a node in d, from the root down to the
// node itself: "Page › Hero › Heading · Book your flu shot". It stops at
// a missing parent and at a repeated node, so a broken document still
// gets a path.
func Path(d *doc.Document, id string) string {
	var segs []string
	seen := 0
	for n := d.Nodes[id]; n != nil && seen <= len(d.Nodes); n = d.Nodes[n.Parent] {
		segs = append(segs, segment(n))
		seen++
		if n.ID == d.Root || n.Parent == "" {
			break
		}
	}
	slices.Reverse(segs)
	return strings.Join(segs, pathSep)
}

// escape is a JSON Pointer segment for a set path ("/" and "~" escaped).
func escape(s string) string {
	if !strings.ContainsAny(s, "/~") {
		return s
	}
	return strings.NewReplacer("~", "~0", "/", "~1").Replace(s)
}

// raw encodes a value for a set op; a value that does not encode (which a
// parsed document cannot hold) becomes null.
func raw(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		return json.RawMessage("null")
	}
	return b
}
