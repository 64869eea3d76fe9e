package token

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Color is an sRGB colour with straight (not premultiplied) alpha; every
// channel is in [0, 1].
type Color struct{ R, G, B, A float64 }

// ParseColor reads the colour syntaxes Pagewright can check for contrast:
// #rgb, #rgba, #rrggbb, #rrggbbaa, rgb()/rgba() and hsl()/hsla() in both the
// comma and the space-separated forms, and "transparent". Anything else
// (named colours, oklch(), color-mix()) is an error, because a colour the
// engine cannot read is a colour whose contrast it cannot vouch for.
func ParseColor(s string) (Color, error) {
	in := strings.ToLower(strings.TrimSpace(s))
	switch {
	case in == "transparent":
		return Color{}, nil
	case strings.HasPrefix(in, "#"):
		if c, ok := parseHex(in[1:]); ok {
			return c, nil
		}
		return Color{}, fmt.Errorf("%s is not a hex colour (#rgb, #rgba, #rrggbb or #rrggbbaa)", describe(s))
	case strings.HasPrefix(in, "rgb(") || strings.HasPrefix(in, "rgba("):
		if c, ok := parseFunc(in, false); ok {
			return c, nil
		}
		return Color{}, fmt.Errorf("%s is not a valid rgb() colour", describe(s))
	case strings.HasPrefix(in, "hsl(") || strings.HasPrefix(in, "hsla("):
		if c, ok := parseFunc(in, true); ok {
			return c, nil
		}
		return Color{}, fmt.Errorf("%s is not a valid hsl() colour", describe(s))
	}
	return Color{}, fmt.Errorf("%s is not a supported colour: use #hex, rgb() or hsl()", describe(s))
}

func parseHex(h string) (Color, bool) {
	var n [4]uint64
	switch len(h) {
	case 3, 4:
		for i := range len(h) {
			v, err := strconv.ParseUint(h[i:i+1], 16, 8)
			if err != nil {
				return Color{}, false
			}
			n[i] = v * 17
		}
		if len(h) == 3 {
			n[3] = 255
		}
	case 6, 8:
		for i := 0; i < len(h); i += 2 {
			v, err := strconv.ParseUint(h[i:i+2], 16, 8)
			if err != nil {
				return Color{}, false
			}
			n[i/2] = v
		}
		if len(h) == 6 {
			n[3] = 255
		}
	default:
		return Color{}, false
	}
	return Color{float64(n[0]) / 255, float64(n[1]) / 255, float64(n[2]) / 255, float64(n[3]) / 255}, true
}

// parseFunc reads rgb()/rgba()/hsl()/hsla() arguments, either
// "r, g, b[, a]" or "r g b[ / a]".
func parseFunc(s string, hsl bool) (Color, bool) {
	open := strings.IndexByte(s, '(')
	if !strings.HasSuffix(s, ")") {
		return Color{}, false
	}
	body := s[open+1 : len(s)-1]
	var args []string
	alpha := ""
	if strings.Contains(body, ",") {
		args = strings.Split(body, ",")
		if len(args) == 4 {
			alpha = args[3]
			args = args[:3]
		}
	} else {
		main, a, hasSlash := strings.Cut(body, "/")
		if hasSlash {
			alpha = a
			if strings.TrimSpace(a) == "" {
				return Color{}, false
			}
		}
		args = strings.Fields(main)
	}
	if len(args) != 3 {
		return Color{}, false
	}
	var c Color
	if hsl {
		h, ok := hue(strings.TrimSpace(args[0]))
		sat, ok2 := percentOrNumber(strings.TrimSpace(args[1]), 100)
		light, ok3 := percentOrNumber(strings.TrimSpace(args[2]), 100)
		if !ok || !ok2 || !ok3 {
			return Color{}, false
		}
		c = hslToRGB(h, sat, light)
	} else {
		var ch [3]float64
		for i, a := range args {
			v, ok := percentOrNumber(strings.TrimSpace(a), 255)
			if !ok {
				return Color{}, false
			}
			ch[i] = v
		}
		c = Color{ch[0], ch[1], ch[2], 1}
	}
	c.A = 1
	if alpha != "" {
		a, ok := percentOrNumber(strings.TrimSpace(alpha), 1)
		if !ok {
			return Color{}, false
		}
		c.A = a
	}
	return c, true
}

