package token

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestResolveAliases(t *testing.T) {
	f := mustParse(t, `{
		"color": {
			"$type": "color",
			"blue": {"500": {"$value": "#3b82f6"}, "700": {"$value": "#1d4ed8"}},
			"primary": {"$value": "{color.blue.500}"},
			"link": {"$value": "{color.primary}"}
		},
		"space": {"$type": "dimension", "1": {"$value": "4px"}, "2": {"$value": "8px"}},
		"border": {"focus": {"$type": "border", "$value": {"width": "{space.1}", "style": "solid", "color": "{color.link}"}}},
		"shadow": {"card": {"$type": "shadow", "$value": [
			{"offsetX": "0", "offsetY": "{space.1}", "blur": "{space.2}", "color": "{color.blue.700}"},
			{"offsetX": "0", "offsetY": "1px", "color": "#0000001a", "inset": true}]}},
		"button": {"focus": {"$value": "{border.focus}"}}
	}`)
	r, err := Resolve(f)
	if err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]string{
		"color.primary": `"#3b82f6"`,
		"color.link":    `"#3b82f6"`, // nested: link → primary → blue.500
		"border.focus":  `{"color":"#3b82f6","style":"solid","width":"4px"}`,
		"shadow.card":   `[{"blur":"8px","color":"#1d4ed8","offsetX":"0","offsetY":"4px"},{"color":"#0000001a","inset":true,"offsetX":"0","offsetY":"1px"}]`,
		"button.focus":  `{"color":"#3b82f6","style":"solid","width":"4px"}`,
	} {
		rt, ok := r.Get(path)
		if !ok {
			t.Fatalf("%s missing", path)
		}
		got, _ := json.Marshal(rt.Value)
		if string(got) != want {
			t.Errorf("%s = %s, want %s", path, got, want)
		}
	}
	bf, _ := r.Get("button.focus")
	if bf.Type != TypeBorder || strings.Join(bf.Refs, ",") != "border.focus" {
		t.Errorf("button.focus: type %s refs %v", bf.Type, bf.Refs)
	}
	sc, _ := r.Get("shadow.card")
	if strings.Join(sc.Refs, ",") != "space.2,color.blue.700,space.1" {
		t.Errorf("shadow.card refs %v", sc.Refs)
	}
	// Authored values are left untouched by resolution.
	if tok, _ := f.Get("border.focus"); tok.Value.(map[string]any)["color"] != "{color.link}" {
		t.Error("resolution modified the file")
	}
}

func TestResolveErrors(t *testing.T) {
	for _, tc := range []struct {
		name, src, want string
	}{
		{"self cycle", `{"a": {"$value": "{a}"}}`, "a: alias cycle: a → a"},
		{"two-step cycle", `{"a": {"$value": "{b}"}, "b": {"$value": "{a}"}}`, "a: alias cycle: a → b → a"},
		{"three-step cycle", `{"x": {"$value": "{c.a}"}, "c": {"$type": "color", "a": {"$value": "{c.b}"}, "b": {"$value": "{c.c}"}, "c": {"$value": "{c.a}"}}}`,
			"c.a: alias cycle: c.a → c.b → c.c → c.a"},
		{"cycle entered late", `{"x": {"$value": "{b}"}, "a": {"$value": "{b}"}, "b": {"$value": "{a}"}}`,
			"a: alias cycle: a → b → a"},
		{"cycle through a composite", `{"b": {"$type": "border", "$value": {"width": "1px", "style": "solid", "color": "{c}"}}, "c": {"$value": "{b}"}}`,
			"b: alias cycle: b → c → b"},
		{"missing", `{"button": {"bg": {"$type": "color", "$value": "{color.nope}"}}}`,
			"button.bg: reference {color.nope} does not exist"},
		{"missing in composite", `{"b": {"$type": "border", "$value": {"width": "1px", "style": "solid", "color": "{color.nope}"}}}`,
			"b: $value.color: reference {color.nope} does not exist"},
		{"missing in shadow layer", `{"s": {"$type": "shadow", "$value": [{"offsetX": "0", "offsetY": "0", "color": "#000"}, {"offsetX": "{x}", "offsetY": "0", "color": "#000"}]}}`,
			"s: $value[1].offsetX: reference {x} does not exist"},
		{"group reference", `{"color": {"$type": "color", "blue": {"500": {"$value": "#00f"}}, "p": {"$value": "{color.blue}"}}}`,
			"color.p: reference {color.blue} is a group, not a token"},
		{"type mismatch", `{"space": {"4": {"$type": "dimension", "$value": "16px"}}, "bg": {"$type": "color", "$value": "{space.4}"}}`,
			"bg: reference {space.4} is a dimension token, expected color"},
		{"type mismatch in composite", `{"w": {"$type": "color", "$value": "#000"}, "b": {"$type": "border", "$value": {"width": "{w}", "style": "solid", "color": "#000"}}}`,
			"b: $value.width: reference {w} is a color token, expected dimension"},
		{"untyped target with a bad value", `{"raw": {"$value": "auto"}, "c": {"$type": "color", "$value": "{raw}"}}`,
			`c: $value: "auto" is not a supported colour: use #hex, rgb() or hsl()`},
		{"dependents stay quiet", `{"a": {"$value": "{missing}"}, "b": {"$value": "{a}"}, "c": {"$value": "{b}"}}`,
			"a: reference {missing} does not exist"},
		{"several", `{"a": {"$value": "{a}"}, "b": {"$value": "{nope}"}}`,
			"a: alias cycle: a → a; b: reference {nope} does not exist"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := mustParse(t, tc.src)
			r, err := Resolve(f)
			if err == nil {
				t.Fatal("Resolve succeeded")
			}
			if err.Error() != tc.want {
				t.Errorf("error\n got %s\nwant %s", err, tc.want)
			}
			if r == nil {
				t.Fatal("no partial result")
			}
		})
	}
}

