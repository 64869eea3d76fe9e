package token

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// DefaultTheme is the theme of the base set: what :root shows when the page
// names no theme and the reader prefers no colour scheme.
const DefaultTheme = "light"

// Well-known theme names. The CSS export switches to ThemeDark for readers
// whose system prefers a dark colour scheme, and to ThemeHighContrast for
// readers who ask for more contrast.
const (
	ThemeDark         = "dark"
	ThemeHighContrast = "high-contrast"
)

// Breakpoint is a named min-width media query, the keys of a page node's
// responsive styles (DESIGN.md §4).
type Breakpoint struct {
	Name     string `json:"name"`
	MinWidth int    `json:"minWidth"` // CSS pixels
}

// System is a design system: a base token set, themes that override parts
// of it, and the breakpoints pages are laid out against.
//
// Tokens are tiered by convention (see Tier): primitives hold raw values
// (color.blue.500), semantic tokens give them a purpose (color.text.default
// → {color.slate.800}), component tokens bind a component to the semantic
// layer (button.primary.background → {color.primary}). Themes override the
// semantic tier, so components follow them without being touched.
type System struct {
	// Tokens is the base set, which is also the light theme.
	Tokens *File `json:"tokens"`
	// Themes maps a theme name to tokens applied over the base set. A
	// "light" entry, if any, overrides the base set itself.
	Themes map[string]*File `json:"themes,omitempty"`
	// Breakpoints in ascending MinWidth order.
	Breakpoints []Breakpoint `json:"breakpoints,omitempty"`
	// ContrastPairs overrides DefaultPairs for CheckContrast.
	ContrastPairs []Pair `json:"-"`
}

// ThemeNames returns DefaultTheme, then dark and high-contrast when
// defined, then any other themes by name: the order of every per-theme
// output.
func (s *System) ThemeNames() []string {
	names := []string{DefaultTheme}
	var rest []string
	for name := range s.Themes {
		if name != DefaultTheme {
			rest = append(rest, name)
		}
	}
	rank := func(n string) int {
		switch n {
		case ThemeDark:
			return 0
		case ThemeHighContrast:
			return 1
		}
		return 2
	}
	slices.SortFunc(rest, func(a, b string) int { return cmp.Or(cmp.Compare(rank(a), rank(b)), strings.Compare(a, b)) })
	return append(names, rest...)
}

