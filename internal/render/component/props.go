package component

import (
	"regexp"
	"strings"
)

// Props reads a node's props over its type's defaults. It does not merge
// the two into a new map (a render would otherwise allocate one per node):
// a lookup tries the node's own props, then the defaults. A prop set to
// null counts as absent.
type Props struct {
	own, defaults map[string]any
}

// NewProps reads own over defaults. Neither map is modified.
func NewProps(own, defaults map[string]any) Props { return Props{own, defaults} }

// Get returns the prop's value, or nil.
func (p Props) Get(k string) any {
	if v := p.own[k]; v != nil {
		return v
	}
	return p.defaults[k]
}

// Own returns the value the node itself sets, or nil.
func (p Props) Own(k string) any { return p.own[k] }

// Str returns a string prop, or "".
func (p Props) Str(k string) string {
	s, _ := p.Get(k).(string)
	return s
}

// Num returns a numeric prop, or def.
func (p Props) Num(k string, def float64) float64 {
	if f, ok := Number(p.Get(k)); ok {
		return f
	}
	return def
}

// Flag returns a boolean prop.
func (p Props) Flag(k string) bool {
	b, _ := p.Get(k).(bool)
	return b
}

// Objects returns a list prop's objects (skipping anything else).
func (p Props) Objects(k string) []map[string]any { return objectsOf(p.Get(k)) }

// Strings returns a list prop's strings (skipping anything else).
func (p Props) Strings(k string) []string { return stringsOf(p.Get(k)) }

// Map returns the props merged over the defaults. With no own props it
// returns the (read-only) defaults themselves.
func (p Props) Map() map[string]any {
	if len(p.own) == 0 {
		return p.defaults
	}
	m := make(map[string]any, len(p.defaults)+len(p.own))
	for k, v := range p.defaults {
		m[k] = v
	}
	for k, v := range p.own {
		if v != nil {
			m[k] = v
		}
	}
	return m
}

// AssetPrefix starts an asset reference: "asset:<id>".
const AssetPrefix = "asset:"

// AssetRef returns the id of an "asset:<id>" reference; ok is false for
// anything else (a URL, empty). The id is not checked: see ValidAssetID.
func AssetRef(s string) (id string, ok bool) {
	if len(s) < len(AssetPrefix) || s[:len(AssetPrefix)] != AssetPrefix {
		return "", false
	}
	return s[len(AssetPrefix):], true
}

// ValidAssetID reports whether id is a well-formed asset id: 1 to 64
// letters, digits and '-'.
func ValidAssetID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// InstanceType is the component type of a node that places a reusable
// component (a "symbol"): props.component names the version,
// props.overrides sets its exposed props. The renderer replaces every
// Instance with the component's nodes before it renders (see
// render.ExpandInstances).
const InstanceType = "Instance"

// componentRefRe is the form of a component version reference: a
// lowercase UUID, "@", and a semantic version without pre-release or
// build parts.
var componentRefRe = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}@(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$`)

// ValidComponentRef reports whether s names a component version as
// "<componentId>@<major>.<minor>.<patch>", e.g.
// "0193a3f4-8a2b-7c3d-9e4f-0123456789ab@1.2.0".
func ValidComponentRef(s string) bool {
	return len(s) <= 128 && componentRefRe.MatchString(s)
}

// ComponentRefID returns the component id of a reference, the part before
// "@" (the whole string when there is none).
func ComponentRefID(ref string) string {
	if i := strings.IndexByte(ref, '@'); i >= 0 {
		return ref[:i]
	}
	return ref
}
