package doc

import (
	"encoding/json"
	"slices"
)

// encoding/json keeps the last of two equal object keys, so a document
// with the same node id twice would decode silently with one of the nodes
// lost. duplicateNodeKeys finds such ids with a byte scan of the (already
// validated) JSON: counting the keys of "nodes" costs no allocations, and
// only when the count disagrees with the decoded map are the keys decoded
// to name the duplicates.

// duplicateNodeKeys returns the node ids that occur more than once in the
// top-level "nodes" object(s) of the valid JSON document b, which decoded
// into a map of decoded entries.
func duplicateNodeKeys(b []byte, decoded int) []string {
	total := 0
	forEachNodeKey(b, func([]byte) { total++ })
	if total == decoded {
		return nil
	}
	seen := make(map[string]int)
	forEachNodeKey(b, func(raw []byte) {
		var k string
		if json.Unmarshal(raw, &k) == nil {
			seen[k]++
		}
	})
	var dup []string
	for k, n := range seen {
		if n > 1 {
			dup = append(dup, k)
		}
	}
	slices.Sort(dup)
	return dup
}

// forEachNodeKey calls fn with each raw (quoted, possibly escaped) key of
// every top-level "nodes" member whose value is an object. b must be valid
// JSON.
func forEachNodeKey(b []byte, fn func(raw []byte)) {
	i := skipSpace(b, 0)
	if i >= len(b) || b[i] != '{' {
		return
	}
	forEachMember(b, i, func(key []byte, v int) {
		if string(key) != `"nodes"` && !escapedEquals(key, "nodes") {
			return
		}
		if b[v] == '{' {
			forEachMember(b, v, func(k []byte, _ int) { fn(k) })
		}
	})
}

// escapedEquals reports whether the raw JSON string key decodes to s; it
// is only reached for keys containing escapes.
func escapedEquals(key []byte, s string) bool {
	if !slices.Contains(key, '\\') {
		return false
	}
	var k string
	return json.Unmarshal(key, &k) == nil && k == s
}

// forEachMember calls fn with the raw key and the value's offset of each
// member of the object starting at b[i] == '{'; it returns the offset
// after the object.
func forEachMember(b []byte, i int, fn func(key []byte, value int)) int {
	i = skipSpace(b, i+1)
	if b[i] == '}' {
		return i + 1
	}
	for {
		ks := i
		i = skipString(b, i)
		key := b[ks:i]
		i = skipSpace(b, i)
		i = skipSpace(b, i+1) // the colon
		fn(key, i)
		i = skipSpace(b, skipValue(b, i))
		if b[i] == '}' {
			return i + 1
		}
		i = skipSpace(b, i+1) // the comma
	}
}

// skipSpace returns the offset of the first non-space byte at or after i.
func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// skipString returns the offset after the string starting at b[i] == '"'.
func skipString(b []byte, i int) int {
	for i++; i < len(b); i++ {
		switch b[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return i
}

// skipValue returns the offset after the value starting at b[i].
func skipValue(b []byte, i int) int {
	switch b[i] {
	case '"':
		return skipString(b, i)
	case '{', '[':
		depth := 0
		for ; i < len(b); i++ {
			switch b[i] {
			case '"':
				i = skipString(b, i) - 1
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return i + 1
				}
			}
		}
		return i
	default:
		for i < len(b) && b[i] != ',' && b[i] != '}' && b[i] != ']' && b[i] != ' ' && b[i] != '\t' && b[i] != '\n' && b[i] != '\r' {
			i++
		}
		return i
	}
}