// validThemeName keeps theme names usable as a data-theme attribute value,
// an SCSS map name and a file name.
func validThemeName(n string) bool {
	if n == "" || len(n) > 32 || n[0] == '-' {
		return false
	}
	for _, r := range n {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}

// reservedStyleKeys are the non-breakpoint keys of a node's styles.
var reservedStyleKeys = []string{"base", "hover", "focus", "focus-visible", "active", "disabled"}

// Validate checks everything that would make the system unusable: theme
// names, breakpoints, and the resolution of the base set and every theme.
// The error is an Errors.
func (s *System) Validate() error {
	var l errList
	for _, name := range s.ThemeNames() {
		if !validThemeName(name) {
			l.add(name, "", "theme names use a-z, 0-9 and '-' (at most 32)")
		}
	}
	for i, bp := range s.Breakpoints {
		where := "breakpoints." + strconv.Itoa(i)
		switch {
		case !validThemeName(bp.Name) || slices.Contains(reservedStyleKeys, bp.Name):
			l.add("", where, "breakpoint name %s must use a-z, 0-9 and '-' and not be one of %s", strconv.Quote(bp.Name), strings.Join(reservedStyleKeys, ", "))
		case bp.MinWidth < 1 || bp.MinWidth > 10000:
			l.add("", where, "minWidth %d must be between 1 and 10000 pixels", bp.MinWidth)
		case i > 0 && bp.MinWidth <= s.Breakpoints[i-1].MinWidth:
			l.add("", where, "breakpoints must be in ascending minWidth order (%s is not wider than %s)", bp.Name, s.Breakpoints[i-1].Name)
		}
	}
	if s.Tokens == nil {
		l.add("", "", "the system has no base token set")
	}
	if len(l.errs) == 0 {
		for _, name := range s.ThemeNames() {
			if _, err := s.Resolve(name); err != nil {
				l.errs = append(l.errs, err.(Errors)...)
			}
		}
	}
	return l.err()
}

// Tier is a token's layer in the design system.
type Tier int

// The tiers, bottom to top. A token may alias its own tier or a lower one.
const (
	TierPrimitive Tier = iota + 1 // raw values: color.blue.500, space.4
	TierSemantic                  // purposes: color.text.default, typography.body
	TierComponent                 // one component's choices: button.primary.background
)

// String returns the tier's name, as used in $extensions.
func (t Tier) String() string {
	switch t {
	case TierPrimitive:
		return "primitive"
	case TierSemantic:
		return "semantic"
	case TierComponent:
		return "component"
	}
	return "unknown"
}

// ParseTier reads a tier name.
func ParseTier(s string) (Tier, bool) {
	for _, t := range []Tier{TierPrimitive, TierSemantic, TierComponent} {
		if t.String() == s {
			return t, true
		}
	}
	return 0, false
}

// categoryTiers maps top-level groups to tiers. Groups named after a tier
// (as Material's ref/sys/comp do) are that tier; foundation categories are
// primitives, except composite styles, which combine primitives into
// purposes and so are semantic. Colour is split by its second segment
// (see semanticColorRoles). Every other top-level group is a component.
var categoryTiers = map[string]Tier{
	"primitive": TierPrimitive, "primitives": TierPrimitive, "ref": TierPrimitive, "core": TierPrimitive,
	"base": TierPrimitive, "palette": TierPrimitive,
	"semantic": TierSemantic, "sys": TierSemantic, "alias": TierSemantic,
	"component": TierComponent, "components": TierComponent, "comp": TierComponent,

	"font": TierPrimitive, "space": TierPrimitive, "spacing": TierPrimitive, "size": TierPrimitive,
	"sizing": TierPrimitive, "radius": TierPrimitive, "radii": TierPrimitive, "border-width": TierPrimitive,
	"duration": TierPrimitive, "easing": TierPrimitive, "breakpoint": TierPrimitive, "opacity": TierPrimitive,
	"z-index": TierPrimitive, "line-height": TierPrimitive, "letter-spacing": TierPrimitive,
	"font-size": TierPrimitive, "font-weight": TierPrimitive, "font-family": TierPrimitive,

	"typography": TierSemantic, "text-style": TierSemantic, "shadow": TierSemantic, "elevation": TierSemantic,
	"transition": TierSemantic, "motion": TierSemantic, "border": TierSemantic,
}

// semanticColorRoles are second segments of color.* that name a purpose
// rather than a hue; "on-…" (text on a fill) is also semantic.
var semanticColorRoles = []string{"text", "background", "bg", "surface", "border", "icon", "primary",
	"primary-hover", "primary-active", "secondary", "accent", "success", "success-subtle", "warning",
	"warning-subtle", "danger", "danger-subtle", "error", "error-subtle", "info", "info-subtle",
	"focus", "focus-ring", "link", "link-hover", "link-visited", "shadow", "overlay", "disabled",
	"selection", "highlight", "neutral", "status", "feedback", "action", "interactive"}

// ClassifyPath returns a token's tier from its path alone, by the
// convention of categoryTiers and semanticColorRoles. System.Tier also
// honours explicit tiers in $extensions.
func ClassifyPath(path string) Tier {
	first, rest, _ := strings.Cut(path, ".")
	if first == "color" || first == "colors" || first == "colour" {
		second, _, _ := strings.Cut(rest, ".")
		if slices.Contains(semanticColorRoles, second) || strings.HasPrefix(second, "on-") {
			return TierSemantic
		}
		return TierPrimitive
	}
	if t, ok := categoryTiers[first]; ok {
		return t
	}
	return TierComponent
}

// extensionKey is Pagewright's namespace in $extensions (DTCG asks for
// reverse domain names).
const extensionKey = "org.pagewright"

// Tier classifies the token at path. An explicit
// "$extensions": {"org.pagewright": {"tier": "semantic"}} on the token or
// its nearest group wins over the path convention, for systems whose
// naming does not follow it.
func (s *System) Tier(path string) Tier {
	if t, ok := s.Tokens.Get(path); ok {
		if tier, ok := tierExtension(t.Extensions); ok {
			return tier
		}
	}
	for p := path; p != ""; {
		i := strings.LastIndexByte(p, '.')
		if i < 0 {
			break
		}
		p = p[:i]
		if g, ok := s.Tokens.Group(p); ok {
			if tier, ok := tierExtension(g.Extensions); ok {
				return tier
			}
		}
	}
	return ClassifyPath(path)
}

func tierExtension(ext map[string]any) (Tier, bool) {
	ours, _ := ext[extensionKey].(map[string]any)
	name, _ := ours["tier"].(string)
	return ParseTier(name)
}

// Warning is advice about a system that still works: a tier shortcut, a
// reference to a deprecated token, a theme token the base set lacks.
type Warning struct {
	Theme   string // "" for the base set
	Path    string
	Message string
}

// String formats the warning like an Error: "theme \"dark\": path: message".
func (w Warning) String() string {
	return (&Error{Theme: w.Theme, Path: w.Path, Message: w.Message}).Error()
}

// Lint returns warnings about how tokens use each other, in theme then
// file order. Tiers: a component token should alias the semantic or
// primitive tier (a literal value would not follow themes), a semantic token
// should not alias a component token, and a primitive should alias nothing
// above it.
func (s *System) Lint() []Warning {
	var out []Warning
	for _, t := range s.Tokens.Tokens() {
		out = append(out, s.lintToken("", t)...)
	}
	for _, name := range s.ThemeNames() {
		for _, t := range s.Themes[name].Tokens() {
			if _, inBase := s.Tokens.Get(t.Path); !inBase {
				out = append(out, Warning{name, t.Path, "is not in the base set, so it has no value outside this theme"})
			}
			out = append(out, s.lintToken(name, t)...)
		}
	}
	return out
}

func (s *System) lintToken(theme string, t *Token) []Warning {
	var out []Warning
	tier := s.Tier(t.Path)
	refs := refsOf(t.Value, nil)
	if tier == TierComponent && len(refs) == 0 {
		out = append(out, Warning{theme, t.Path, "component token has a literal value; alias a semantic or primitive token so themes apply to it"})
	}
	for _, ref := range refs {
		rt := s.Tier(ref)
		if rt > tier {
			out = append(out, Warning{theme, t.Path, fmt.Sprintf("%s token aliases %s token {%s}; alias the same tier or a lower one", tier, rt, ref)})
		}
		target, ok := s.lookup(theme, ref)
		if ok && target.Deprecated {
			msg := fmt.Sprintf("aliases deprecated token {%s}", ref)
			if target.DeprecatedNote != "" {
				msg += ": " + target.DeprecatedNote
			}
			out = append(out, Warning{theme, t.Path, msg})
		}
	}
	return out
}

// lookup finds a token as a theme sees it: the theme's own, else the base.
func (s *System) lookup(theme, path string) (*Token, bool) {
	if theme != "" {
		if t, ok := s.Themes[theme].Get(path); ok {
			return t, true
		}
	}
	return s.Tokens.Get(path)
}

// refsOf returns the distinct alias targets in a value, in a stable order
// (depth first, object keys sorted).
func refsOf(v any, out []string) []string {
	var seen map[string]bool // only for large untyped values, to stay linear
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case string:
			p, ok := ParseAlias(x)
			if !ok {
				return
			}
			if seen == nil && len(out) > 16 {
				seen = make(map[string]bool, len(out))
				for _, o := range out {
					seen[o] = true
				}
			}
			if seen != nil {
				if !seen[p] {
					seen[p] = true
					out = append(out, p)
				}
			} else if !slices.Contains(out, p) {
				out = append(out, p)
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		case map[string]any:
			for _, k := range sortedKeys(x) {
				walk(x[k])
			}
		}
	}
	walk(v)
	return out
}