func TestResolvePartial(t *testing.T) {
	f := mustParse(t, `{"ok": {"$value": "1px"}, "bad": {"$value": "{nope}"}, "alias": {"$value": "{ok}"}}`)
	r, err := Resolve(f)
	if err == nil {
		t.Fatal("want error")
	}
	if r.Len() != 2 {
		t.Fatalf("partial result has %d tokens, want 2", r.Len())
	}
	if _, ok := r.Get("alias"); !ok {
		t.Error("alias missing from the partial result")
	}
}

const themeBase = `{
	"color": {
		"$type": "color",
		"white": {"$value": "#ffffff"},
		"black": {"$value": "#000000"},
		"slate": {"100": {"$value": "#f1f5f9"}, "800": {"$value": "#1e293b"}, "900": {"$value": "#0f172a"}},
		"text": {"$value": "{color.slate.800}"},
		"background": {"$value": "{color.white}"}
	},
	"space": {"$type": "dimension", "2": {"$value": "0.5rem"}},
	"button": {"text": {"$value": "{color.text}"}, "padding": {"$value": "{space.2}"}}
}`

func themeSystem(t *testing.T, dark, hc string) *System {
	t.Helper()
	s := &System{Tokens: mustParse(t, themeBase), Themes: map[string]*File{}}
	if dark != "" {
		s.Themes[ThemeDark] = mustParse(t, dark)
	}
	if hc != "" {
		s.Themes[ThemeHighContrast] = mustParse(t, hc)
	}
	return s
}

func TestThemeOverrides(t *testing.T) {
	s := themeSystem(t,
		`{"color": {"text": {"$value": "{color.slate.100}"}, "background": {"$value": "{color.slate.900}"}}}`,
		`{"color": {"text": {"$value": "#000"}}, "focus": {"$type": "color", "$value": "{color.black}"}}`)
	want := map[string]map[string]string{
		"light":         {"color.text": "#1e293b", "color.background": "#ffffff", "button.text": "#1e293b"},
		"dark":          {"color.text": "#f1f5f9", "color.background": "#0f172a", "button.text": "#f1f5f9"},
		"high-contrast": {"color.text": "#000", "color.background": "#ffffff", "button.text": "#000", "focus": "#000000"},
	}
	for theme, vals := range want {
		r, err := s.Resolve(theme)
		if err != nil {
			t.Fatalf("%s: %v", theme, err)
		}
		for p, v := range vals {
			rt, ok := r.Get(p)
			if !ok || rt.Value != v {
				t.Errorf("%s %s = %v, want %s", theme, p, rt, v)
			}
		}
		if theme == "dark" {
			if rt, _ := r.Get("color.text"); rt.Theme != "dark" || rt.Type != TypeColor {
				t.Errorf("dark color.text: theme %q type %q", rt.Theme, rt.Type)
			}
			if rt, _ := r.Get("button.text"); rt.Theme != "" {
				t.Errorf("button.text theme %q, want base", rt.Theme)
			}
		}
	}
	r, _ := s.Resolve("high-contrast")
	var paths []string
	for _, rt := range r.Tokens() {
		paths = append(paths, rt.Path)
	}
	if got := strings.Join(paths, " "); !strings.HasSuffix(got, "button.padding focus") || !strings.HasPrefix(got, "color.white") {
		t.Errorf("order: %s", got)
	}
	if _, err := s.Resolve(""); err != nil {
		t.Errorf("default theme: %v", err)
	}
	if _, err := s.Resolve("sepia"); err == nil || err.Error() != `theme "sepia": (root): unknown theme` {
		t.Errorf("unknown theme: %v", err)
	}
}

func TestThemeErrors(t *testing.T) {
	for _, tc := range []struct{ name, dark, want string }{
		{"type change", `{"color": {"text": {"$type": "dimension", "$value": "1px"}}}`,
			`theme "dark": color.text: $type dimension differs from the base set's color`},
		{"untyped override checked against base type", `{"color": {"text": {"$value": "1px"}}}`,
			`theme "dark": color.text: $value: "1px" is not a supported colour: use #hex, rgb() or hsl()`},
		{"missing reference", `{"color": {"text": {"$value": "{color.slate.50}"}}}`,
			`theme "dark": color.text: reference {color.slate.50} does not exist`},
		{"cycle across files", `{"color": {"slate": {"800": {"$value": "{color.text}"}}}}`,
			`theme "dark": color.slate.800: alias cycle: color.slate.800 → color.text → color.slate.800`},
		{"token over a group", `{"color": {"slate": {"$type": "color", "$value": "#000"}}}`,
			`theme "dark": color.slate: is a group in the base set, not a token`},
		{"group over a token", `{"color": {"text": {"x": {"$type": "color", "$value": "#000"}}}}`,
			`theme "dark": color.text.x: cannot be defined: color.text is a token in the base set, not a group`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := themeSystem(t, tc.dark, "")
			_, err := s.Resolve(ThemeDark)
			if err == nil || err.Error() != tc.want {
				t.Errorf("error\n got %v\nwant %s", err, tc.want)
			}
			if err := s.Validate(); err == nil || err.Error() != tc.want {
				t.Errorf("Validate: %v", err)
			}
		})
	}
}
