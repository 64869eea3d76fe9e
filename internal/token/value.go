package token

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"
)

// Pseudo-types for composite properties that are not token types of their
// own. They never appear in a file; they steer validation and resolution.
const (
	typeLineHeight   Type = "lineHeight"   // a number (1.5) or a dimension (24px)
	typeBool         Type = "boolean"      // shadow inset
	typeGradientStop Type = "gradientStop" // {color, position}
	typeLineCap      Type = "lineCap"      // strokeStyle lineCap keyword
	typeDashArray    Type = "dashArray"    // strokeStyle dash lengths
)

// prop is one property of a composite value.
type prop struct {
	name     string
	typ      Type
	required bool
}

// composites lists each composite type's properties in the order they are
// written in CSS. DTCG requires every property; Pagewright treats blur,
// spread, delay, fontWeight, lineHeight and letterSpacing as optional,
// because tools exporting DTCG commonly leave them out and CSS has defaults.
var composites = map[Type][]prop{
	TypeBorder:     {{"width", TypeDimension, true}, {"style", TypeStrokeStyle, true}, {"color", TypeColor, true}},
	TypeTransition: {{"duration", TypeDuration, true}, {"timingFunction", TypeCubicBezier, true}, {"delay", TypeDuration, false}},
	TypeShadow: {{"offsetX", TypeDimension, true}, {"offsetY", TypeDimension, true}, {"blur", TypeDimension, false},
		{"spread", TypeDimension, false}, {"color", TypeColor, true}, {"inset", typeBool, false}},
	TypeTypography: {{"fontWeight", TypeFontWeight, false}, {"fontSize", TypeDimension, true},
		{"lineHeight", typeLineHeight, false}, {"fontFamily", TypeFontFamily, true}, {"letterSpacing", TypeDimension, false}},
	typeGradientStop: {{"color", TypeColor, true}, {"position", TypeNumber, true}},
	TypeStrokeStyle:  {{"dashArray", typeDashArray, true}, {"lineCap", typeLineCap, true}},
}

// propType is the expected type of a composite property ("" if unknown).
func propType(t Type, key string) Type {
	for _, p := range composites[t] {
		if p.name == key {
			return p.typ
		}
	}
	return ""
}

// compatible reports whether a token of type got may stand where want is
// expected. An untyped target is let through here and checked by value
// once resolved.
func compatible(want, got Type) bool {
	switch {
	case want == "" || got == "" || want == got:
		return true
	case want == typeLineHeight:
		return got == TypeNumber || got == TypeDimension
	case want == typeDashArray:
		return got == TypeDimension
	}
	return false
}

// maxListLen bounds font stacks, shadow layers and gradient stops.
const maxListLen = 32

