package token

import (
	"math"
	"strconv"
	"strings"
	"testing"
)

func TestDefaultsValid(t *testing.T) {
	s := Default()
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	if w := s.Lint(); len(w) != 0 {
		t.Errorf("the default set has lint warnings: %v", w)
	}
	if got := s.ThemeNames(); strings.Join(got, ",") != "light,dark,high-contrast" {
		t.Errorf("themes %v", got)
	}
	want := []Breakpoint{{"sm", 640}, {"md", 768}, {"lg", 1024}, {"xl", 1280}}
	if len(s.Breakpoints) != len(want) {
		t.Fatalf("breakpoints %v", s.Breakpoints)
	}
	for i := range want {
		if s.Breakpoints[i] != want[i] {
			t.Errorf("breakpoint %d = %v, want %v", i, s.Breakpoints[i], want[i])
		}
	}
	// Default returns an independent System each time.
	s.Themes["sepia"] = nil
	if _, ok := Default().Themes["sepia"]; ok {
		t.Error("Default shares its themes map")
	}
}

// TestDefaultsPassAA is the promise of the default set: every semantic
// text/background pair is readable in every theme, and high contrast
// reaches AAA for text.
func TestDefaultsPassAA(t *testing.T) {
	s := Default()
	findings := CheckContrast(s)
	if len(findings) != 3*len(DefaultPairs) {
		t.Errorf("%d findings, want every pair in every theme (%d)", len(findings), 3*len(DefaultPairs))
	}
	for _, f := range findings {
		if !f.OK() {
			t.Errorf("fails: %s", f)
		}
		if f.Theme == ThemeHighContrast && f.Need == LevelAA && f.Level != LevelAAA {
			t.Errorf("high contrast below AAA: %s", f)
		}
	}
}

func TestDefaultsContent(t *testing.T) {
	s := Default()
	r, err := s.Resolve("")
	if err != nil {
		t.Fatal(err)
	}
	for _, hue := range []string{"teal", "slate", "red", "amber", "green", "blue"} {
		for _, step := range []string{"50", "100", "200", "300", "400", "500", "600", "700", "800", "900"} {
			if _, ok := r.Get("color." + hue + "." + step); !ok {
				t.Errorf("color.%s.%s missing", hue, step)
			}
		}
	}
	for _, p := range []string{"color.text.default", "color.text.muted", "color.text.strong", "color.text.inverse",
		"color.background.default", "color.background.subtle", "color.background.raised", "color.border.default",
		"color.primary", "color.on-primary", "color.success", "color.warning", "color.danger", "color.info",
		"color.focus-ring", "color.link", "font.family.sans", "font.family.serif", "font.family.mono",
		"font.weight.bold", "font.line-height.normal", "radius.md", "shadow.md", "duration.normal", "typography.body",
		"button.primary.background", "card.shadow"} {
		if _, ok := r.Get(p); !ok {
			t.Errorf("%s missing", p)
		}
	}
	for i := range 17 {
		rt, ok := r.Get("space." + strconv.Itoa(i))
		if !ok {
			t.Fatalf("space.%d missing", i)
		}
		want := strconv.FormatFloat(float64(i)*0.25, 'f', -1, 64) + "rem"
		if i == 0 {
			want = "0"
		}
		if rt.Value != want {
			t.Errorf("space.%d = %v, want %s (4px grid)", i, rt.Value, want)
		}
	}
	// Font sizes form a modular scale (1.2, rounded to 3 decimals).
	var prev float64
	for _, n := range []string{"xs", "sm", "base", "lg", "xl", "2xl", "3xl", "4xl"} {
		rt, _ := r.Get("font.size." + n)
		v, err := strconv.ParseFloat(strings.TrimSuffix(rt.Value.(string), "rem"), 64)
		if err != nil {
			t.Fatal(err)
		}
		if prev != 0 && math.Abs(v/prev-1.2) > 0.002 {
			t.Errorf("font.size.%s / previous = %.4f, want 1.2", n, v/prev)
		}
		prev = v
	}
	// Themes override the semantic tier only.
	for _, name := range []string{ThemeDark, ThemeHighContrast} {
		for _, tok := range s.Themes[name].Tokens() {
			if tier := s.Tier(tok.Path); tier != TierSemantic {
				t.Errorf("%s overrides %s, a %s token", name, tok.Path, tier)
			}
		}
	}
	if DefaultJSON("sepia") != nil || len(DefaultJSON("")) == 0 || len(DefaultJSON(ThemeHighContrast)) == 0 {
		t.Error("DefaultJSON")
	}
}
