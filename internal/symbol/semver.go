package symbol

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// MaxVersionPart bounds each number of a version, so that versions fit
// the database's integer columns with room to spare.
const MaxVersionPart = 999_999

// Semver is a version MAJOR.MINOR.PATCH, without pre-release or build
// parts and without a "v" prefix.
type Semver struct{ Major, Minor, Patch int }

// ParseSemver parses "1.10.0". Leading zeros, signs, prefixes and parts
// above MaxVersionPart are refused.
func ParseSemver(s string) (Semver, bool) {
	parts := strings.Split(s, ".")
	if len(parts) != 3 {
		return Semver{}, false
	}
	var n [3]int
	for i, p := range parts {
		if p == "" || len(p) > 6 || (len(p) > 1 && p[0] == '0') {
			return Semver{}, false
		}
		for _, c := range p {
			if c < '0' || c > '9' {
				return Semver{}, false
			}
		}
		v, err := strconv.Atoi(p)
		if err != nil || v > MaxVersionPart {
			return Semver{}, false
		}
		n[i] = v
	}
	return Semver{n[0], n[1], n[2]}, true
}

func (v Semver) String() string { return fmt.Sprintf("%d.%d.%d", v.Major, v.Minor, v.Patch) }

// Compare orders versions numerically: 1.10.0 is after 1.9.0.
func (v Semver) Compare(w Semver) int {
	switch {
	case v.Major != w.Major:
		return cmpInt(v.Major, w.Major)
	case v.Minor != w.Minor:
		return cmpInt(v.Minor, w.Minor)
	}
	return cmpInt(v.Patch, w.Patch)
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Bump is how much a new version must change the version number.
type Bump int

// The bumps, from least to most.
const (
	BumpPatch Bump = iota // nothing about the exposed props changed
	BumpMinor             // exposed props were added
	BumpMajor             // exposed props were removed or changed type
)

func (b Bump) String() string { return [...]string{"patch", "minor", "major"}[b] }

// Next is the smallest version after v with the given bump.
func (v Semver) Next(b Bump) Semver {
	switch b {
	case BumpMajor:
		return Semver{v.Major + 1, 0, 0}
	case BumpMinor:
		return Semver{v.Major, v.Minor + 1, 0}
	}
	return Semver{v.Major, v.Minor, v.Patch + 1}
}

// Change is one difference between two versions' exposed props.
type Change struct {
	Key  string `json:"key"`
	Kind string `json:"kind" enum:"added,removed,retyped"`
	From string `json:"from,omitempty" doc:"The type before (retyped)"`
	To   string `json:"to,omitempty" doc:"The type after (retyped)"`
}

// Change kinds.
const (
	ChangeAdded   = "added"
	ChangeRemoved = "removed"
	ChangeRetyped = "retyped"
)

// Diff compares the exposed props of the latest version with a new
// version's and returns the bump semver requires: a removed key or a
// changed type is a major change (instances' overrides stop fitting), an
// added key a minor one, anything else a patch. Changes come sorted by key.
func Diff(old, new []Exposed) (Bump, []Change) {
	before := map[string]string{}
	for _, e := range old {
		before[e.Key] = e.Type
	}
	after := map[string]string{}
	for _, e := range new {
		after[e.Key] = e.Type
	}
	bump := BumpPatch
	var changes []Change
	for k, t := range before {
		nt, ok := after[k]
		switch {
		case !ok:
			changes = append(changes, Change{Key: k, Kind: ChangeRemoved})
			bump = BumpMajor
		case nt != t:
			changes = append(changes, Change{Key: k, Kind: ChangeRetyped, From: t, To: nt})
			bump = BumpMajor
		}
	}
	for k := range after {
		if _, ok := before[k]; !ok {
			changes = append(changes, Change{Key: k, Kind: ChangeAdded})
			bump = max(bump, BumpMinor)
		}
	}
	slices.SortFunc(changes, func(a, b Change) int { return strings.Compare(a.Key, b.Key) })
	return bump, changes
}

// semverMessage explains why a version is too low: the breaking (or
// adding) changes and the lowest acceptable version.
func semverMessage(bump Bump, changes []Change, min Semver) string {
	var removed, retyped, added []string
	for _, c := range changes {
		switch c.Kind {
		case ChangeRemoved:
			removed = append(removed, quote(c.Key))
		case ChangeRetyped:
			retyped = append(retyped, quote(c.Key)+" ("+c.From+" → "+c.To+")")
		case ChangeAdded:
			added = append(added, quote(c.Key))
		}
	}
	var parts []string
	if len(removed) > 0 {
		parts = append(parts, "Removing the exposed "+plural(len(removed), "prop", "props")+" "+join(removed))
	}
	if len(retyped) > 0 {
		lead := "Changing the type of the exposed " + plural(len(retyped), "prop", "props") + " "
		if len(parts) > 0 {
			lead = strings.ToLower(lead[:1]) + lead[1:]
		}
		parts = append(parts, lead+join(retyped))
	}
	switch bump {
	case BumpMajor:
		verb := " is a breaking change"
		if len(removed)+len(retyped) > 1 {
			verb = " are breaking changes"
		}
		return strings.Join(parts, " and ") + verb + ": publish " + min.String() + " or higher."
	case BumpMinor:
		return "Adding the exposed " + plural(len(added), "prop", "props") + " " + join(added) + " needs a new minor version: publish " + min.String() + " or higher."
	}
	return "Publish " + min.String() + " or higher."
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// join lists items as "a", "a and b" or "a, b and c".
func join(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

func quote(s string) string { return "“" + s + "”" }
