package token

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"unicode"
)

// Prefix starts every custom property Pagewright emits, so tokens never
// collide with a site's own variables.
const Prefix = "--pw-"

// VarName returns the custom property of a token path:
// "color.text.default" → "--pw-color-text-default". Characters that are not
// letters, digits, '-' or '_' become '-'; Parse rejects files where two
// paths map to one name.
func VarName(path string) string {
	var b strings.Builder
	b.Grow(len(Prefix) + len(path))
	b.WriteString(Prefix)
	for _, r := range path {
		switch {
		case r == '-' || r == '_' || r < 128 && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'):
			b.WriteRune(r)
		case r >= 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(r)
		default:
			b.WriteByte('-')
		}
	}
	return b.String()
}

// Ref returns the CSS reference to a token, "var(--pw-color-text-default)",
// which is how the renderer writes a style value of "{color.text.default}".
// Check the path with System.ValidRef first.
func Ref(path string) string { return "var(" + VarName(path) + ")" }

// CSSOptions adjusts the CSS export.
type CSSOptions struct {
	// Include, when set, limits the output to the tokens it accepts (say,
	// those a site uses). Aliases to left-out tokens are written as values.
	Include func(path string) bool
}

// CSS writes the system as custom properties: every token in :root; a
// [data-theme="…"] block per theme; and for pages that name no theme, the
// dark theme under prefers-color-scheme: dark and the high-contrast theme
// under prefers-contrast: more.
//
// Aliases become var() references to the target's property, so a theme that
// overrides color.primary also changes button.primary.background. Custom
// properties resolve var() where they are declared, though, and inherit the
// result: a [data-theme] on an inner element would show the outer theme's
// button colours. So each theme block re-declares every token that differs
// between any two themes — overridden tokens and everything that aliases
// them — which also makes themes nest (a light card on a dark page).
// The output is deterministic.
func (s *System) CSS() ([]byte, error) { return s.CSSWith(CSSOptions{}) }

// CSSWith is CSS with options.
func (s *System) CSSWith(o CSSOptions) ([]byte, error) {
	themes, err := s.resolveAll()
	if err != nil {
		return nil, err
	}
	names := s.ThemeNames()
	base := themes[0]
	include := func(t *ResolvedToken) bool {
		if o.Include != nil && !o.Include(t.Path) {
			return false
		}
		_, ok := cssLiteral(t.Type, t.Value)
		return ok
	}
	// emitted[i] are the tokens theme i declares somewhere: the base set
	// in :root, plus each theme's own additions in its block.
	rootSet := map[string]bool{}
	for _, t := range base.tokens {
		if include(t) {
			rootSet[t.Path] = true
		}
	}
	refOK := func(theme *Resolved) func(string) bool {
		return func(p string) bool {
			if rootSet[p] {
				return true
			}
			t, ok := theme.byPath[p]
			return ok && t.Theme != "" && include(t)
		}
	}
	decls := make([]map[string]string, len(themes))
	for i, r := range themes {
		decls[i] = map[string]string{}
		ok := refOK(r)
		for _, t := range r.tokens {
			if !include(t) {
				continue
			}
			if d, isCSS := cssOf(t.Type, t.Raw, t.Value, ok); isCSS {
				decls[i][t.Path] = d
			}
		}
	}
	literal := func(r *Resolved, p string) string {
		t, ok := r.byPath[p]
		if !ok {
			return ""
		}
		l, _ := cssLiteral(t.Type, t.Value)
		return l
	}
	// varying: tokens whose declaration or value differs in some theme,
	// in base order and then theme-only tokens in theme order.
	isVarying := map[string]bool{}
	for i, r := range themes[1:] {
		for _, t := range r.tokens {
			d, isCSS := decls[i+1][t.Path]
			if !isCSS {
				continue
			}
			bd, inBase := decls[0][t.Path]
			if !inBase || d != bd || literal(base, t.Path) != literal(r, t.Path) {
				isVarying[t.Path] = true
			}
		}
	}
	var varying []string
	for _, r := range themes {
		for _, t := range r.tokens {
			if isVarying[t.Path] {
				varying = append(varying, t.Path)
				delete(isVarying, t.Path)
			}
		}
	}

	var b bytes.Buffer
	block := func(indent, selector, scheme string, d map[string]string, paths []string, all bool, r *Resolved) {
		b.WriteString(indent + selector + " {\n")
		if scheme != "" {
			b.WriteString(indent + "  color-scheme: " + scheme + ";\n")
		}
		write := func(p string) {
			if v, ok := d[p]; ok {
				b.WriteString(indent + "  " + VarName(p) + ": " + v + ";\n")
			}
		}
		if all {
			for _, t := range r.tokens {
				write(t.Path)
			}
		} else {
			for _, p := range paths {
				write(p)
			}
		}
		b.WriteString(indent + "}\n")
	}
	block("", ":root", colorScheme(base), decls[0], nil, true, base)
	if len(varying) > 0 {
		block("", themeSelector(DefaultTheme), colorScheme(base), decls[0], varying, false, base)
		for i, name := range names[1:] {
			block("", themeSelector(name), colorScheme(themes[i+1]), decls[i+1], varying, false, themes[i+1])
		}
		for _, auto := range []struct{ theme, media string }{
			{ThemeDark, "(prefers-color-scheme: dark)"},
			{ThemeHighContrast, "(prefers-contrast: more)"},
		} {
			i := indexOfName(names, auto.theme)
			if i < 0 {
				continue
			}
			// This block applies to the root element only, where the :root
			// declarations of dependent tokens recompute from the
			// overridden ones: the direct overrides are enough.
			var direct []string
			for _, p := range varying {
				if d, ok := decls[i][p]; ok && d != decls[0][p] {
					direct = append(direct, p)
				}
			}
			b.WriteString("@media " + auto.media + " {\n")
			block("  ", ":root:not([data-theme])", colorScheme(themes[i]), decls[i], direct, false, themes[i])
			b.WriteString("}\n")
		}
	}
	return b.Bytes(), nil
}