// checkValue validates a value against its type. Aliases are accepted as
// the whole value and as composite properties (DTCG); they are checked at
// resolution. It returns "" or a message starting with where.
func checkValue(t Type, v any, where string) string {
	if s, ok := v.(string); ok && strings.ContainsAny(s, "{}") {
		if _, ok := ParseAlias(s); ok {
			return ""
		}
		return fmt.Sprintf("%s: %s is not a valid alias; an alias is a whole value like {color.blue.500}", where, describe(s))
	}
	if v == nil {
		return where + ": must not be null"
	}
	switch t {
	case "":
		return checkUntyped(v, where, 0)
	case TypeColor:
		if _, err := colorOf(v); err != nil {
			return fmt.Sprintf("%s: %v", where, err)
		}
	case TypeDimension:
		if _, ok := dimensionCSS(v); !ok {
			return fmt.Sprintf("%s: %s is not a dimension (a number with a unit, like 16px or 1.5rem)", where, describe(v))
		}
	case TypeDuration:
		if _, ok := durationCSS(v); !ok {
			return fmt.Sprintf("%s: %s is not a duration (like 200ms or 0.3s)", where, describe(v))
		}
	case TypeNumber:
		if _, ok := numberCSS(v); !ok {
			return fmt.Sprintf("%s: %s is not a number", where, describe(v))
		}
	case TypeFontWeight:
		if _, ok := fontWeightCSS(v); !ok {
			return fmt.Sprintf("%s: %s is not a font weight (1–1000 or a name like bold)", where, describe(v))
		}
	case TypeFontFamily:
		if _, msg := fontFamilyCSS(v); msg != "" {
			return where + ": " + msg
		}
	case TypeCubicBezier:
		if _, ok := cubicBezierCSS(v); !ok {
			return fmt.Sprintf("%s: %s is not a cubic Bézier (four numbers [x1, y1, x2, y2], x between 0 and 1)", where, describe(v))
		}
	case typeLineHeight:
		if _, ok := numberCSS(v); ok {
			return ""
		}
		if _, ok := dimensionCSS(v); ok {
			return ""
		}
		return fmt.Sprintf("%s: %s is not a line height (a number like 1.5 or a dimension)", where, describe(v))
	case typeBool:
		if _, ok := v.(bool); !ok {
			return where + ": must be true or false"
		}
	case typeLineCap:
		if s, _ := v.(string); s != "round" && s != "butt" && s != "square" {
			return where + ": must be round, butt or square"
		}
	case typeDashArray:
		a, ok := v.([]any)
		if !ok || len(a) == 0 || len(a) > maxListLen {
			return fmt.Sprintf("%s: must be a list of 1 to %d dimensions", where, maxListLen)
		}
		for i, e := range a {
			if msg := checkValue(TypeDimension, e, fmt.Sprintf("%s[%d]", where, i)); msg != "" {
				return msg
			}
		}
	case TypeStrokeStyle:
		if s, ok := v.(string); ok {
			if !slices.Contains(strokeStyles, s) {
				return fmt.Sprintf("%s: %s is not a stroke style (%s)", where, describe(s), strings.Join(strokeStyles, ", "))
			}
			return ""
		}
		return checkComposite(t, v, where)
	case TypeShadow:
		if a, ok := v.([]any); ok {
			if len(a) == 0 || len(a) > maxListLen {
				return fmt.Sprintf("%s: must hold 1 to %d shadow layers", where, maxListLen)
			}
			for i, e := range a {
				if _, isMap := e.(map[string]any); !isMap {
					return fmt.Sprintf("%s[%d]: a shadow layer must be an object (alias the whole value instead)", where, i)
				}
				if msg := checkComposite(t, e, fmt.Sprintf("%s[%d]", where, i)); msg != "" {
					return msg
				}
			}
			return ""
		}
		return checkComposite(t, v, where)
	case TypeGradient:
		a, ok := v.([]any)
		if !ok || len(a) == 0 || len(a) > maxListLen {
			return fmt.Sprintf("%s: a gradient is a list of 1 to %d stops {color, position}", where, maxListLen)
		}
		for i, e := range a {
			if msg := checkComposite(typeGradientStop, e, fmt.Sprintf("%s[%d]", where, i)); msg != "" {
				return msg
			}
			if p, ok := e.(map[string]any)["position"].(json.Number); ok {
				if f, _ := p.Float64(); f < 0 || f > 1 {
					return fmt.Sprintf("%s[%d].position: must be between 0 and 1", where, i)
				}
			}
		}
	case TypeBorder, TypeTransition, TypeTypography:
		return checkComposite(t, v, where)
	default:
		return fmt.Sprintf("%s: unsupported type %s", where, t)
	}
	return ""
}

func checkComposite(t Type, v any, where string) string {
	m, ok := v.(map[string]any)
	if !ok {
		return fmt.Sprintf("%s: a %s value is an object with %s", where, t, propNames(t))
	}
	props := composites[t]
	for _, p := range props {
		pv, present := m[p.name]
		if !present {
			if p.required {
				return fmt.Sprintf("%s: %s is missing", where, p.name)
			}
			continue
		}
		if msg := checkValue(p.typ, pv, where+"."+p.name); msg != "" {
			return msg
		}
	}
	if len(m) > len(props) || hasUnknown(m, props) {
		keys := make([]string, 0, len(m))
		for k := range m {
			if propType(t, k) == "" {
				keys = append(keys, k)
			}
		}
		slices.Sort(keys)
		return fmt.Sprintf("%s: unknown property %s (a %s has %s)", where, strconv.Quote(keys[0]), t, propNames(t))
	}
	return ""
}

func hasUnknown(m map[string]any, props []prop) bool {
	for k := range m {
		if !slices.ContainsFunc(props, func(p prop) bool { return p.name == k }) {
			return true
		}
	}
	return false
}

func propNames(t Type) string {
	var s []string
	for _, p := range composites[t] {
		s = append(s, p.name)
	}
	return strings.Join(s, ", ")
}