// ValidRef reports whether path names a base token that the CSS export
// writes, so Ref(path) is safe to put in a page's styles. It follows
// untyped aliases to find out whether they end in a CSS value; it does not
// resolve the whole system (Validate does).
func (s *System) ValidRef(path string) bool {
	t, ok := s.Tokens.Get(path)
	for i := 0; ok && i <= MaxTokens; i++ {
		if t.Type != "" {
			return true
		}
		switch v := t.Value.(type) {
		case string:
			p, isAlias := ParseAlias(v)
			if !isAlias {
				return true
			}
			t, ok = s.Tokens.Get(p)
		case json.Number:
			return true
		default:
			return false
		}
	}
	return false
}

// BreakpointsFrom reads breakpoints from the dimension tokens of the
// top-level "breakpoint" group (px, or rem/em at 16px), in ascending order.
// Design systems keep breakpoints with their tokens so exports carry them;
// System.Breakpoints is what pages use.
func BreakpointsFrom(f *File) []Breakpoint {
	var out []Breakpoint
	for _, t := range f.Tokens() {
		name, ok := strings.CutPrefix(t.Path, "breakpoint.")
		if !ok || strings.Contains(name, ".") || t.Type != TypeDimension {
			continue
		}
		css, _ := dimensionCSS(t.Value)
		num, unit := splitUnit(css)
		w, err := strconv.ParseFloat(num, 64)
		if err != nil {
			continue
		}
		switch unit {
		case "px":
		case "rem", "em":
			w *= 16
		default:
			continue
		}
		out = append(out, Breakpoint{Name: name, MinWidth: int(w)})
	}
	slices.SortStableFunc(out, func(a, b Breakpoint) int { return cmp.Compare(a.MinWidth, b.MinWidth) })
	return out
}
