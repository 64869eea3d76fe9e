package token

import (
	"strings"
	"testing"
)

func TestCSSGolden(t *testing.T) {
	themed := themeSystem(t,
		`{"color": {"text": {"$value": "{color.slate.100}"}, "background": {"$value": "{color.slate.900}"}}}`,
		`{"color": {"text": {"$value": "{color.black}"}}}`)
	composite := &System{Tokens: mustParse(t, `{
		"color": {"$type": "color", "ink": {"$value": "rgb(15 23 42 / 0.2)"}, "line": {"$value": "hsl(215, 16%, 47%)"}},
		"font": {"family": {"$type": "fontFamily", "body": {"$value": ["Atkinson Hyperlegible", "system-ui", "sans-serif"]}},
		         "size": {"$type": "dimension", "md": {"$value": {"value": 1.125, "unit": "rem"}}},
		         "weight": {"$type": "fontWeight", "bold": {"$value": "bold"}}},
		"shadow": {"$type": "shadow", "inner": {"$value": {"offsetX": "0", "offsetY": "1px", "blur": "2px", "color": "{color.ink}", "inset": true}}},
		"border": {"$type": "border", "hairline": {"$value": {"width": "1px", "style": "dashed", "color": "{color.line}"}}},
		"typography": {"$type": "typography", "lead": {"$value": {"fontFamily": "{font.family.body}", "fontSize": "{font.size.md}", "fontWeight": "{font.weight.bold}", "lineHeight": 1.6, "letterSpacing": "0.01em"}}},
		"motion": {"$type": "transition", "fade": {"$value": {"duration": "150ms", "timingFunction": [0.4, 0, 0.2, 1]}}},
		"gradient": {"$type": "gradient", "hero": {"$value": [{"color": "{color.line}", "position": 0}, {"color": "#ffffff", "position": 0.75}]}},
		"meta": {"$value": {"not": "css"}},
		"layout": {"max": {"$value": "calc(100% - 2rem)"}}
	}`)}
	for name, s := range map[string]*System{"default.css": Default(), "themed.css": themed, "composite.css": composite} {
		t.Run(name, func(t *testing.T) {
			css, err := s.CSS()
			if err != nil {
				t.Fatal(err)
			}
			golden(t, name, css)
			again, _ := s.CSS()
			if string(again) != string(css) {
				t.Error("CSS is not deterministic")
			}
		})
	}
}

func TestCSSThemes(t *testing.T) {
	s := themeSystem(t,
		`{"color": {"text": {"$value": "{color.slate.100}"}, "background": {"$value": "{color.slate.900}"}}}`, "")
	b, err := s.CSS()
	if err != nil {
		t.Fatal(err)
	}
	css := string(b)
	blocks := map[string]string{}
	for _, part := range strings.SplitAfter(css, "}\n") {
		if sel, body, ok := strings.Cut(part, " {\n"); ok {
			blocks[strings.TrimSpace(sel)] += body
		}
	}
	dark := blocks[`[data-theme="dark"]`]
	// The override, and the component that aliases it (re-declared so a
	// nested data-theme recomputes it), but not unchanged tokens.
	for _, want := range []string{"--pw-color-text: var(--pw-color-slate-100);", "--pw-button-text: var(--pw-color-text);", "color-scheme: dark;"} {
		if !strings.Contains(dark, want) {
			t.Errorf("dark block lacks %q:\n%s", want, dark)
		}
	}
	if strings.Contains(dark, "--pw-button-padding") || strings.Contains(dark, "--pw-color-white") {
		t.Errorf("dark block repeats unchanged tokens:\n%s", dark)
	}
	light := blocks[`[data-theme="light"]`]
	if !strings.Contains(light, "--pw-color-text: var(--pw-color-slate-800);") || !strings.Contains(light, "--pw-button-text: var(--pw-color-text);") {
		t.Errorf("light block:\n%s", light)
	}
	media := css[strings.Index(css, "@media (prefers-color-scheme: dark)"):]
	if !strings.Contains(media, ":root:not([data-theme]) {") || !strings.Contains(media, "--pw-color-text: var(--pw-color-slate-100);") ||
		strings.Contains(media, "--pw-button-text") {
		t.Errorf("media block (direct overrides only):\n%s", media)
	}
	if strings.Contains(css, "prefers-contrast") {
		t.Error("prefers-contrast block without a high-contrast theme")
	}
	plain := &System{Tokens: mustParse(t, themeBase)}
	b, _ = plain.CSS()
	if strings.Contains(string(b), "data-theme") || strings.Count(string(b), "{") != 1 {
		t.Errorf("single-theme CSS has extra blocks:\n%s", b)
	}
}

func TestCSSInclude(t *testing.T) {
	s := &System{Tokens: mustParse(t, themeBase)}
	b, err := s.CSSWith(CSSOptions{Include: func(p string) bool { return strings.HasPrefix(p, "button.") }})
	if err != nil {
		t.Fatal(err)
	}
	want := ":root {\n  color-scheme: light;\n  --pw-button-text: #1e293b;\n  --pw-button-padding: 0.5rem;\n}\n"
	if string(b) != want {
		t.Errorf("got\n%s\nwant\n%s", b, want)
	}
}

func TestCSSErrors(t *testing.T) {
	s := themeSystem(t, `{"color": {"text": {"$value": "{nope}"}}}`, "")
	if _, err := s.CSS(); err == nil || err.Error() != `theme "dark": color.text: reference {nope} does not exist` {
		t.Errorf("err = %v", err)
	}
	bad := &System{Tokens: mustParse(t, `{}`), Themes: map[string]*File{"Dark Mode": mustParse(t, `{}`)}}
	if _, err := bad.CSS(); err == nil || err.Error() != `theme "Dark Mode": (root): theme names use a-z, 0-9 and '-' (at most 32)` {
		t.Errorf("err = %v", err)
	}
	if _, err := (&System{}).CSS(); err == nil {
		t.Error("no tokens: want error")
	}
}

func TestRef(t *testing.T) {
	for path, want := range map[string]string{
		"color.text.default":  "var(--pw-color-text-default)",
		"font.size.2xl":       "var(--pw-font-size-2xl)",
		"Brand Colours.Teal":  "var(--pw-Brand-Colours-Teal)",
		"space.0_5":           "var(--pw-space-0_5)",
		"colour.ünïcode":      "var(--pw-colour-ünïcode)",
		"x.a</style>":         "var(--pw-x-a--style-)",
		"button.primary.text": "var(--pw-button-primary-text)",
	} {
		if got := Ref(path); got != want {
			t.Errorf("Ref(%q) = %s, want %s", path, got, want)
		}
	}
	s := Default()
	s.Tokens = mustParse(t, `{"a": {"$value": "{b}"}, "b": {"$value": {"x": 1}}, "c": {"$value": "{d}"}, "d": {"$value": 2}, "e": {"$value": "{zz}"}}`)
	for path, want := range map[string]bool{"a": false, "b": false, "c": true, "d": true, "e": false, "zz": false} {
		if got := s.ValidRef(path); got != want {
			t.Errorf("ValidRef(%q) = %v", path, got)
		}
	}
	d := Default()
	for path, want := range map[string]bool{"color.text.default": true, "typography.body": true, "color.text": false, "nope": false} {
		if got := d.ValidRef(path); got != want {
			t.Errorf("default ValidRef(%q) = %v", path, got)
		}
	}
	r, _ := d.Resolve(ThemeDark)
	if !r.ValidRef("color.text.default") || r.ValidRef("color.text") {
		t.Error("Resolved.ValidRef")
	}
}