// checkUntyped accepts what a CSS custom property can safely hold, plus
// JSON objects and arrays (kept for exports, never written to CSS).
func checkUntyped(v any, where string, depth int) string {
	switch x := v.(type) {
	case string:
		if !safeFreeString(x) {
			return fmt.Sprintf("%s: %s contains characters not allowed in a token value (letters, digits, spaces and # %% . , + - * / ( ) _ only); set $type for colours, fonts and other typed values", where, describe(x))
		}
	case json.Number:
		if _, ok := numberCSS(x); !ok {
			return where + ": number out of range"
		}
	case map[string]any, []any, bool:
		// Structured untyped values are allowed; aliases inside them
		// are checked at resolution.
		return checkNestedStrings(v, where, depth)
	}
	return ""
}

func checkNestedStrings(v any, where string, depth int) string {
	switch x := v.(type) {
	case string:
		if strings.ContainsAny(x, "{}") {
			if _, ok := ParseAlias(x); !ok {
				return fmt.Sprintf("%s: %s is not a valid alias", where, describe(x))
			}
		}
	case map[string]any:
		for _, k := range sortedKeys(x) {
			if msg := checkNestedStrings(x[k], where+"."+k, depth+1); msg != "" {
				return msg
			}
		}
	case []any:
		for i, e := range x {
			if msg := checkNestedStrings(e, fmt.Sprintf("%s[%d]", where, i), depth+1); msg != "" {
				return msg
			}
		}
	}
	return ""
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// safeFreeString is the grammar for untyped strings, which are written to
// CSS as they are. It admits values like "calc(100% - 2rem)" or "auto" and
// nothing that could end a declaration, a rule or the <style> element:
// no ; { } < > quotes, backslashes, comments or url().
func safeFreeString(s string) bool {
	if s == "" || len(s) > 256 || strings.Contains(s, "/*") || strings.Contains(s, "*/") {
		return false
	}
	depth := 0
	for _, r := range s {
		switch {
		case r == '(':
			depth++
		case r == ')':
			depth--
			if depth < 0 {
				return false
			}
		case r < 128 && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune(" #%.,+-*/_", r)):
		case r >= 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
		default:
			return false
		}
	}
	lower := strings.ToLower(s)
	return depth == 0 && !strings.Contains(lower, "url(") && !strings.Contains(lower, "expression(")
}

var strokeStyles = []string{"solid", "dashed", "dotted", "double", "groove", "ridge", "outset", "inset"}

var dimensionUnits = []string{"px", "rem", "em", "%", "vw", "vh", "vmin", "vmax", "svh", "lvh", "dvh",
	"svw", "lvw", "dvw", "ch", "ex", "lh", "rlh", "pt"}

// cssNumber checks a CSS number literal: optional sign, digits, optional
// fraction, optional exponent. It is stricter than strconv (no hex, no Inf).
func cssNumber(s string) bool {
	if s == "" {
		return false
	}
	i := 0
	if s[0] == '-' || s[0] == '+' {
		i++
	}
	digits := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
		digits++
	}
	if i < len(s) && s[i] == '.' {
		i++
		frac := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			frac++
		}
		if frac == 0 {
			return false
		}
		digits += frac
	}
	if digits == 0 {
		return false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '-' || s[i] == '+') {
			i++
		}
		exp := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			exp++
		}
		if exp == 0 || exp > 3 {
			return false
		}
	}
	return i == len(s)
}

// splitUnit splits "1.5rem" into "1.5" and "rem".
func splitUnit(s string) (num, unit string) {
	i := len(s)
	for i > 0 && (s[i-1] >= 'a' && s[i-1] <= 'z' || s[i-1] == '%') {
		i--
	}
	return s[:i], s[i:]
}

// dimensionCSS returns the CSS text of a dimension: "16px", "1.5rem", or
// the DTCG object form {"value": 16, "unit": "px"}. A bare 0 is allowed.
func dimensionCSS(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		if x == "0" {
			return x, true
		}
		num, unit := splitUnit(x)
		if cssNumber(num) && slices.Contains(dimensionUnits, unit) {
			return x, true
		}
	case json.Number:
		if f, err := x.Float64(); err == nil && f == 0 {
			return "0", true
		}
	case map[string]any:
		return unitObject(x, dimensionUnits)
	}
	return "", false
}

func unitObject(m map[string]any, units []string) (string, bool) {
	n, ok := m["value"].(json.Number)
	u, ok2 := m["unit"].(string)
	if !ok || !ok2 || len(m) != 2 || !cssNumber(n.String()) || !slices.Contains(units, u) {
		return "", false
	}
	return n.String() + u, true
}

var durationUnits = []string{"ms", "s"}