// colorScheme tells the browser whether a theme is light or dark, so form
// controls and scrollbars match it. It judges by the page background
// (color.background.default), else by the theme's name.
func colorScheme(r *Resolved) string {
	bg, ok := r.color("color.background.default")
	switch {
	case !ok && (r.Theme == DefaultTheme || r.Theme == ThemeDark):
		return r.Theme
	case !ok:
		return ""
	case bg.Over(Color{1, 1, 1, 1}).Luminance() < 0.18:
		return "dark"
	}
	return "light"
}

func themeSelector(name string) string { return `[data-theme="` + name + `"]` }

func indexOfName(names []string, n string) int {
	for i, x := range names {
		if x == n {
			return i
		}
	}
	return -1
}

// resolveAll resolves every theme in ThemeNames order, failing on the
// first theme with errors (outputs are all-or-nothing).
func (s *System) resolveAll() ([]*Resolved, error) {
	if s.Tokens == nil {
		return nil, Errors{{Message: "the system has no base token set"}}
	}
	names := s.ThemeNames()
	out := make([]*Resolved, len(names))
	var all Errors
	for i, name := range names {
		if !validThemeName(name) {
			all = append(all, &Error{Theme: name, Message: "theme names use a-z, 0-9 and '-' (at most 32)"})
			continue
		}
		r, err := s.Resolve(name)
		if err != nil {
			all = append(all, err.(Errors)...)
		}
		out[i] = r
	}
	if len(all) > 0 {
		return nil, all
	}
	return out, nil
}

// cssLiteral writes a resolved value as CSS ("" and false when the value
// has no CSS form, like an untyped object).
func cssLiteral(t Type, v any) (string, bool) { return cssOf(t, v, v, nil) }