// percentOrNumber reads "50%" or a number on a scale of max, as a fraction
// in [0, 1]; values outside the range are errors rather than clamped, since
// in a token file they are mistakes.
func percentOrNumber(s string, scale float64) (float64, bool) {
	if p, ok := strings.CutSuffix(s, "%"); ok {
		if !cssNumber(p) {
			return 0, false
		}
		f, _ := strconv.ParseFloat(p, 64)
		return f / 100, f >= 0 && f <= 100
	}
	if !cssNumber(s) {
		return 0, false
	}
	f, _ := strconv.ParseFloat(s, 64)
	return f / scale, f >= 0 && f <= scale
}

func hue(s string) (float64, bool) {
	s = strings.TrimSuffix(s, "deg")
	if !cssNumber(s) {
		return 0, false
	}
	f, _ := strconv.ParseFloat(s, 64)
	if math.IsInf(f, 0) {
		return 0, false
	}
	f = math.Mod(f, 360)
	if f < 0 {
		f += 360
	}
	return f, true
}

// hslToRGB is the CSS Color 4 algorithm; s and l are fractions.
func hslToRGB(h, s, l float64) Color {
	f := func(n float64) float64 {
		k := math.Mod(n+h/30, 12)
		a := s * math.Min(l, 1-l)
		return l - a*math.Max(-1, math.Min(math.Min(k-3, 9-k), 1))
	}
	return Color{f(0), f(8), f(4), 1}
}

// colorOf reads a color token value: a string, or the DTCG object form
// {"colorSpace": "srgb"|"hsl", "components": […], "alpha": 1, "hex": "#…"}.
func colorOf(v any) (Color, error) {
	switch x := v.(type) {
	case string:
		return ParseColor(x)
	case map[string]any:
		return colorObject(x)
	}
	return Color{}, fmt.Errorf("%s is not a colour", describe(v))
}

func colorObject(m map[string]any) (Color, error) {
	for k := range m {
		switch k {
		case "colorSpace", "components", "alpha", "hex":
		default:
			return Color{}, fmt.Errorf("unknown colour property %s", strconv.Quote(k))
		}
	}
	space, _ := m["colorSpace"].(string)
	comps, ok := m["components"].([]any)
	if space != "srgb" && space != "hsl" {
		return Color{}, fmt.Errorf("colorSpace %s is not supported (srgb or hsl)", describe(m["colorSpace"]))
	}
	if !ok || len(comps) != 3 {
		return Color{}, fmt.Errorf("components must be three numbers")
	}
	var n [3]float64
	for i, c := range comps {
		num, isNum := c.(json.Number)
		if !isNum || !cssNumber(num.String()) {
			return Color{}, fmt.Errorf("components must be three numbers")
		}
		n[i], _ = num.Float64()
	}
	a := 1.0
	if av, present := m["alpha"]; present {
		num, isNum := av.(json.Number)
		if !isNum || !cssNumber(num.String()) {
			return Color{}, fmt.Errorf("alpha must be a number between 0 and 1")
		}
		a, _ = num.Float64()
		if a < 0 || a > 1 {
			return Color{}, fmt.Errorf("alpha must be a number between 0 and 1")
		}
	}
	if hx, present := m["hex"]; present {
		s, isStr := hx.(string)
		if c, okHex := parseHex(strings.TrimPrefix(strings.ToLower(s), "#")); !isStr || !okHex || len(s) != 7 {
			return Color{}, fmt.Errorf("hex must be #rrggbb")
		} else if space == "srgb" {
			c.A = a
			return c, nil
		}
	}
	if space == "hsl" {
		if n[1] < 0 || n[1] > 100 || n[2] < 0 || n[2] > 100 {
			return Color{}, fmt.Errorf("hsl saturation and lightness are 0–100")
		}
		h, _ := hue(strconv.FormatFloat(n[0], 'f', -1, 64))
		c := hslToRGB(h, n[1]/100, n[2]/100)
		c.A = a
		return c, nil
	}
	for _, f := range n {
		if f < 0 || f > 1 {
			return Color{}, fmt.Errorf("srgb components are 0–1")
		}
	}
	return Color{n[0], n[1], n[2], a}, nil
}