func durationCSS(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		num, unit := splitUnit(x)
		if cssNumber(num) && !strings.HasPrefix(num, "-") && slices.Contains(durationUnits, unit) {
			return x, true
		}
	case map[string]any:
		s, ok := unitObject(x, durationUnits)
		return s, ok && !strings.HasPrefix(s, "-")
	}
	return "", false
}

func numberCSS(v any) (string, bool) {
	n, ok := v.(json.Number)
	if !ok || !cssNumber(n.String()) {
		return "", false
	}
	f, err := n.Float64()
	if err != nil || math.IsInf(f, 0) {
		return "", false
	}
	return n.String(), true
}

// fontWeights are the DTCG weight names.
var fontWeights = map[string]int{
	"thin": 100, "hairline": 100, "extra-light": 200, "ultra-light": 200, "light": 300,
	"normal": 400, "regular": 400, "book": 400, "medium": 500, "semi-bold": 600, "demi-bold": 600,
	"bold": 700, "extra-bold": 800, "ultra-bold": 800, "black": 900, "heavy": 900,
	"extra-black": 950, "ultra-black": 950,
}

func fontWeightCSS(v any) (string, bool) {
	switch x := v.(type) {
	case json.Number:
		f, err := x.Float64()
		if err != nil || f < 1 || f > 1000 || !cssNumber(x.String()) {
			return "", false
		}
		return x.String(), true
	case string:
		if w, ok := fontWeights[x]; ok {
			return strconv.Itoa(w), true
		}
	}
	return "", false
}

// genericFamilies are CSS keywords and well-known system names written
// without quotes (quoting a generic family turns it into a font name).
var genericFamilies = []string{"serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui",
	"ui-serif", "ui-sans-serif", "ui-monospace", "ui-rounded", "emoji", "math", "fangsong",
	"-apple-system", "BlinkMacSystemFont"}

// fontFamilyCSS returns a CSS font stack from a family name, a list of
// names, or a comma-separated stack in one string.
func fontFamilyCSS(v any) (string, string) {
	var names []string
	switch x := v.(type) {
	case string:
		for n := range strings.SplitSeq(x, ",") {
			n = strings.TrimSpace(n)
			if len(n) >= 2 && (n[0] == '"' || n[0] == '\'') && n[len(n)-1] == n[0] {
				n = n[1 : len(n)-1]
			}
			names = append(names, n)
		}
	case []any:
		for _, e := range x {
			s, ok := e.(string)
			if !ok {
				return "", "a font family list holds only names (strings)"
			}
			names = append(names, s)
		}
	default:
		return "", fmt.Sprintf("%s is not a font family (a name or a list of names)", describe(v))
	}
	if len(names) == 0 || len(names) > maxListLen {
		return "", fmt.Sprintf("a font stack has 1 to %d names", maxListLen)
	}
	var b strings.Builder
	for i, n := range names {
		if !fontName(n) {
			return "", fmt.Sprintf("%s is not a valid font family name", describe(n))
		}
		if i > 0 {
			b.WriteString(", ")
		}
		if slices.Contains(genericFamilies, n) || plainIdent(n) {
			b.WriteString(n)
		} else {
			b.WriteString(`"` + n + `"`)
		}
	}
	return b.String(), ""
}

// fontName allows letters, digits, spaces, '-', '_' and '.', which covers
// real font names and keeps quoting trivial.
func fontName(s string) bool {
	if strings.TrimSpace(s) == "" || len(s) > 128 {
		return false
	}
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !strings.ContainsRune(" -_.", r) {
			return false
		}
	}
	return true
}

// plainIdent reports whether a family name can go unquoted: one ASCII
// identifier that is not a CSS-wide keyword.
func plainIdent(s string) bool {
	if s == "" || s[0] >= '0' && s[0] <= '9' || s[0] == '-' {
		return false
	}
	switch strings.ToLower(s) {
	case "inherit", "initial", "unset", "revert", "revert-layer", "default":
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

func cubicBezierCSS(v any) (string, bool) {
	a, ok := v.([]any)
	if !ok || len(a) != 4 {
		return "", false
	}
	parts := make([]string, 4)
	for i, e := range a {
		s, ok := numberCSS(e)
		if !ok {
			return "", false
		}
		if i%2 == 0 {
			if f, _ := e.(json.Number).Float64(); f < 0 || f > 1 {
				return "", false
			}
		}
		parts[i] = s
	}
	return "cubic-bezier(" + strings.Join(parts, ", ") + ")", true
}