// cssOf writes a value of type t as CSS. raw is the authored value and res
// the resolved one; where raw aliases a token for which ref reports true,
// the output is var(--pw-…) so the reference survives into the page.
func cssOf(t Type, raw, res any, ref func(string) bool) (string, bool) {
	if p, ok := aliasOf(raw); ok {
		if ref != nil && ref(p) {
			return Ref(p), true
		}
		raw = res
	}
	switch t {
	case TypeColor:
		return colorCSS(res)
	case TypeDimension:
		return dimensionCSS(res)
	case TypeDuration:
		return durationCSS(res)
	case TypeNumber:
		return numberCSS(res)
	case TypeFontWeight:
		return fontWeightCSS(res)
	case TypeFontFamily:
		s, msg := fontFamilyCSS(res)
		return s, msg == ""
	case TypeCubicBezier:
		return cubicBezierCSS(res)
	case typeLineHeight:
		if s, ok := numberCSS(res); ok {
			return s, true
		}
		return dimensionCSS(res)
	case TypeStrokeStyle:
		if s, ok := res.(string); ok {
			return s, true
		}
		// CSS border-style has no dash pattern; dashed is the closest.
		return "dashed", true
	case TypeBorder:
		return joinProps(t, raw, res, ref, []string{"width", "style", "color"}, " ")
	case TypeTransition:
		return joinProps(t, raw, res, ref, []string{"duration", "timingFunction", "delay"}, " ")
	case TypeShadow:
		if layers, ok := res.([]any); ok {
			rawLayers, _ := raw.([]any)
			parts := make([]string, len(layers))
			for i, l := range layers {
				var rl any = l
				if i < len(rawLayers) {
					rl = rawLayers[i]
				}
				s, ok := shadowCSS(rl, l, ref)
				if !ok {
					return "", false
				}
				parts[i] = s
			}
			return strings.Join(parts, ", "), true
		}
		return shadowCSS(raw, res, ref)
	case TypeGradient:
		stops, ok := res.([]any)
		if !ok {
			return "", false
		}
		rawStops, _ := raw.([]any)
		parts := make([]string, len(stops))
		for i, st := range stops {
			m, _ := st.(map[string]any)
			rm := m
			if i < len(rawStops) {
				if x, ok := rawStops[i].(map[string]any); ok {
					rm = x
				}
			}
			c, ok := cssOf(TypeColor, rm["color"], m["color"], ref)
			pos, ok2 := numberValue(m["position"])
			if !ok || !ok2 {
				return "", false
			}
			parts[i] = c + " " + strconv.FormatFloat(pos*100, 'f', -1, 64) + "%"
		}
		return strings.Join(parts, ", "), true
	case TypeTypography:
		// The font shorthand: [weight] size[/line-height] family.
		// letterSpacing has no place in it; read it from the resolved value.
		m, ok := res.(map[string]any)
		if !ok {
			return "", false
		}
		rm, _ := raw.(map[string]any)
		part := func(k string) (string, bool) { return cssOf(propType(t, k), rm[k], m[k], ref) }
		size, ok := part("fontSize")
		family, ok2 := part("fontFamily")
		if !ok || !ok2 {
			return "", false
		}
		var b strings.Builder
		if _, has := m["fontWeight"]; has {
			w, ok := part("fontWeight")
			if !ok {
				return "", false
			}
			b.WriteString(w + " ")
		}
		b.WriteString(size)
		if _, has := m["lineHeight"]; has {
			lh, ok := part("lineHeight")
			if !ok {
				return "", false
			}
			b.WriteString("/" + lh)
		}
		b.WriteString(" " + family)
		return b.String(), true
	case "":
		switch x := res.(type) {
		case string:
			return x, safeFreeString(x)
		case json.Number:
			return numberCSS(x)
		}
	}
	return "", false
}

// joinProps writes the listed properties of a composite, skipping absent
// optional ones.
func joinProps(t Type, raw, res any, ref func(string) bool, keys []string, sep string) (string, bool) {
	m, ok := res.(map[string]any)
	if !ok {
		return "", false
	}
	rm, _ := raw.(map[string]any)
	var parts []string
	for _, k := range keys {
		v, has := m[k]
		if !has {
			continue
		}
		s, ok := cssOf(propType(t, k), rm[k], v, ref)
		if !ok {
			return "", false
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, sep), true
}

// shadowCSS writes one layer: [inset] x y blur spread color.
func shadowCSS(raw, res any, ref func(string) bool) (string, bool) {
	m, ok := res.(map[string]any)
	if !ok {
		return "", false
	}
	rm, _ := raw.(map[string]any)
	var parts []string
	if inset, _ := m["inset"].(bool); inset {
		parts = append(parts, "inset")
	}
	for _, k := range []string{"offsetX", "offsetY", "blur", "spread", "color"} {
		v, has := m[k]
		if !has {
			parts = append(parts, "0")
			continue
		}
		s, ok := cssOf(propType(TypeShadow, k), rm[k], v, ref)
		if !ok {
			return "", false
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, " "), true
}