// colorCSS writes a colour value: strings as authored (already validated),
// objects as their hex or rgb().
func colorCSS(v any) (string, bool) {
	if s, ok := v.(string); ok {
		if _, err := ParseColor(s); err != nil {
			return "", false
		}
		return strings.TrimSpace(s), true
	}
	c, err := colorOf(v)
	if err != nil {
		return "", false
	}
	return c.String(), true
}

// String formats the colour as #rrggbb, or #rrggbbaa when translucent.
func (c Color) String() string {
	b := func(f float64) int { return int(math.Round(math.Max(0, math.Min(1, f)) * 255)) }
	if b(c.A) == 255 {
		return fmt.Sprintf("#%02x%02x%02x", b(c.R), b(c.G), b(c.B))
	}
	return fmt.Sprintf("#%02x%02x%02x%02x", b(c.R), b(c.G), b(c.B), b(c.A))
}

// Over composites c over an opaque background (source-over), which is
// what a reader sees when a translucent colour sits on a surface.
func (c Color) Over(bg Color) Color {
	mix := func(f, b float64) float64 { return f*c.A + b*(1-c.A) }
	return Color{mix(c.R, bg.R), mix(c.G, bg.G), mix(c.B, bg.B), 1}
}

// Luminance is the WCAG 2.2 relative luminance of the colour's RGB (alpha
// ignored; composite first with Over). WCAG 2.2 uses the sRGB threshold
// 0.04045, correcting the 0.03928 of earlier versions.
func (c Color) Luminance() float64 {
	lin := func(v float64) float64 {
		if v <= 0.04045 {
			return v / 12.92
		}
		return math.Pow((v+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(c.R) + 0.7152*lin(c.G) + 0.0722*lin(c.B)
}

// ContrastRatio is the WCAG contrast ratio of a foreground on a background,
// from 1 to 21. A translucent background is first composited over white and
// a translucent foreground over the background.
func ContrastRatio(fg, bg Color) float64 {
	if bg.A < 1 {
		bg = bg.Over(Color{1, 1, 1, 1})
	}
	if fg.A < 1 {
		fg = fg.Over(bg)
	}
	l1, l2 := fg.Luminance(), bg.Luminance()
	if l1 < l2 {
		l1, l2 = l2, l1
	}
	return (l1 + 0.05) / (l2 + 0.05)
}

// Level is a WCAG conformance level for a contrast ratio.
type Level string

// The levels, from best to worst. AA-large (3:1) is also the WCAG 1.4.11
// threshold for non-text contrast: borders of inputs and focus indicators.
const (
	LevelAAA     Level = "AAA"      // ≥ 7:1
	LevelAA      Level = "AA"       // ≥ 4.5:1
	LevelAALarge Level = "AA-large" // ≥ 3:1
	LevelFail    Level = "fail"
)

// LevelOf classifies a contrast ratio. The ratio is compared unrounded, as
// WCAG requires: 4.499 is not 4.5.
func LevelOf(ratio float64) Level {
	switch {
	case ratio >= 7:
		return LevelAAA
	case ratio >= 4.5:
		return LevelAA
	case ratio >= 3:
		return LevelAALarge
	}
	return LevelFail
}

// Meets reports whether level l is at least need.
func (l Level) Meets(need Level) bool { return l.rank() >= need.rank() }

func (l Level) rank() int {
	switch l {
	case LevelAAA:
		return 3
	case LevelAA:
		return 2
	case LevelAALarge:
		return 1
	}
	return 0
}

// Pair is a foreground/background combination the design system promises
// is readable, and the level it needs.
type Pair struct {
	Foreground, Background string
	Need                   Level
}

// DefaultPairs are the semantic combinations Pagewright's components use.
// Pairs whose tokens a system does not define are skipped, so a custom
// system is checked on whatever part of this vocabulary it adopts.
var DefaultPairs = func() []Pair {
	var ps []Pair
	backgrounds := []string{"color.background.default", "color.background.subtle", "color.background.raised"}
	for _, fg := range []string{"color.text.default", "color.text.muted", "color.text.strong", "color.link", "color.link-hover"} {
		for _, bg := range backgrounds {
			ps = append(ps, Pair{fg, bg, LevelAA})
		}
	}
	ps = append(ps,
		Pair{"color.text.inverse", "color.background.inverse", LevelAA},
		Pair{"color.on-primary", "color.primary", LevelAA},
		Pair{"color.on-primary", "color.primary-hover", LevelAA},
		Pair{"color.primary", "color.background.default", LevelAA},
	)
	for _, s := range []string{"success", "warning", "danger", "info"} {
		ps = append(ps,
			Pair{"color.on-" + s, "color." + s, LevelAA},
			Pair{"color." + s, "color.background.default", LevelAA},
			Pair{"color." + s, "color." + s + "-subtle", LevelAA},
			Pair{"color.text.default", "color." + s + "-subtle", LevelAA},
		)
	}
	for _, bg := range backgrounds {
		ps = append(ps,
			Pair{"color.border.strong", bg, LevelAALarge},
			Pair{"color.focus-ring", bg, LevelAALarge},
		)
	}
	return ps
}()

// Finding is the contrast of one pair in one theme.
type Finding struct {
	Theme      string
	Foreground string // token paths
	Background string
	Ratio      float64
	Level      Level
	Need       Level
}

// OK reports whether the pair reaches the level it needs.
func (f Finding) OK() bool { return f.Level.Meets(f.Need) }

// String formats the finding for logs and save warnings.
func (f Finding) String() string {
	verdict := "ok"
	if !f.OK() {
		verdict = "needs " + string(f.Need)
	}
	return fmt.Sprintf("%s: %s on %s = %.2f:1 (%s, %s)", f.Theme, f.Foreground, f.Background, f.Ratio, f.Level, verdict)
}

// CheckContrast measures every pair of s.ContrastPairs (DefaultPairs when
// nil) in every theme, in theme order then pair order. A pair is skipped
// where either token is missing, does not resolve, or is not a colour; a
// translucent background is composited over the theme's
// color.background.default (or white). Use Warnings for the failures.
func CheckContrast(s *System) []Finding {
	pairs := s.ContrastPairs
	if pairs == nil {
		pairs = DefaultPairs
	}
	var out []Finding
	for _, theme := range s.ThemeNames() {
		r, _ := s.Resolve(theme) // a partial result still has the pairs that resolved
		if r == nil {
			continue
		}
		page := Color{1, 1, 1, 1}
		if c, ok := r.color("color.background.default"); ok {
			page = c
			if page.A < 1 {
				page = page.Over(Color{1, 1, 1, 1})
			}
		}
		for _, p := range pairs {
			fg, ok := r.color(p.Foreground)
			bg, ok2 := r.color(p.Background)
			if !ok || !ok2 {
				continue
			}
			if bg.A < 1 {
				bg = bg.Over(page)
			}
			ratio := ContrastRatio(fg, bg)
			out = append(out, Finding{Theme: theme, Foreground: p.Foreground, Background: p.Background,
				Ratio: ratio, Level: LevelOf(ratio), Need: p.Need})
		}
	}
	return out
}

// Warnings returns the findings that miss their level, to show on save.
func Warnings(findings []Finding) []Finding {
	var out []Finding
	for _, f := range findings {
		if !f.OK() {
			out = append(out, f)
		}
	}
	return out
}
